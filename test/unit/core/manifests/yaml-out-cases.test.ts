/** Regenerating over files a person edited in unusual ways: duplicated documents, a document that is a list. */
import { describe, expect, it } from 'vitest';
import { writeYamlDocs } from '../../../../main/core/manifests/yaml-out';

const cm = (name: string, data: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

describe('regenerating over unusual previous files', () => {
  it('a document a person duplicated: the first copy keeps its comments, the second is dropped', () => {
    const doc = (note: string) => `# ${note}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\ndata:\n  k: old\n`;
    const out = writeYamlDocs([cm('a', { k: 'new' })], { previous: `${doc('first copy')}---\n${doc('second copy')}` });
    expect(out).toBe('# first copy\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\ndata:\n  k: new\n');
  });

  it('a previous document that is not a map is not merged into: the object is written fresh', () => {
    expect(writeYamlDocs([{ a: 1 }], { previous: '- x\n- y\n' })).toBe('a: 1\n');
  });
});
