/** Can this ISO install this host: needs by role, blocking, unknown when unreadable, release mismatch, the fixes. */
import { describe, expect, it } from 'vitest';
import { canInstall, describeDriverAnswer, driverAnswerLines, releaseFromVersion, type InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const list = shippedList();
/** The Fling build the 8.0U3 list recommends (lists every USB NIC of the demo site). */
const FLING_803_7 = '1.14-7vmw.803.0.95.93415869';
const VERSIONS: Readonly<Record<string, string>> = { 'vmkusb-nic-fling': FLING_803_7 };
const vib = (name: string, version = VERSIONS[name] ?? '1') => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
/** The answer as the build gets it: the host plan made with the ISO's contents, projected per host. */
const answers = (site: Site, contents: InstallerContents, hosts?: readonly string[]) => canInstall(planOf(site, { installer: contents }), site, list, contents, hosts);
const iso = (names: string[], extra: Partial<InstallerContents> = {}): InstallerContents => ({ readable: true, release: '8.0U3', vibs: names.map((n) => vib(n)), bootModules: [], sample: false, ...extra });

/** esx02 with a second uplink (the onboard RTL8111 as uplink) and management on a chosen NIC. */
function twoUplinks(device?: string): Site {
  const s = demoSite();
  return Site.parse({
    ...s,
    spec: {
      ...s.spec,
      hosts: s.spec.hosts.map((h) =>
        h.name === 'esx02'
          ? { ...h, management: { ...h.management, ...(device ? { device } : {}) }, hardware: { ...h.hardware, nics: h.hardware.nics.map((n) => ({ ...n, role: 'uplink' as const })) } }
          : h,
      ),
    },
  });
}

describe('driver needs', () => {
  it('needs follow roles: the USB uplink (the install NIC) needs the Fling, the unused RTL8111 is listed as other, inbox NICs need nothing', () => {
    const site = demoSite();
    const a = answers(site, iso([]));
    expect(a.find((h) => h.host === 'esx01')!.needs).toEqual([]);
    expect(a.find((h) => h.host === 'esx02')!.needs.map((n) => [n.nic, n.vib, n.role, n.onlyUplink])).toEqual([
      ['vmnic0', 'if-re', 'other', false],
      ['vusb0', 'vmkusb-nic-fling', 'management', true],
    ]);
  });

  it('the vmkusb inbox USB host driver is not the Fling', () => {
    const site = demoSite();
    const a = answers(site, iso(['vmkusb']));
    expect(a.find((x) => x.host === 'esx02')!.needs.find((n) => n.nic === 'vusb0')!.present).toBe(false);
  });
});

describe('canInstall', () => {
  it('two uplinks, one driver missing: the answer is no, but not blocking (the other uplink works)', () => {
    const site = twoUplinks('vmnic0');
    const a = answers(site, iso(['if-re'])).find((x) => x.host === 'esx02')!;
    expect(a).toMatchObject({ answer: 'no', blocking: false });
    expect(describeDriverAnswer(a)).toBe('esx02: no — vusb0 (Realtek RTL8156/8156B, an uplink) needs vmkusb-nic-fling, which this ISO does not carry');
  });

  it('the install NIC lacking its driver blocks even when another uplink works', () => {
    const site = twoUplinks('vusb0');
    const a = answers(site, iso(['if-re'])).find((x) => x.host === 'esx02')!;
    expect(a).toMatchObject({ answer: 'no', blocking: true });
    expect(describeDriverAnswer(a)).toContain('vusb0 (Realtek RTL8156/8156B, its install NIC) needs vmkusb-nic-fling');
  });

  it('limits the answer to the hosts on the stick; says when the ISO is another release', () => {
    const site = demoSite();
    const a = answers(site, iso(['vmkusb-nic-fling'], { release: '8.0U2' }), ['esx02']);
    expect(a.map((x) => x.host)).toEqual(['esx02']);
    expect(a[0]!.releaseMismatch).toEqual({ iso: '8.0U2', site: '8.0U3' });
    expect(driverAnswerLines(a[0]!)).toContain('  note: the ISO is ESXi 8.0U2, the site is planned for 8.0U3; drivers are release-bound (vmkapi).');
  });

  it('a VIB whose payload BOOT.CFG does not load does not count as carried', () => {
    const site = demoSite();
    const c = iso([]);
    const a = answers(site, { ...c, vibs: [{ ...vib('vmkusb-nic-fling'), onBootModules: false }] }).find((x) => x.host === 'esx02')!;
    expect(a.answer).toBe('no');
  });

  it('the fixes name the ECS ISO from VECO and the custom ISO with the depot and component files from the list', () => {
    const site = demoSite();
    const a = answers(site, iso([])).find((x) => x.host === 'esx02')!;
    expect(driverAnswerLines(a, { list, release: '8.0U3' }).slice(-2)).toEqual([
      '  fix: use the ECS installer ISO from VECO if it carries vmkusb-nic-fling (check it with "sitekit media inspect"), or',
      '  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes (base depot VMware-ESXi-8.0U3e-24674464-depot.zip + ESXi803-VMKUSB-NIC-FLING-93415869-component.zip), then pick that ISO so Sitekit checks it.',
    ]);
  });

  it('a Fling of the right name but a build that does not list the adapter is not carried (issue 24, case 2)', () => {
    // The only uplink is an RTL8157 (0bda:8157): only the 1.14-7 build (93415869) lists it.
    const s = demoSite();
    const site = Site.parse({ ...s, spec: { ...s.spec, hosts: s.spec.hosts.map((h) => (h.name === 'esx02' ? { ...h, hardware: { ...h.hardware, nics: h.hardware.nics.map((n) => (n.name === 'vusb0' ? { ...n, deviceId: '8157', label: 'RTL8157 5GbE' } : n)) } } : h)) } });
    const old = iso(['vmkusb-nic-fling'], { vibs: [vib('vmkusb-nic-fling', '1.14-1vmw.803.0.0.75399077')] });
    const a = answers(site, old, ['esx02'])[0]!;
    expect(a).toMatchObject({ answer: 'no', blocking: true });
    expect(a.needs.find((n) => n.nic === 'vusb0')).toMatchObject({ state: 'wrong-build', present: false, minBuild: FLING_803_7 });
    expect(describeDriverAnswer(a)).toBe(
      'esx02: no — vusb0 (Realtek RTL8157, its install NIC and only uplink) needs vmkusb-nic-fling 1.14-7vmw.803.0.95.93415869 or a later build that lists 0bda:8157; this ISO carries vmkusb-nic-fling 1.14-1vmw.803.0.0.75399077, which does not list it',
    );
    // The same ISO drives an RTL8156, which every build lists.
    expect(answers(demoSite(), old, ['esx02'])[0]).toMatchObject({ answer: 'yes', blocking: false });
    // The build that lists it: yes.
    expect(answers(site, iso(['vmkusb-nic-fling']), ['esx02'])[0]).toMatchObject({ answer: 'yes', blocking: false });
  });

  it('a Fling build the list does not know is "unknown", never "yes"', () => {
    const a = answers(demoSite(), iso(['vmkusb-nic-fling'], { vibs: [vib('vmkusb-nic-fling', '1.99-1vmw.803.0.0.99999999')] }), ['esx02'])[0]!;
    expect(a).toMatchObject({ answer: 'unknown', blocking: true });
    expect(describeDriverAnswer(a)).toContain('which the compatibility list does not know');
  });

  it('releases from versions', () => {
    expect(releaseFromVersion('8.0.3')).toBe('8.0U3');
    expect(releaseFromVersion('8.0.0')).toBe('8.0');
    expect(releaseFromVersion('9.0.0')).toBe('9.0');
    // from 9.0 on the third number is a maintenance release of the same release (issue 24 item 12)
    expect(releaseFromVersion('9.0.1')).toBe('9.0');
    expect(releaseFromVersion('8.0.2')).toBe('8.0U2');
    expect(releaseFromVersion('x')).toBeUndefined();
  });
});
