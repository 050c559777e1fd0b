/** Identifier shapes with text around them, default file names, equal product-name matches, module keys, CPU reasons. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateCompatList } from '../../../../main/core/hardware/list';
import { findModel } from '../../../../main/core/hardware/matching';
import { describeFinding } from '../../../../main/core/hardware/messages';
import { actionKey } from '../../../../main/core/hardware/verdict';
import { COMPAT_LIST_PATH, shippedList } from '../../../helpers/hardware';

const text = readFileSync(COMPAT_LIST_PATH, 'utf8');
type Raw = Record<string, any>;
const small = (): Raw => {
  const l = JSON.parse(text) as Raw;
  l.pciNics = l.pciNics.slice(0, 1);
  l.usbNics = l.usbNics.slice(0, 1);
  l.hostModels = l.hostModels.slice(0, 1);
  return l;
};
const paths = (edit: (l: Raw) => void) => {
  const l = small();
  edit(l);
  const r = validateCompatList(l);
  return r.ok ? [] : (r.error.issues ?? []).map((i) => i.path);
};

describe('identifiers with text around them are refused', () => {
  const cases: readonly (readonly [string, (l: Raw) => void, string])[] = [
    ['a Fling build id with a space', (l) => (l.flingBuilds[0].id = 'abc def'), 'flingBuilds[0].id'],
    ['a release date with text after it', (l) => (l.flingBuilds[0].releaseDate = '2024-01-01x'), 'flingBuilds[0].releaseDate'],
    ['a Fling VIB name starting with a dash', (l) => (l.flingBuilds[0].vib = '-vmkusb'), 'flingBuilds[0].vib'],
    ['a Fling VIB name with a space', (l) => (l.flingBuilds[0].vib = 'vmkusb nic'), 'flingBuilds[0].vib'],
    ['a driver VIB name with a space', (l) => (l.pciNics[0].support['9.0'].vib = 'if-re x'), 'pciNics[0].support.9.0.vib'],
    ['a PCI family id with a space', (l) => (l.pciNics[0].id = 'intel igc'), 'pciNics[0].id'],
    ['a quirk id with a space', (l) => (l.quirks[0].id = 'hybrid cores'), 'quirks[0].id'],
    ['a model id starting with a space', (l) => (l.hostModels[0].id = ' nuc'), 'hostModels[0].id'],
    ['a model id with a space', (l) => (l.hostModels[0].id = 'nuc 8'), 'hostModels[0].id'],
    ['a list version with text before it', (l) => (l.listVersion = 'v2026.11.1'), 'listVersion'],
    ['a data date with text after it', (l) => (l.dataDate = '2026-11-01x'), 'dataDate'],
  ];
  for (const [what, edit, path] of cases) it(`refuses ${what}`, () => expect(paths(edit)).toContain(path));

  it('accepts a numbered depot file whose parts have several digits', () => {
    expect(paths((l) => (l.releases[5].baseDepot.file = 'VMware-ESXi-10.10.10.10.24755229-depot.zip'))).toEqual([]);
  });
});

describe('small things a technician would see', () => {
  it('a list checked without a file name is called compat-list.json', () => {
    const bad = small();
    bad.listVersion = 'x';
    const r = validateCompatList(bad);
    expect(!r.ok && r.error.file).toBe('compat-list.json');
    expect(!r.ok && r.error.message).toMatch(/^compat-list\.json is not a valid compatibility list/);
  });

  it('between equally long product-name matches the first model in the list wins', () => {
    const list = shippedList();
    const nuc13 = list.hostModels.find((m) => m.id === 'intel-nuc13anh')!;
    const a = { ...nuc13, id: 'first', productMatch: ['nuc13'] };
    const b = { ...nuc13, id: 'second', productMatch: ['nuc13'] };
    expect(findModel({ ...list, hostModels: [a, b] }, 'NUC13ANHi7')?.id).toBe('first');
  });

  it('settings of two modules are two actions', () => {
    expect(actionKey({ kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'a=1' })).not.toBe(actionKey({ kind: 'module-setting', module: 'nmlx5_core', options: 'a=1' }));
  });

  it('a CPU judged by its thread count says so', () => {
    expect(describeFinding({ severity: 'info', code: 'cpu-quirk-by-inventory', params: { quirk: 'hybrid-cores', cpu: 'i7-1360P', counts: '12 cores, 16 threads', basis: 'threads', applies: true } })).toContain(
      '(12 cores, 16 threads; more threads than cores but fewer than twice as many: P-cores and E-cores)',
    );
  });
});
