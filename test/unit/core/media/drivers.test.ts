/** Can this ISO install this host: needs by role, blocking, unknown when unreadable, release mismatch, the fixes. */
import { describe, expect, it } from 'vitest';
import { checkSite } from '../../../../main/core/hardware/engine';
import { canInstall, describeDriverAnswer, driverAnswerLines, hostDriverNeeds, releaseFromVersion, type InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';

const list = shippedList();
const vib = (name: string, version = '1') => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
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

describe('hostDriverNeeds', () => {
  it('needs follow roles: the USB uplink needs the Fling, the unused RTL8111 is listed as other, inbox NICs need nothing', () => {
    const site = demoSite();
    const needs = hostDriverNeeds(site, checkSite(site, list), list);
    expect(needs.find((h) => h.host === 'esx01')!.needs).toEqual([]);
    expect(needs.find((h) => h.host === 'esx02')!.needs.map((n) => [n.nic, n.vib, n.role, n.onlyUplink])).toEqual([
      ['vmnic0', 'if-re', 'other', false],
      ['vusb0', 'vmkusb-nic-fling', 'uplink', true],
    ]);
  });

  it('the vmkusb inbox USB host driver is not the Fling', () => {
    const site = demoSite();
    const a = canInstall(site, checkSite(site, list), list, iso(['vmkusb']));
    expect(a.find((x) => x.host === 'esx02')!.needs.find((n) => n.nic === 'vusb0')!.present).toBe(false);
  });
});

describe('canInstall', () => {
  it('two uplinks, one driver missing: the answer is no, but not blocking (the other uplink works)', () => {
    const site = twoUplinks();
    const a = canInstall(site, checkSite(site, list), list, iso(['if-re'])).find((x) => x.host === 'esx02')!;
    expect(a).toMatchObject({ answer: 'no', blocking: false });
    expect(describeDriverAnswer(a)).toBe('esx02: no — vusb0 (Realtek RTL8156/8156B, an uplink) needs vmkusb-nic-fling, which this ISO does not carry');
  });

  it('the management NIC lacking its driver blocks even when another uplink works', () => {
    const site = twoUplinks('vusb0');
    const a = canInstall(site, checkSite(site, list), list, iso(['if-re'])).find((x) => x.host === 'esx02')!;
    expect(a).toMatchObject({ answer: 'no', blocking: true });
    expect(describeDriverAnswer(a)).toContain('vusb0 (Realtek RTL8156/8156B, its management NIC) needs vmkusb-nic-fling');
  });

  it('limits the answer to the hosts on the stick; says when the ISO is another release', () => {
    const site = demoSite();
    const a = canInstall(site, checkSite(site, list), list, iso(['vmkusb-nic-fling'], { release: '8.0U2' }), ['esx02']);
    expect(a.map((x) => x.host)).toEqual(['esx02']);
    expect(a[0]!.releaseMismatch).toEqual({ iso: '8.0U2', site: '8.0U3' });
    expect(driverAnswerLines(a[0]!)).toContain('  note: the ISO is ESXi 8.0U2, the site is planned for 8.0U3; drivers are release-bound (vmkapi).');
  });

  it('a VIB whose payload BOOT.CFG does not load does not count as carried', () => {
    const site = demoSite();
    const c = iso([]);
    const a = canInstall(site, checkSite(site, list), list, { ...c, vibs: [{ ...vib('vmkusb-nic-fling'), onBootModules: false }] }).find((x) => x.host === 'esx02')!;
    expect(a.answer).toBe('no');
  });

  it('the fixes name the ECS ISO from VECO and the custom ISO with the depot and component files from the list', () => {
    const site = demoSite();
    const a = canInstall(site, checkSite(site, list), list, iso([])).find((x) => x.host === 'esx02')!;
    expect(driverAnswerLines(a, { list, release: '8.0U3' }).slice(-2)).toEqual([
      '  fix: use the ECS installer ISO from VECO if it carries vmkusb-nic-fling (check it with "sitekit media inspect"), or',
      '  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes (base depot VMware-ESXi-8.0U3e-24674464-depot.zip + ESXi803-VMKUSB-NIC-FLING-93415869-component.zip), then pick that ISO so Sitekit checks it.',
    ]);
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
