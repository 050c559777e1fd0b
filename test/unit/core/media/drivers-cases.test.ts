/**
 * Can this ISO install this host, case by case, in the lines the Boot media step and `sitekit media` print:
 * an unreadable ISO, a host with a PCI and a USB uplink, unused NICs (notes, never blocking), a NIC with no
 * driver on the release, Fling builds the list does not know, and the fixes.
 */
import { describe, expect, it } from 'vitest';
import { canInstall, describeDriverFixes, driverAnswerLines, releaseFromVersion, type HostDriverAnswer, type InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const list = shippedList();
const FLING = '1.14-7vmw.803.0.95.93415869';
const OLD_FLING = '1.14-1vmw.803.0.0.75399077';
const IF_RE = '1.101.01-5vmw.800.1.0.20613240';
const vib = (name: string, version: string) => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
const iso = (vibs: ReturnType<typeof vib>[], extra: Partial<InstallerContents> = {}): InstallerContents => ({ readable: true, release: '8.0U3', vibs, bootModules: [], sample: false, ...extra });
const FIX_FLING = '  fix: use the ECS installer ISO from VECO if it carries vmkusb-nic-fling (check it with "sitekit media inspect"), or';
const FIX_SCRIPT = (...files: string[]) => `  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes (${['base depot VMware-ESXi-8.0U3e-24674464-depot.zip', ...files].join(' + ')}), then pick that ISO so Sitekit checks it.`;
const FLING_ZIP = 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip';
const IF_RE_ZIP = 'VMware-Re-Driver_1.101.01-5vmw.800.1.0.20613240.zip';

type NicInput = Site['spec']['hosts'][number]['hardware']['nics'][number];

/** The demo site with esx02's NICs (and management) replaced. */
function esx02With(nics: Partial<NicInput>[], management: Partial<Site['spec']['hosts'][number]['management']> = {}): Site {
  const d = demoSite();
  return Site.parse({ ...d, spec: { ...d.spec, hosts: [d.spec.hosts[0]!, { ...d.spec.hosts[1]!, management: { ...d.spec.hosts[1]!.management, ...management }, hardware: { ...d.spec.hosts[1]!.hardware, nics } }] } });
}

/** esx02's answer and the lines printed for it (with the fixes from the shipped list). */
function esx02(site: Site, contents: InstallerContents): { a: HostDriverAnswer; lines: string[] } {
  const a = canInstall(planOf(site, { installer: contents }), site, list, contents).find((h) => h.host === 'esx02')!;
  return { a, lines: driverAnswerLines(a, { list, release: '8.0U3' }) };
}

const RTL = { name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168' } as const;
const USB = { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a' } as const;

describe('an ISO whose image database cannot be read', () => {
  it('is unknown and blocking, with the reason, what the host needs, and the SAMPLE mark', () => {
    const { a, lines } = esx02(demoSite(), { readable: false, vibs: [], bootModules: [], sample: true });
    expect([a.answer, a.blocking, a.unreadableReason]).toEqual(['unknown', true, 'the image database could not be read']);
    expect(a.needs.map((n) => [n.nic, n.state, n.present])).toEqual([
      ['vmnic0', 'unreadable', null],
      ['vusb0', 'unreadable', null],
    ]);
    expect(lines).toEqual([
      'esx02: unknown — the image database could not be read; vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling (Sitekit SAMPLE ISO: a demonstration, not a real installer)',
      '  note: vmnic0 (Realtek RTL8111/8168/8411) is not used as an uplink; it would need if-re.',
      FIX_FLING,
      FIX_SCRIPT(FLING_ZIP),
    ]);
  });

  it('says why when the reader said why; a host with inbox drivers only still gets unknown, never yes', () => {
    const contents: InstallerContents = { readable: false, reason: 'imgdb.tgz is missing', vibs: [], bootModules: [], sample: false };
    expect(esx02(demoSite(), contents).lines[0]).toBe('esx02: unknown — imgdb.tgz is missing; vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling');
    const esx01 = canInstall(planOf(demoSite(), { installer: contents }), demoSite(), list, contents).find((h) => h.host === 'esx01')!;
    expect(esx01.answer).toBe('unknown');
    expect(driverAnswerLines(esx01)).toEqual(['esx01: unknown — imgdb.tgz is missing; it needs no driver beyond the inbox ones, but the ISO itself could not be checked']);
  });
});

describe('a host with a PCI uplink (RTL8111, the install NIC) and a USB uplink', () => {
  const site = esx02With([{ ...RTL, role: 'uplink' }, USB]);

  it('an ISO with both drivers: yes, each need named with the build the ISO carries', () => {
    const { a, lines } = esx02(site, iso([vib('vmkusb-nic-fling', FLING), vib('if-re', IF_RE)]));
    expect([a.answer, a.blocking]).toEqual(['yes', false]);
    expect(a.needs).toEqual([
      { nic: 'vmnic0', device: 'Realtek RTL8111/8168/8411', bus: 'pci', id: '10ec:8168', vib: 'if-re', component: IF_RE_ZIP, driver: 'if_re', role: 'management', onlyUplink: false, present: true, presentVersion: IF_RE, state: 'yes' },
      { nic: 'vusb0', device: 'Realtek RTL8156/8156B', bus: 'usb', id: '0bda:8156', vib: 'vmkusb-nic-fling', component: FLING_ZIP, driver: 'vmkusb_nic_fling', role: 'uplink', onlyUplink: false, present: true, presentVersion: FLING, state: 'yes' },
    ]);
    expect(lines).toEqual([
      `esx02: yes — vmnic0 (Realtek RTL8111/8168/8411, its install NIC) needs if-re; this ISO carries if-re ${IF_RE}; vusb0 (Realtek RTL8156/8156B, an uplink) needs vmkusb-nic-fling; this ISO carries vmkusb-nic-fling ${FLING}`,
    ]);
  });

  it('an ISO with neither: no, blocking, both named, one fix for both drivers and both components', () => {
    const { a, lines } = esx02(site, iso([]));
    expect([a.answer, a.blocking]).toEqual(['no', true]);
    expect(lines).toEqual([
      'esx02: no — vmnic0 (Realtek RTL8111/8168/8411, its install NIC) needs if-re, which this ISO does not carry; vusb0 (Realtek RTL8156/8156B, an uplink) needs vmkusb-nic-fling, which this ISO does not carry',
      '  fix: use the ECS installer ISO from VECO if it carries if-re and vmkusb-nic-fling (check it with "sitekit media inspect"), or',
      FIX_SCRIPT(IF_RE_ZIP, FLING_ZIP),
    ]);
  });

  it('the install NIC and an uplink with a driver (I226-V inbox): a second uplink lacking if-re is no, but not blocking', () => {
    const inbox = esx02With([{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', mac: '48:21:0b:5a:1c:08' }, { ...RTL, name: 'vmnic1' }]);
    const { a, lines } = esx02(inbox, iso([]));
    expect([a.answer, a.blocking]).toEqual(['no', false]);
    expect(lines[0]).toBe('esx02: no — vmnic1 (Realtek RTL8111/8168/8411, an uplink) needs if-re, which this ISO does not carry');
  });

  it('every uplink without a driver blocks even when the install NIC (not an uplink) is driven: one lacks if-re, one has no driver on this release', () => {
    const killer = { name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '3000', role: 'uplink' } as const;
    const s = esx02With([{ ...RTL, role: 'uplink' }, killer, { ...USB, role: 'unused' }], { device: 'vusb0' });
    const { a } = esx02(s, iso([vib('vmkusb-nic-fling', FLING)]));
    expect([a.answer, a.blocking]).toEqual(['no', true]);
    // With the Realtek driver the host keeps one working uplink: not blocking.
    expect(esx02(s, iso([vib('vmkusb-nic-fling', FLING), vib('if-re', IF_RE)])).a).toMatchObject({ answer: 'yes', blocking: false });
  });
});

describe('NICs not used as uplinks: notes, never blocking', () => {
  const site = esx02With([
    { name: 'vusb1', bus: 'usb', vendorId: '0bda', deviceId: '8157', role: 'unused' },
    USB,
    { ...RTL, role: 'unused' },
    { name: 'vusb2', bus: 'usb', vendorId: '0bda', deviceId: '8156', role: 'bmc' },
  ]);

  it('an old Fling build drives the install NIC; the unused RTL8157 would need a build that lists it, the unused RTL8111 if-re; the BMC NIC needs nothing', () => {
    const { a, lines } = esx02(site, iso([vib('vmkusb-nic-fling', OLD_FLING)]));
    expect([a.answer, a.blocking]).toEqual(['yes', false]);
    expect(a.needs.map((n) => n.nic)).toEqual(['vusb1', 'vusb0', 'vmnic0']);
    expect(lines).toEqual([
      `esx02: yes — vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling; this ISO carries vmkusb-nic-fling ${OLD_FLING}`,
      '  note: vusb1 (Realtek RTL8157) is not used as an uplink; it would need vmkusb-nic-fling, and this ISO\'s build does not list 0bda:8157.',
      '  note: vmnic0 (Realtek RTL8111/8168/8411) is not used as an uplink; it would need if-re, which this ISO does not carry.',
    ]);
  });

  it('a Fling build the list does not know: unknown for the install NIC, a plain note for the unused one', () => {
    const { a, lines } = esx02(site, iso([vib('vmkusb-nic-fling', '1.99-1vmw.803.0.0.99999999')]));
    expect([a.answer, a.blocking]).toEqual(['unknown', true]);
    expect(lines).toEqual([
      'esx02: unknown — vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling; this ISO carries 1.99-1vmw.803.0.0.99999999, which the compatibility list does not know, so whether it lists 0bda:8156 cannot be told',
      '  note: vusb1 (Realtek RTL8157) is not used as an uplink; it would need vmkusb-nic-fling.',
      '  note: vmnic0 (Realtek RTL8111/8168/8411) is not used as an uplink; it would need if-re, which this ISO does not carry.',
      FIX_FLING,
      FIX_SCRIPT(FLING_ZIP),
    ]);
  });

  it('an unused NIC the ISO does drive gets no note', () => {
    const { lines } = esx02(site, iso([vib('vmkusb-nic-fling', FLING), vib('if-re', IF_RE)]));
    expect(lines).toEqual([`esx02: yes — vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling; this ISO carries vmkusb-nic-fling ${FLING}`]);
  });
});

describe('the ISO release against the site release', () => {
  it('no release read from the ISO, or the same one: no note', () => {
    for (const release of [undefined, '8.0U3']) {
      const contents = iso([vib('vmkusb-nic-fling', FLING)], { release });
      const { a, lines } = esx02(demoSite(), contents);
      expect(a.releaseMismatch).toBeUndefined();
      expect(lines.some((l) => l.includes('release-bound'))).toBe(false);
    }
  });
});

describe('the words for answers made elsewhere (a stored answer, another list)', () => {
  const need = (over: Partial<HostDriverAnswer['needs'][number]>): HostDriverAnswer['needs'][number] => ({
    nic: 'vusb0', device: 'Realtek RTL8157', bus: 'usb', id: '0bda:8157', vib: 'vmkusb-nic-fling', role: 'uplink', onlyUplink: true, present: false, state: 'no', ...over,
  });
  const answer = (answer: HostDriverAnswer['answer'], needs: HostDriverAnswer['needs']): HostDriverAnswer => ({ host: 'esx09', answer, blocking: true, needs, undriven: [], release: '8.0U3', sample: false });

  it('a wrong build without a known first build: the sentence still reads', () => {
    expect(driverAnswerLines(answer('no', [need({ state: 'wrong-build', presentVersion: OLD_FLING })]))[0]).toBe(`esx09: no — vusb0 (Realtek RTL8157, its only uplink) needs a vmkusb-nic-fling build that lists 0bda:8157; this ISO carries vmkusb-nic-fling ${OLD_FLING}, which does not list it`);
  });

  it('a build nobody knows, with the first build that lists the adapter, and without a version', () => {
    expect(driverAnswerLines(answer('unknown', [need({ state: 'unknown-build', present: null, minBuild: FLING })]))[0]).toBe(
      `esx09: unknown — vusb0 (Realtek RTL8157, its only uplink) needs vmkusb-nic-fling; this ISO carries a build, which the compatibility list does not know, so whether it lists 0bda:8157 cannot be told (listed from ${FLING})`,
    );
  });

  it('a missing driver with its first build; yes with the first build says the carried build lists the adapter', () => {
    expect(driverAnswerLines(answer('no', [need({ minBuild: FLING })]))[0]).toBe(`esx09: no — vusb0 (Realtek RTL8157, its only uplink) needs vmkusb-nic-fling (${FLING} or later), which this ISO does not carry`);
    expect(driverAnswerLines(answer('yes', [need({ minBuild: FLING, present: true, state: 'yes', presentVersion: FLING })]))).toEqual([
      `esx09: yes — vusb0 (Realtek RTL8157, its only uplink) needs vmkusb-nic-fling; this ISO carries vmkusb-nic-fling ${FLING}, which lists 0bda:8157`,
    ]);
  });

  it('an uplink among several and an unused NIC marked unknown: the note has no reason it cannot give', () => {
    const lines = driverAnswerLines(answer('no', [need({ onlyUplink: false }), need({ nic: 'vusb1', role: 'other', onlyUplink: false, present: null, state: 'unreadable' })]));
    expect(lines.slice(0, 2)).toEqual(['esx09: no — vusb0 (Realtek RTL8157, an uplink) needs vmkusb-nic-fling, which this ISO does not carry', '  note: vusb1 (Realtek RTL8157) is not used as an uplink; it would need vmkusb-nic-fling.']);
  });

  it('the fixes: none when nothing is missing; without a list no depot and no files; each component once', () => {
    expect(describeDriverFixes(answer('yes', [need({ present: true, state: 'yes' })]))).toEqual([]);
    expect(describeDriverFixes(answer('no', [need({ role: 'other', onlyUplink: false })]))).toEqual([]);
    expect(describeDriverFixes(answer('no', [need({})]))).toEqual([FIX_FLING, '  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes, then pick that ISO so Sitekit checks it.']);
    const two = answer('no', [need({ component: FLING_ZIP }), need({ nic: 'vusb1', component: FLING_ZIP, role: 'management', onlyUplink: false })]);
    expect(describeDriverFixes(two, { list })).toEqual([FIX_FLING, `  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes (${FLING_ZIP}), then pick that ISO so Sitekit checks it.`]);
    expect(describeDriverFixes(two, { list, release: '8.0U3' })[1]).toBe(FIX_SCRIPT(FLING_ZIP));
    expect(driverAnswerLines(two).slice(0, 1)).toEqual(['esx09: no — vusb0 (Realtek RTL8157, its only uplink) needs vmkusb-nic-fling, which this ISO does not carry; vusb1 (Realtek RTL8157, its install NIC) needs vmkusb-nic-fling, which this ISO does not carry']);
  });
});

describe('releaseFromVersion', () => {
  it('reads the leading version with any number of digits, around blanks; nothing else', () => {
    expect(releaseFromVersion(' 8.0.3-0.35.24280767 ')).toBe('8.0U3');
    expect(releaseFromVersion('8.0.13')).toBe('8.0U13');
    expect(releaseFromVersion('7.10.2')).toBe('7.10U2');
    expect(releaseFromVersion('10.1.0')).toBe('10.1');
    expect(releaseFromVersion('10.1.2')).toBe('10.1');
    expect(releaseFromVersion('v8.0.3')).toBeUndefined();
  });
});
