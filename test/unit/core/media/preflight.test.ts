/**
 * What the Boot media step lists before a stick is built (requiredActions): each action the hardware check asks
 * of a host, who takes care of it, and the verified run that proves it done. The tests live beside the other
 * media tests so the folder's own tests cover preflight.ts (it was tested only from test/unit/core/host-plan).
 */
import { describe, expect, it } from 'vitest';
import { requiredActions, type RequiredActionView } from '../../../../main/core/media/preflight';
import type { InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const FLING = '1.14-7vmw.803.0.95.93415869';
const FLING_TEXT = `Inject the USB NIC Fling ${FLING} (ESXi803-VMKUSB-NIC-FLING-93415869-component.zip) into the install image.`;
const IF_RE_TEXT = 'Inject VMware Realtek Network Driver for ESXi if-re 1.101.01-5vmw.800.1.0.20613240 (Fling) (driver if_re) into the install image.';
const VERIFY_TEXT = 'Verify the CPU family against Broadcom KB 82794 (CPU support deprecation) for this release.';
const MODULE_TEXT = 'Set module parameters for vmkusb_nic_fling: usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a.';
const CONSOLE_TEXT =
  'First boot of esx02, before any reboot (at the console: Alt+F1, or the ESXi Shell from the DCUI): esxcli system module parameters set -m vmkusb_nic_fling -p "usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a"; then reboot once and check that esxcli network nic list shows vusb0 Up';
const SHA = 'c'.repeat(64);

type Run = Site['records']['media'][number];
type Carried = NonNullable<Run['carried']>[number];

/** The demo site with `patch` applied to its spec and the given media records. */
function site(patch: (spec: Site['spec']) => Site['spec'] = (s) => s, media: Run[] = []): Site {
  const s = demoSite();
  return Site.parse({ ...s, spec: patch(s.spec), records: { ...s.records, media } });
}

/** esx02 with its onboard RTL8111 as a second uplink (so it needs if-re) next to the USB NIC. */
const rtlUplink = (spec: Site['spec']): Site['spec'] => ({
  ...spec,
  hosts: spec.hosts.map((h) => (h.name === 'esx02' ? { ...h, hardware: { ...h.hardware, nics: h.hardware.nics.map((n) => ({ ...n, role: 'uplink' as const })) } } : h)),
});

/** A verified run for esx02 that carried the given drivers and kernel options. */
function run(at: string, target: string, carried: Omit<Carried, 'host' | 'driverOverride'>, extra: Partial<Run> = {}): Run {
  return { at, target, imageSha256: SHA, hosts: ['esx02'], verified: true, ejected: true, carried: [{ host: 'esx02', driverOverride: false, ...carried }], ...extra } as Run;
}

const actionsOf = (s: Site, host: string, isoCompared = false, installer?: InstallerContents): RequiredActionView[] =>
  requiredActions(s, planOf(s, installer ? { installer } : {}).hosts.find((h) => h.host === host)!, isoCompared);

const vib = (name: string, version: string) => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
const iso = (vibs: ReturnType<typeof vib>[]): InstallerContents => ({ readable: true, release: '8.0U3', vibs, bootModules: [], sample: false });

describe('requiredActions: who takes care of each action', () => {
  it('a USB-only host with Secure Boot on: the Fling is open, the Fling settings are the technician\'s at the console (not GitOps), the CPU check is open', () => {
    expect(actionsOf(site(), 'esx02')).toEqual([
      { kind: 'inject-usb-fling', text: FLING_TEXT, satisfied: false, how: 'open' },
      { kind: 'verify', text: VERIFY_TEXT, satisfied: false, how: 'open' },
      { kind: 'console', text: CONSOLE_TEXT, satisfied: false, how: 'technician' },
    ]);
  });

  it('with Secure Boot off the kickstart sets the Fling settings, so GitOps keeps them and there is no console step', () => {
    expect(actionsOf(site((s) => ({ ...s, secureBoot: false })), 'esx02')).toEqual([
      { kind: 'inject-usb-fling', text: FLING_TEXT, satisfied: false, how: 'open' },
      { kind: 'module-setting', text: MODULE_TEXT, satisfied: true, how: 'gitops' },
      { kind: 'verify', text: VERIFY_TEXT, satisfied: false, how: 'open' },
    ]);
  });

  it('a host with a PCI uplink beside the USB NIC keeps the Fling settings with GitOps and still gets the console step', () => {
    expect(actionsOf(site(rtlUplink), 'esx02')).toEqual([
      { kind: 'inject-driver', text: IF_RE_TEXT, satisfied: false, how: 'open' },
      { kind: 'inject-usb-fling', text: FLING_TEXT, satisfied: false, how: 'open' },
      { kind: 'module-setting', text: MODULE_TEXT, satisfied: true, how: 'gitops' },
      { kind: 'verify', text: VERIFY_TEXT, satisfied: false, how: 'open' },
      { kind: 'console', text: CONSOLE_TEXT, satisfied: false, how: 'technician' },
    ]);
  });

  it('kernel options are the stick\'s; a BIOS setting is the technician\'s (an MS-01 host)', () => {
    const ms01 = site((s) => ({
      ...s,
      hosts: [{ ...s.hosts[0]!, hardware: { model: 'minisforum-ms-01', ramGiB: 64, bootDiskGB: 1000, nics: [{ name: 'vmnic0', bus: 'pci', role: 'uplink', vendorId: '8086', deviceId: '125c', mac: '58:47:ca:70:00:01' }] } }, s.hosts[1]!],
    }));
    expect(actionsOf(ms01, 'esx01')).toEqual([
      { kind: 'kernel-option', text: 'Add the kernel option cpuUniformityHardCheckPanic=FALSE at install (and keep it set afterwards).', satisfied: true, how: 'stick' },
      { kind: 'kernel-option', text: 'Add the kernel option ignoreMsrFaults=TRUE at install (and keep it set afterwards).', satisfied: true, how: 'stick' },
      { kind: 'bios', text: 'BIOS: Intel VMD controller: Disabled (otherwise ESXi cannot see the NVMe drives).', satisfied: false, how: 'technician' },
    ]);
  });
});

describe('requiredActions with the chosen ISO compared', () => {
  it('an ISO with the Fling build that lists the adapter but no if-re: the Fling is the stick\'s, if-re stays open', () => {
    const a = actionsOf(site(rtlUplink), 'esx02', true, iso([vib('vmkusb-nic-fling', FLING)]));
    expect(a.filter((x) => x.kind.startsWith('inject-')).map((x) => [x.kind, x.satisfied, x.how])).toEqual([
      ['inject-driver', false, 'open'],
      ['inject-usb-fling', true, 'stick'],
    ]);
  });

  it('an ISO with if-re but no Fling: the other way round', () => {
    const a = actionsOf(site(rtlUplink), 'esx02', true, iso([vib('if-re', '1.101.01-5vmw.800.1.0.20613240')]));
    expect(a.filter((x) => x.kind.startsWith('inject-')).map((x) => [x.kind, x.satisfied, x.how])).toEqual([
      ['inject-driver', true, 'stick'],
      ['inject-usb-fling', false, 'open'],
    ]);
  });

  it('no record is cited when the ISO was compared: the ISO is the proof', () => {
    const withRun = site(rtlUplink, [run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }] }, { targetKind: 'device' })]);
    for (const a of actionsOf(withRun, 'esx02', true, iso([vib('vmkusb-nic-fling', FLING)]))) expect(a.record).toBeUndefined();
  });
});

describe('requiredActions without an ISO: verified runs prove what is done', () => {
  const fling = (a: RequiredActionView[]) => a.find((x) => x.kind === 'inject-usb-fling')!;
  const driver = (a: RequiredActionView[]) => a.find((x) => x.kind === 'inject-driver')!;

  it('a verified stick run that carried the Fling for vusb0 satisfies it and is cited; one for another NIC, or not present, does not', () => {
    const good = run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }] }, { targetKind: 'device' });
    expect(fling(actionsOf(site((s) => s, [good]), 'esx02'))).toEqual({ kind: 'inject-usb-fling', text: FLING_TEXT, satisfied: true, how: 'stick', record: `stick run 2026-12-06T10:00:00Z, /dev/sdb, image SHA-256 ${SHA}` });
    const otherNic = run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb1', present: true }] });
    const absent = run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: false }] });
    const unverified = { ...good, verified: false };
    for (const r of [otherNic, absent, unverified]) expect(fling(actionsOf(site((s) => s, [r]), 'esx02'))).toEqual({ kind: 'inject-usb-fling', text: FLING_TEXT, satisfied: false, how: 'open' });
  });

  it('a run for another host proves nothing for this one', () => {
    const r = { ...run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }] }), hosts: ['esx01'], carried: [{ host: 'esx01', driverOverride: false, kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }] }] } as Run;
    expect(fling(actionsOf(site((s) => s, [r]), 'esx02')).satisfied).toBe(false);
  });

  it('a PCI driver is satisfied only by a run that carried it for that NIC; the Fling by its own', () => {
    const both = run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }, { vib: 'if-re', nic: 'vmnic0', present: true }] });
    const a = actionsOf(site(rtlUplink, [both]), 'esx02');
    expect([driver(a).satisfied, driver(a).how, fling(a).satisfied]).toEqual([true, 'stick', true]);
    const flingOnly = run('2026-12-06T10:00:00Z', '/dev/sdb', { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }] });
    const b = actionsOf(site(rtlUplink, [flingOnly]), 'esx02');
    expect([driver(b), fling(b).satisfied]).toEqual([{ kind: 'inject-driver', text: IF_RE_TEXT, satisfied: false, how: 'open' }, true]);
  });

  it('the latest verified stick run is cited before any image file run, however recent', () => {
    const carried = { kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }] };
    const runs = [
      run('2026-12-01T10:00:00Z', '/dev/sdb', carried, { targetKind: 'device' }),
      run('2026-12-02T10:00:00Z', '/dev/sdc', carried, { targetKind: 'device' }),
      run('2026-12-03T10:00:00Z', '/home/tech/esx02.img', carried, { targetKind: 'file' }),
    ];
    expect(fling(actionsOf(site((s) => s, runs), 'esx02')).record).toBe(`stick run 2026-12-02T10:00:00Z, /dev/sdc, image SHA-256 ${SHA}`);
    expect(fling(actionsOf(site((s) => s, [runs[2]!]), 'esx02')).record).toBe(`image file run 2026-12-03T10:00:00Z, /home/tech/esx02.img, image SHA-256 ${SHA}`);
  });

  it('a kernel option is cited with the run that carried it, and only that option', () => {
    const s = site(
      (x) => x,
      [{ at: '2026-12-06T10:00:00Z', target: '/dev/sdb', targetKind: 'device', imageSha256: SHA, hosts: ['esx01'], verified: true, ejected: true, carried: [{ host: 'esx01', driverOverride: false, kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'], drivers: [] }] } as Run],
    );
    expect(actionsOf(s, 'esx01')).toEqual([
      { kind: 'kernel-option', text: 'Add the kernel option cpuUniformityHardCheckPanic=FALSE at install (and keep it set afterwards).', satisfied: true, how: 'stick', record: `stick run 2026-12-06T10:00:00Z, /dev/sdb, image SHA-256 ${SHA}` },
      { kind: 'kernel-option', text: 'Add the kernel option ignoreMsrFaults=TRUE at install (and keep it set afterwards).', satisfied: true, how: 'stick' },
    ]);
  });
});
