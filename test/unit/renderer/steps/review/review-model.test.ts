import { generateWithPlan } from '../../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import { fileTree, findingsByFile } from '../../../../../renderer/steps/review/review-model';
import { lintFiles } from '../../../../../main/core/manifests/lint';
import { twoNodeSite } from '../../../../helpers/manifest-sites';

describe('review model', () => {
  it('lists folders before their files with depth', () => {
    const tree = fileTree(['sites/a/site.yaml', 'sites/a/hosts/esx01/kustomization.yaml']);
    expect(tree.map((e) => `${'  '.repeat(e.depth)}${e.name}${e.dir ? '/' : ''}`)).toEqual(['sites/', '  a/', '    hosts/', '      esx01/', '        kustomization.yaml', '    site.yaml']);
  });

  it('marks files with open findings', () => {
    const site = twoNodeSite();
    const marks = findingsByFile(lintFiles(generateWithPlan(site), { site }));
    expect(marks.get('sites/depot-7/hosts/esx01/module-settings.yaml')).toEqual({ errors: 0, warnings: 1 });
  });
});
