/**
 * The Boot media step's actions when a driver serves several NICs, or one of several: every NIC the action is
 * for must be driven (by the chosen ISO, or by a verified run's record), and only those NICs count; records
 * without what was carried, or for other hosts, prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { requiredActions, type RequiredActionView } from '../../../../main/core/media/preflight';
import type { InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const SHA = 'd'.repeat(64);
type Run = Site['records']['media'][number];
type NicInput = Site['spec']['hosts'][number]['hardware']['nics'][number];

function esx02With(nics: NicInput[], media: Run[] = []): Site {
  const d = demoSite();
  return Site.parse({ ...d, spec: { ...d.spec, hosts: [d.spec.hosts[0]!, { ...d.spec.hosts[1]!, hardware: { ...d.spec.hosts[1]!.hardware, nics } }] }, records: { ...d.records, media } });
}

const stickRun = (at: string, carried: Run['carried'], hosts = ['esx02']): Run => ({ at, target: '/dev/sdb', targetKind: 'device', imageSha256: SHA, hosts, verified: true, ejected: true, ...(carried ? { carried } : {}) }) as Run;
const forEsx02 = (drivers: { vib: string; nic: string; present: boolean }[]): NonNullable<Run['carried']>[number] => ({ host: 'esx02', kernelOptions: [], drivers, driverOverride: false });

const action = (s: Site, kind: string, isoCompared = false, installer?: InstallerContents): RequiredActionView =>
  requiredActions(s, planOf(s, installer ? { installer } : {}).hosts.find((h) => h.host === 'esx02')!, isoCompared).find((a) => a.kind === kind)!;

/** esx02: an I226-V (inbox, the install NIC), an RTL8111 uplink that needs if-re, an RTL8125 not used. */
const PCI: NicInput[] = [
  { name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', mac: '48:21:0b:5a:1c:08', role: 'uplink' },
  { name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'uplink' },
  { name: 'vmnic2', bus: 'pci', vendorId: '10ec', deviceId: '8125', role: 'unused' },
] as NicInput[];
/** esx02: two USB uplinks, an RTL8156 (every Fling build lists it) and an RTL8157 (only 1.14-7 does). */
const TWO_USB: NicInput[] = [
  { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a', role: 'uplink' },
  { name: 'vusb1', bus: 'usb', vendorId: '0bda', deviceId: '8157', mac: '00:e0:4c:68:15:6b', role: 'uplink' },
] as NicInput[];

const vib = (name: string, version: string) => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
const iso = (vibs: ReturnType<typeof vib>[]): InstallerContents => ({ readable: true, release: '8.0U3', vibs, bootModules: [], sample: false });

describe('a PCI driver counts only for the uplinks that need it', () => {
  it('a run that carried if-re for the RTL8111 uplink satisfies it: the inbox install NIC and the unused RTL8125 are not asked for', () => {
    const s = esx02With(PCI, [stickRun('2026-12-06T10:00:00Z', [forEsx02([{ vib: 'if-re', nic: 'vmnic1', present: true }])])]);
    expect(action(s, 'inject-driver')).toMatchObject({ satisfied: true, how: 'stick', record: `stick run 2026-12-06T10:00:00Z, /dev/sdb, image SHA-256 ${SHA}` });
  });

  it('an ISO that carries if-re satisfies it, though the inbox install NIC has nothing carried', () => {
    expect(action(esx02With(PCI), 'inject-driver', true, iso([vib('if-re', '1.101.01-5vmw.800.1.0.20613240')]))).toMatchObject({ satisfied: true, how: 'stick' });
  });
});

describe('the Fling for two USB uplinks', () => {
  it('an ISO whose Fling build lists only one of them leaves it open', () => {
    expect(action(esx02With(TWO_USB), 'inject-usb-fling', true, iso([vib('vmkusb-nic-fling', '1.14-1vmw.803.0.0.75399077')]))).toMatchObject({ satisfied: false, how: 'open' });
    expect(action(esx02With(TWO_USB), 'inject-usb-fling', true, iso([vib('vmkusb-nic-fling', '1.14-7vmw.803.0.95.93415869')]))).toMatchObject({ satisfied: true, how: 'stick' });
  });

  it('compared against a plan made without the ISO\'s contents, nothing is known to be carried: open', () => {
    expect(action(esx02With(TWO_USB), 'inject-usb-fling', true)).toMatchObject({ satisfied: false, how: 'open' });
  });

  it('a run that carried it for one of them only leaves it open; for both, it is the stick\'s', () => {
    const one = esx02With(TWO_USB, [stickRun('2026-12-06T10:00:00Z', [forEsx02([{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }])])]);
    expect(action(one, 'inject-usb-fling')).toEqual(expect.objectContaining({ satisfied: false, how: 'open' }));
    expect(action(one, 'inject-usb-fling').record).toBeUndefined();
    const both = esx02With(TWO_USB, [stickRun('2026-12-06T10:00:00Z', [forEsx02([{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }, { vib: 'vmkusb-nic-fling', nic: 'vusb1', present: true }])])]);
    expect(action(both, 'inject-usb-fling')).toMatchObject({ satisfied: true, how: 'stick' });
  });
});

describe('which record is cited', () => {
  const fling = [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }];

  it('a run that recorded nothing carried, or carried only for another host it also covered, proves nothing', () => {
    const noCarried = demoRun([stickRun('2026-12-06T10:00:00Z', undefined)]);
    expect(action(noCarried, 'inject-usb-fling')).toMatchObject({ satisfied: false, how: 'open' });
    const otherHost = demoRun([stickRun('2026-12-06T10:00:00Z', [{ host: 'esx01', kernelOptions: [], drivers: fling, driverOverride: false }], ['esx01', 'esx02'])]);
    expect(action(otherHost, 'inject-usb-fling')).toMatchObject({ satisfied: false, how: 'open' });
  });

  it('a run for both hosts: this host\'s part of it counts, wherever it is in the record', () => {
    const s = demoRun([stickRun('2026-12-06T10:00:00Z', [{ host: 'esx01', kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'], drivers: [], driverOverride: false }, forEsx02(fling)], ['esx01', 'esx02'])]);
    expect(action(s, 'inject-usb-fling')).toMatchObject({ satisfied: true, how: 'stick' });
  });

  it('of three verified stick runs, the last one is cited', () => {
    const s = demoRun(['2026-12-01T10:00:00Z', '2026-12-02T10:00:00Z', '2026-12-03T10:00:00Z'].map((at) => stickRun(at, [forEsx02(fling)])));
    expect(action(s, 'inject-usb-fling').record).toBe(`stick run 2026-12-03T10:00:00Z, /dev/sdb, image SHA-256 ${SHA}`);
  });

  /** The demo site (esx02: the USB RTL8156 uplink) with these runs. */
  function demoRun(media: Run[]): Site {
    const d = demoSite();
    return Site.parse({ ...d, records: { ...d.records, media } });
  }
});
