/**
 * Driver answers at their edges: one driver proven and one not, two NICs behind one unknown Fling build, an
 * unreadable ISO for a host with two drivers, an install NIC no driver supports, a host without uplinks, an
 * answer made from a plan without the ISO's contents, and the fixes without a list.
 */
import { describe, expect, it } from 'vitest';
import { canInstall, describeDriverFixes, driverAnswerLines, type HostDriverAnswer, type InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const list = shippedList();
const UNKNOWN_FLING = '1.99-1vmw.803.0.0.99999999';
const vib = (name: string, version: string) => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
const iso = (vibs: ReturnType<typeof vib>[]): InstallerContents => ({ readable: true, release: '8.0U3', vibs, bootModules: [], sample: false });
const UNREADABLE: InstallerContents = { readable: false, vibs: [], bootModules: [], sample: false };
type NicInput = Site['spec']['hosts'][number]['hardware']['nics'][number];

function esx02With(nics: NicInput[], management: Partial<Site['spec']['hosts'][number]['management']> = {}): Site {
  const d = demoSite();
  return Site.parse({ ...d, spec: { ...d.spec, hosts: [d.spec.hosts[0]!, { ...d.spec.hosts[1]!, management: { ...d.spec.hosts[1]!.management, ...management }, hardware: { ...d.spec.hosts[1]!.hardware, nics } }] } });
}

/** The answer for `host` from a plan made with the ISO's contents (or, with `withIso` false, without them). */
function answer(site: Site, contents: InstallerContents, host = 'esx02', withIso = true): HostDriverAnswer {
  return canInstall(planOf(site, withIso ? { installer: contents } : {}), site, list, contents).find((h) => h.host === host)!;
}

const RTL = { name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'uplink' } as NicInput;
const USB = { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a', role: 'uplink' } as NicInput;
const UNKNOWN_TEXT = (nic: string, device: string, role: string, id: string) =>
  `${nic} (${device}, ${role}) needs vmkusb-nic-fling; this ISO carries ${UNKNOWN_FLING}, which the compatibility list does not know, so whether it lists ${id} cannot be told`;

describe('unknown answers', () => {
  it('one driver proven, one build unknown: unknown, and only the unknown one is named', () => {
    const a = answer(esx02With([RTL, USB]), iso([vib('vmkusb-nic-fling', UNKNOWN_FLING), vib('if-re', '1.101.01-5vmw.800.1.0.20613240')]));
    expect([a.answer, a.blocking]).toEqual(['unknown', false]);
    expect(driverAnswerLines(a)[0]).toBe(`esx02: unknown — ${UNKNOWN_TEXT('vusb0', 'Realtek RTL8156/8156B', 'an uplink', '0bda:8156')}`);
  });

  it('two NICs behind one unknown build: both named, one after the other', () => {
    const a = answer(esx02With([USB, { name: 'vusb1', bus: 'usb', vendorId: '0bda', deviceId: '8157', role: 'uplink' } as NicInput]), iso([vib('vmkusb-nic-fling', UNKNOWN_FLING)]));
    expect(driverAnswerLines(a)[0]).toBe(
      `esx02: unknown — ${UNKNOWN_TEXT('vusb0', 'Realtek RTL8156/8156B', 'its install NIC', '0bda:8156')}; ${UNKNOWN_TEXT('vusb1', 'Realtek RTL8157', 'an uplink', '0bda:8157')} (listed from 1.14-7vmw.803.0.95.93415869)`,
    );
  });

  it('an unreadable ISO for a host that needs two drivers names both', () => {
    expect(driverAnswerLines(answer(esx02With([RTL, USB]), UNREADABLE))[0]).toBe(
      'esx02: unknown — the image database could not be read; vmnic0 (Realtek RTL8111/8168/8411, its install NIC) needs if-re; vusb0 (Realtek RTL8156/8156B, an uplink) needs vmkusb-nic-fling',
    );
  });
});

describe('blocking', () => {
  it('an install NIC with no driver on the release blocks, even when the other uplink is driven', () => {
    const killer = { name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '3000', role: 'uplink' } as NicInput;
    expect(answer(esx02With([killer, USB], { device: 'vmnic1' }), iso([vib('vmkusb-nic-fling', '1.14-7vmw.803.0.95.93415869')])).blocking).toBe(true);
  });

  it('a host without uplinks whose install NIC is inbox does not block', () => {
    const a = answer(esx02With([{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'unused', mac: '48:21:0b:5a:1c:08' } as NicInput], { device: 'vmnic0' }), iso([]));
    expect([a.answer, a.blocking]).toEqual(['yes', false]);
  });
});

describe('yes', () => {
  it('a host with inbox drivers only', () => {
    expect(driverAnswerLines(answer(demoSite(), iso([]), 'esx01'))).toEqual(["esx01: yes — its uplinks need no driver beyond ESXi's inbox drivers"]);
  });

  it('a stored answer without the carried version still reads', () => {
    const a: HostDriverAnswer = { host: 'esx09', answer: 'yes', blocking: false, sample: false, undriven: [], release: '8.0U3', needs: [{ nic: 'vmnic0', device: 'Realtek RTL8111/8168/8411', bus: 'pci', id: '10ec:8168', vib: 'if-re', role: 'management', onlyUplink: true, present: true, state: 'yes' }] };
    expect(driverAnswerLines(a)).toEqual(['esx09: yes — vmnic0 (Realtek RTL8111/8168/8411, its install NIC and only uplink) needs if-re; this ISO carries if-re']);
  });
});

describe('an answer from a plan made without the ISO', () => {
  it('nothing is known to be carried: a readable ISO does not carry it, an unreadable one is unknown', () => {
    expect(answer(demoSite(), iso([]), 'esx02', false).needs.map((n) => [n.nic, n.state, n.present])).toEqual([
      ['vmnic0', 'no', false],
      ['vusb0', 'no', false],
    ]);
    expect(answer(demoSite(), UNREADABLE, 'esx02', false).needs.map((n) => [n.nic, n.state, n.present])).toEqual([
      ['vmnic0', 'unreadable', null],
      ['vusb0', 'unreadable', null],
    ]);
  });
});

describe('the fixes without a list', () => {
  it('a release alone names no depot', () => {
    const a = answer(demoSite(), iso([]));
    expect(describeDriverFixes(a, { release: '8.0U3' })[1]).toBe('  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes (ESXi803-VMKUSB-NIC-FLING-93415869-component.zip), then pick that ISO so Sitekit checks it.');
  });
});
