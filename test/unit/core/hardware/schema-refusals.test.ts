/** A compatibility list with one bad value is refused with the path to it and says what the value should look like. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateCompatList } from '../../../../main/core/hardware/list';
import { COMPAT_LIST_PATH } from '../../../helpers/hardware';

const text = readFileSync(COMPAT_LIST_PATH, 'utf8');
type Raw = Record<string, any>;
/**
 * The shipped list cut to the records these tests edit (all releases, builds and quirks, so every reference still
 * resolves): a whole-list check of 130 kB per case made each mutation-testing run of this folder minutes longer.
 */
const small = (): Raw => {
  const l = JSON.parse(text) as Raw;
  l.pciNics = l.pciNics.slice(0, 1);
  l.usbNics = l.usbNics.slice(0, 3);
  l.hostModels = l.hostModels.slice(0, 4);
  return l;
};

describe('a compatibility list with one bad value is refused, with the path to it', () => {
  const where = (edit: (l: Raw) => void): string[] => {
    const bad = small();
    edit(bad);
    const r = validateCompatList(bad);
    return r.ok ? [] : (r.error.issues ?? []).map((i) => i.path);
  };
  const cases: readonly (readonly [string, (l: Raw) => void, string])[] = [
    // provenance, on every record
    ['an unknown evidence level', (l) => (l.usbNics[0].provenance.evidence = 'rumour'), 'usbNics[0].provenance.evidence'],
    ['a record without sources', (l) => (l.usbNics[0].provenance.sources = []), 'usbNics[0].provenance.sources'],
    ['a source of two characters', (l) => (l.usbNics[0].provenance.sources = ['ab']), 'usbNics[0].provenance.sources[0]'],
    ['a provenance note over 600 characters', (l) => (l.usbNics[0].provenance.note = 'x'.repeat(601)), 'usbNics[0].provenance.note'],
    ['an unknown provenance field', (l) => (l.usbNics[0].provenance.extra = 1), 'usbNics[0].provenance'],
    // Fling builds
    ['a Fling build id with capitals', (l) => (l.flingBuilds[0].id = 'Bad'), 'flingBuilds[0].id'],
    ['a Fling file name under 5 characters', (l) => (l.flingBuilds[0].file = 'a.zi'), 'flingBuilds[0].file'],
    ['an empty VIB version', (l) => (l.flingBuilds[0].vibVersion = ''), 'flingBuilds[0].vibVersion'],
    ['a release date that is not YYYY-MM-DD', (l) => (l.flingBuilds[0].releaseDate = '2024-1-01'), 'flingBuilds[0].releaseDate'],
    ['a release date with text around it', (l) => (l.flingBuilds[0].releaseDate = 'on 2024-01-01'), 'flingBuilds[0].releaseDate'],
    ['an empty target', (l) => (l.flingBuilds[0].target = ''), 'flingBuilds[0].target'],
    ['an empty vmkapi', (l) => (l.flingBuilds[0].vmkapi = ''), 'flingBuilds[0].vmkapi'],
    ['no vusb names', (l) => (l.flingBuilds[0].maxVusb = 0), 'flingBuilds[0].maxVusb'],
    ['more than 32 vusb names', (l) => (l.flingBuilds[0].maxVusb = 33), 'flingBuilds[0].maxVusb'],
    ['a fractional vusb count', (l) => (l.flingBuilds[0].maxVusb = 8.5), 'flingBuilds[0].maxVusb'],
    ['a VIB name with capitals', (l) => (l.flingBuilds[0].vib = 'VMKUSB'), 'flingBuilds[0].vib'],
    // releases
    ['a release Sitekit does not know', (l) => (l.releases[0].id = '7.5'), 'releases[0].id'],
    ['an empty release name', (l) => (l.releases[0].name = ''), 'releases[0].name'],
    ['an empty release vmkapi', (l) => (l.releases[0].vmkapi = ''), 'releases[0].vmkapi'],
    ['an empty Fling build reference', (l) => (l.releases[0].usbFlingBuild = ''), 'releases[0].usbFlingBuild'],
    ['a missing legacy BIOS flag', (l) => delete l.releases[0].legacyBiosDeprecated, 'releases[0].legacyBiosDeprecated'],
    ['a missing XSAVE flag', (l) => delete l.releases[0].requiresXsave, 'releases[0].requiresXsave'],
    ['a depot file that is not a VMware-ESXi depot', (l) => (l.releases[0].baseDepot.file = 'ESXi-7.0U3n-depot.zip'), 'releases[0].baseDepot.file'],
    ['a depot file with a path before it', (l) => (l.releases[0].baseDepot.file = '/tmp/VMware-ESXi-7.0U3n-21930508-depot.zip'), 'releases[0].baseDepot.file'],
    ['a depot file with text after it', (l) => (l.releases[0].baseDepot.file = 'VMware-ESXi-7.0U3n-21930508-depot.zip.part'), 'releases[0].baseDepot.file'],
    ['a numbered depot file with a path before it', (l) => (l.releases[5].baseDepot.file = '/tmp/VMware-ESXi-9.0.0.0.24755229-depot.zip'), 'releases[5].baseDepot.file'],
    ['a numbered depot file with text after it', (l) => (l.releases[5].baseDepot.file = 'VMware-ESXi-9.0.0.0.24755229-depot.zip.part'), 'releases[5].baseDepot.file'],
    ['a depot build of 5 digits', (l) => (l.releases[0].baseDepot.build = '12345'), 'releases[0].baseDepot.build'],
    ['a depot build of 10 digits', (l) => (l.releases[0].baseDepot.build = '1234567890'), 'releases[0].baseDepot.build'],
    ['a depot build with a letter', (l) => (l.releases[0].baseDepot.build = '21930508a'), 'releases[0].baseDepot.build'],
    ['a depot build with a letter before it', (l) => (l.releases[0].baseDepot.build = 'b21930508'), 'releases[0].baseDepot.build'],
    ['a depot without sources', (l) => (l.releases[0].baseDepot.sources = []), 'releases[0].baseDepot.sources'],
    ['a depot source of two characters', (l) => (l.releases[0].baseDepot.sources = ['ab']), 'releases[0].baseDepot.sources[0]'],
    ['an unknown depot field', (l) => (l.releases[0].baseDepot.url = 'https://example.com'), 'releases[0].baseDepot'],
    // PCI families
    ['a PCI family id with capitals', (l) => (l.pciNics[0].id = 'Intel'), 'pciNics[0].id'],
    ['an empty family name', (l) => (l.pciNics[0].family = ''), 'pciNics[0].family'],
    ['an empty vendor', (l) => (l.pciNics[0].vendor = ''), 'pciNics[0].vendor'],
    ['a family without map keys', (l) => (l.pciNics[0].match = []), 'pciNics[0].match'],
    ['a map key of 15 nibbles', (l) => (l.pciNics[0].match = ['8086125c.......']), 'pciNics[0].match[0]'],
    ['a map key of 17 nibbles', (l) => (l.pciNics[0].match = ['8086125c.........']), 'pciNics[0].match[0]'],
    ['a map key of 19 nibbles', (l) => (l.pciNics[0].match = ['8086125c...........']), 'pciNics[0].match[0]'],
    ['a map key in capitals', (l) => (l.pciNics[0].match = ['8086125C........']), 'pciNics[0].match[0]'],
    ['a map key with a class in capitals', (l) => (l.pciNics[0].match = ['8086125c........0C0330']), 'pciNics[0].match[0]'],
    ['a link speed of 0', (l) => (l.pciNics[0].speedMbps = 0), 'pciNics[0].speedMbps'],
    ['a fractional link speed', (l) => (l.pciNics[0].speedMbps = 2.5), 'pciNics[0].speedMbps'],
    ['a family without a cell for a release', (l) => delete l.pciNics[0].support['9.0'], 'pciNics[0].support.9.0'],
    ['a cell for a release Sitekit does not know', (l) => (l.pciNics[0].support['7.5'] = { status: 'inbox' }), 'pciNics[0].support'],
    ['an unknown driver status', (l) => (l.pciNics[0].support['9.0'].status = 'maybe'), 'pciNics[0].support.9.0.status'],
    ['a driver VIB name with capitals', (l) => (l.pciNics[0].support['9.0'].vib = 'If-Re'), 'pciNics[0].support.9.0.vib'],
    ['a driver package that is not a ZIP', (l) => (l.pciNics[0].support['9.0'].file = 'driver.zip.tgz'), 'pciNics[0].support.9.0.file'],
    ['a cell note over 400 characters', (l) => (l.pciNics[0].support['9.0'].note = 'x'.repeat(401)), 'pciNics[0].support.9.0.note'],
    ['an unknown cell field', (l) => (l.pciNics[0].support['9.0'].url = 'x'), 'pciNics[0].support.9.0'],
    // USB NICs and classes
    ['a VID in capitals', (l) => (l.usbNics[0].vid = '0BDA'), 'usbNics[0].vid'],
    ['a VID of 3 digits', (l) => (l.usbNics[0].vid = 'bda'), 'usbNics[0].vid'],
    ['a VID of 5 digits', (l) => (l.usbNics[0].vid = '00bda'), 'usbNics[0].vid'],
    ['a VID with a letter after it', (l) => (l.usbNics[0].vid = '0bdax'), 'usbNics[0].vid'],
    ['a PID with a letter before it', (l) => (l.usbNics[0].pid = 'x8156'), 'usbNics[0].pid'],
    ['an empty chip', (l) => (l.usbNics[0].chip = ''), 'usbNics[0].chip'],
    ['an empty product', (l) => (l.usbNics[0].product = ''), 'usbNics[0].product'],
    ['a USB speed of 0', (l) => (l.usbNics[0].speedMbps = 0), 'usbNics[0].speedMbps'],
    ['an unknown USB role', (l) => (l.usbNics[0].role = 'nic'), 'usbNics[0].role'],
    ['a USB NIC listed by no Fling build', (l) => (l.usbNics[0].flingBuilds = []), 'usbNics[0].flingBuilds'],
    ['a USB class of 5 digits', (l) => (l.usbClassMatches[0].classSubclass = '02060'), 'usbClassMatches[0].classSubclass'],
    ['a USB class without a name', (l) => (l.usbClassMatches[0].name = ''), 'usbClassMatches[0].name'],
    // quirks
    ['a quirk id with capitals', (l) => (l.quirks[0].id = 'Hybrid'), 'quirks[0].id'],
    ['an unknown quirk severity', (l) => (l.quirks[0].severity = 'fatal'), 'quirks[0].severity'],
    ['a quirk for a release Sitekit does not know', (l) => (l.quirks[0].releases = ['7.5']), 'quirks[0].releases[0]'],
    ['a kernel option without a value', (l) => (l.quirks[0].actions = [{ kind: 'kernel-option', option: 'ignoreMsrFaults' }]), 'quirks[0].actions[0].option'],
    ['a kernel option with a space', (l) => (l.quirks[0].actions = [{ kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE reboot' }]), 'quirks[0].actions[0].option'],
    ['a kernel option with a shell character before it', (l) => (l.quirks[0].actions = [{ kind: 'kernel-option', option: ';ignoreMsrFaults=TRUE' }]), 'quirks[0].actions[0].option'],
    ['a kernel option without a name', (l) => (l.quirks[0].actions = [{ kind: 'kernel-option', option: '=TRUE' }]), 'quirks[0].actions[0].option'],
    ['an empty BIOS setting', (l) => (l.quirks[0].actions = [{ kind: 'bios', setting: '' }]), 'quirks[0].actions[0].setting'],
    ['an empty check', (l) => (l.quirks[0].actions = [{ kind: 'verify', what: '' }]), 'quirks[0].actions[0].what'],
    ['an unknown action kind', (l) => (l.quirks[0].actions = [{ kind: 'reboot' }]), 'quirks[0].actions[0].kind'],
    ['an unknown field on a kernel option', (l) => (l.quirks[0].actions = [{ kind: 'kernel-option', option: 'a=b', when: 'always' }]), 'quirks[0].actions[0]'],
    // host models
    ['a model id with capitals', (l) => (l.hostModels[0].id = 'NUC'), 'hostModels[0].id'],
    ['an empty model vendor', (l) => (l.hostModels[0].vendor = ''), 'hostModels[0].vendor'],
    ['an empty model name', (l) => (l.hostModels[0].model = ''), 'hostModels[0].model'],
    ['a product match of two characters', (l) => (l.hostModels[0].productMatch = ['nu']), 'hostModels[0].productMatch[0]'],
    ['an empty CPU', (l) => (l.hostModels[0].cpu = ''), 'hostModels[0].cpu'],
    ['no cores', (l) => (l.hostModels[0].cores = 0), 'hostModels[0].cores'],
    ['a fractional core count', (l) => (l.hostModels[0].cores = 1.5), 'hostModels[0].cores'],
    ['no threads', (l) => (l.hostModels[0].threads = 0), 'hostModels[0].threads'],
    ['no RAM', (l) => (l.hostModels[0].maxRamGiB = 0), 'hostModels[0].maxRamGiB'],
    ['an onboard NIC vendor in capitals', (l) => (l.hostModels[0].onboardNics[0].vendorId = '8O86'), 'hostModels[0].onboardNics[0].vendorId'],
    ['an onboard NIC device of 3 digits', (l) => (l.hostModels[0].onboardNics[0].deviceId = '15b'), 'hostModels[0].onboardNics[0].deviceId'],
    ['an onboard NIC without a label', (l) => (l.hostModels[0].onboardNics[0].label = ''), 'hostModels[0].onboardNics[0].label'],
    ['an onboard NIC count of 0', (l) => (l.hostModels[0].onboardNics[0].count = 0), 'hostModels[0].onboardNics[0].count'],
    ['model notes over 600 characters', (l) => (l.hostModels[0].notes = 'x'.repeat(601)), 'hostModels[0].notes'],
    // minimums and the list itself
    ['a minimum of 0 cores', (l) => (l.minimums.cores = 0), 'minimums.cores'],
    ['a minimum of 0 GiB RAM', (l) => (l.minimums.ramGiB = 0), 'minimums.ramGiB'],
    ['a recommended RAM of 0', (l) => (l.minimums.ramRecommendedGiB = 0), 'minimums.ramRecommendedGiB'],
    ['a minimum boot disk of 0', (l) => (l.minimums.bootDiskGB = 0), 'minimums.bootDiskGB'],
    ['a minimum NIC speed of 0', (l) => (l.minimums.nicSpeedMbps = 0), 'minimums.nicSpeedMbps'],
    ['a list version of two parts', (l) => (l.listVersion = '2026.11'), 'listVersion'],
    ['a list version with a two-digit year', (l) => (l.listVersion = '26.11.1'), 'listVersion'],
    ['a list version with text after it', (l) => (l.listVersion = '2026.11.1-beta'), 'listVersion'],
    ['a data date with text before it', (l) => (l.dataDate = 'x2026-11-01'), 'dataDate'],
    ['no releases', (l) => (l.releases = []), 'releases'],
    ['no Fling builds', (l) => (l.flingBuilds = []), 'flingBuilds'],
    ['an unknown top-level field', (l) => (l.extra = true), ''],
  ];

  for (const [what, edit, path] of cases) {
    it(`refuses ${what}`, () => {
      expect(where(edit)).toContain(path);
    });
  }

  it('a VIB name defaults to the Fling\'s, and a release with no other builds gets an empty list', () => {
    const l = small();
    delete l.flingBuilds[0].vib;
    delete l.releases[0].otherFlingBuilds;
    const r = validateCompatList(l);
    expect(r.ok && [r.value.flingBuilds[0]!.vib, r.value.releases[0]!.otherFlingBuilds]).toEqual(['vmkusb-nic-fling', []]);
  });

  it('refuses duplicate ids in every table and names the duplicate', () => {
    const dup = (key: string, id: (l: Raw) => string, copy: (l: Raw) => void) => {
      const l = small();
      copy(l);
      const r = validateCompatList(l);
      return r.ok ? [] : (r.error.issues ?? []).filter((i) => i.path.startsWith(key)).map((i) => [i.path, i.message, id(l)]);
    };
    for (const key of ['flingBuilds', 'releases', 'pciNics', 'usbNics', 'hostModels', 'quirks']) {
      const found = dup(key, (l) => (key === 'usbNics' ? `${l.usbNics[0].vid}:${l.usbNics[0].pid}` : l[key][0].id), (l) => l[key].push({ ...l[key][0] }));
      const n = small()[key].length as number;
      expect(found.map(([p, m, id]) => [p, m === `duplicate id "${id}"`]), key).toContainEqual([`${key}[${n}]`, true]);
    }
  });

  it('refuses references to Fling builds and quirks the list does not have', () => {
    expect(where((l) => (l.releases[1].otherFlingBuilds = ['nope']))).toContain('releases[1]');
    expect(where((l) => (l.usbNics[2].flingBuilds = ['nope']))).toContain('usbNics[2].flingBuilds');
    expect(where((l) => (l.hostModels[3].quirks = ['nope']))).toContain('hostModels[3].quirks');
    const messages = (edit: (l: Raw) => void) => {
      const l = small();
      edit(l);
      const v = validateCompatList(l);
      return v.ok ? [] : (v.error.issues ?? []).map((i) => i.message);
    };
    expect(messages((l) => (l.usbNics[2].flingBuilds = ['nope']))).toContain('unknown Fling build "nope"');
    expect(messages((l) => (l.hostModels[3].quirks = ['nope']))).toContain('unknown quirk "nope"');
  });
});

describe('what a valid compatibility list may contain, and what a refused one is told', () => {
  const check = (edit: (l: Raw) => void) => {
    const l = small();
    edit(l);
    return validateCompatList(l);
  };
  const messageAt = (edit: (l: Raw) => void, path: string) => {
    const r = check(edit);
    return r.ok ? undefined : r.error.issues?.find((i) => i.path === path)?.message;
  };

  it('accepts a map key with a class, a list version with a three-digit patch, a quirk that stops the install, and optional fields left out', () => {
    expect(check((l) => (l.pciNics[0].match = ['8086125c........020000'])).ok).toBe(true);
    expect(check((l) => (l.listVersion = '2026.11.100')).ok).toBe(true);
    expect(check((l) => (l.quirks[0].severity = 'error')).ok).toBe(true);
    const r = check((l) => {
      delete l.hostModels[0].productMatch;
      delete l.hostModels[0].quirks;
      delete l.hostModels[0].onboardNics[0].count;
      delete l.hostModels[0].onboardNics[0].skuVariant;
      delete l.pciNics[0].names;
      delete l.quirks[0].actions;
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.hostModels[0]!.productMatch, r.value.hostModels[0]!.quirks, r.value.pciNics[0]!.names, r.value.quirks[0]!.actions]).toEqual([[], [], {}, []]);
    expect(r.value.hostModels[0]!.onboardNics[0]).toMatchObject({ count: 1, skuVariant: false });
    const noNics = check((l) => delete l.hostModels[0].onboardNics);
    expect(noNics.ok && noNics.value.hostModels[0]!.onboardNics).toEqual([]);
  });

  it('tells what a bad value should look like', () => {
    expect(messageAt((l) => (l.usbNics[0].vid = '0BDA'), 'usbNics[0].vid')).toBe('must be 4 lower-case hex digits');
    expect(messageAt((l) => (l.usbNics[0].provenance.sources = []), 'usbNics[0].provenance.sources')).toBe('every record needs at least one source');
    expect(messageAt((l) => (l.releases[0].baseDepot.file = 'depot.zip'), 'releases[0].baseDepot.file')).toBe('must be a VMware-ESXi-…-depot.zip file name');
    expect(messageAt((l) => (l.pciNics[0].support['9.0'].file = 'driver.tgz'), 'pciNics[0].support.9.0.file')).toBe('must be a .zip file name');
    expect(messageAt((l) => (l.pciNics[0].match = ['8086']), 'pciNics[0].match[0]')).toBe('must be an ESXi map key: 16 hex/. characters, optionally + 6 for the class');
    expect(messageAt((l) => (l.listVersion = '2026.11'), 'listVersion')).toBe('must look like 2026.11.1');
    expect(messageAt((l) => l.releases[0].otherFlingBuilds.push('nope'), 'releases[0]')).toBe('unknown Fling build "nope"');
  });
});
