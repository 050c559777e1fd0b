/** Device rules one NIC at a time: the verdict, findings and actions a technician gets for each kind of NIC. */
import { describe, expect, it } from 'vitest';
import { checkDevice } from '../../../../main/core/hardware/engine';
import { Nic as NicSchema, type Release } from '../../../../main/core/site/schema';
import { shippedList } from '../../../helpers/hardware';

const list = shippedList();

describe('device rules, one NIC at a time (checkDevice)', () => {
  const device = (nic: Record<string, unknown>, release = '8.0U3', used = true) => checkDevice(NicSchema.parse(nic), list, release as Release, used);
  const fling803 = { kind: 'inject-usb-fling', build: '803-93415869', file: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip', vibVersion: '1.14-7vmw.803.0.95.93415869' };

  it('a PCI NIC known by name only is "unknown" and says which command shows its IDs', () => {
    expect(device({ name: 'vmnic0', bus: 'pci' })).toEqual({
      nic: 'vmnic0',
      bus: 'pci',
      label: 'PCI NIC vmnic0',
      role: 'uplink',
      used: true,
      match: { kind: 'none' },
      status: 'unknown',
      countsAsUplink: false,
      findings: [{ severity: 'warning', code: 'nic-ids-unknown', params: { nic: 'vmnic0', bus: 'pci' } }],
      actions: [{ kind: 'verify', what: 'the PCI IDs of vmnic0 (esxcli hardware pci list)' }],
      sources: [],
    });
  });

  it('a USB NIC known by name only still needs the release\'s Fling, and lsusb for its VID:PID', () => {
    const d = device({ name: 'vusb0', bus: 'usb', speedMbps: 2500 });
    expect(d).toMatchObject({ label: 'USB NIC vusb0', driver: 'vmkusb_nic_fling', speedMbps: 2500, status: 'unknown', countsAsUplink: false });
    expect(d.actions).toEqual([fling803, { kind: 'verify', what: 'the USB VID:PID of vusb0 (lsusb)' }]);
    expect(device({ name: 'vusb0', bus: 'usb' }, '7.0U3').actions[0]).toMatchObject({ kind: 'inject-usb-fling', build: '703-55634242' });
  });

  it('a PCI device the list lacks asks to verify a driver for its IDs on the release, keeping its entered speed', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '15b3', deviceId: '1015', speedMbps: 25000 });
    expect(d).toMatchObject({ label: 'PCI 15b3:1015', speedMbps: 25000, status: 'unknown', match: { kind: 'none' }, countsAsUplink: false });
    expect(d.findings).toEqual([{ severity: 'warning', code: 'pci-not-in-list', params: { id: '15b3:1015' } }]);
    expect(d.actions).toEqual([{ kind: 'verify', what: 'that ESXi 8.0U3 has a driver for PCI 15b3:1015' }]);
  });

  it('a family whose driver on the release is not established asks to watch the installer, with the list\'s note', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15df' });
    expect(d).toMatchObject({ label: 'I219-LM (8)', status: 'unknown', driver: 'ne1000', speedMbps: 1000, evidence: 'unverified', match: { kind: 'pci-family', id: 'intel-i219-8-9' } });
    expect(d.findings[0]).toMatchObject({ severity: 'warning', code: 'pci-status-unknown', params: { name: 'I219-LM (8)', release: '8.0U3', note: 'not in the Community Fling; inbox ne1000 coverage not checked' } });
    expect(d.actions).toEqual([{ kind: 'verify', what: 'that the ESXi 8.0U3 installer detects the I219-LM (8)' }]);
  });

  it('a NIC with no driver is an error when used and a warning when not; it never counts as an uplink', () => {
    const used = device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '3000' });
    expect(used).toMatchObject({ status: 'unsupported', countsAsUplink: false, actions: [] });
    expect(used.findings).toEqual([expect.objectContaining({ severity: 'error', code: 'pci-no-driver', params: { name: 'Killer E3000', release: '8.0U3' } })]);
    const spare = device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '3000' }, '8.0U3', false);
    expect(spare.findings.map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'pci-no-driver'],
      ['info', 'nic-unused'],
    ]);
  });

  it('a Fling driver and a community driver are told apart, each naming the package to inject', () => {
    const realtek = device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168' });
    expect(realtek.findings[0]).toMatchObject({ severity: 'warning', code: 'pci-fling-driver', params: { driver: 'if_re', release: '8.0U3' } });
    expect(realtek.actions).toEqual([{ kind: 'inject-driver', package: realtek.findings[0]!.params.package, driver: 'if_re' }]);
    expect(String(realtek.findings[0]!.params.package)).toContain('if-re');
    const igc = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3' }, '7.0U3');
    expect(igc.findings[0]).toMatchObject({ severity: 'warning', code: 'pci-community-driver', params: { name: 'I225-V', driver: 'igc-community', release: '7.0U3' } });
    expect(igc).toMatchObject({ status: 'supported-with-actions', countsAsUplink: true, speedMbps: 2500 });
  });

  it('an inbox driver whose claim is unverified says so next to the driver', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '14e4', deviceId: '165f' });
    expect(d).toMatchObject({ status: 'supported', driver: 'ntg3', evidence: 'unverified' });
    expect(d.findings.map((f) => [f.severity, f.code])).toEqual([
      ['info', 'pci-inbox'],
      ['info', 'evidence-unverified'],
    ]);
    expect(d.findings[1]!.params).toEqual({ subject: d.label });
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }).findings.map((f) => f.code)).toEqual(['pci-inbox']);
  });

  it('a listed USB device whose product is unknown is "unknown" with the Fling still to inject', () => {
    const d = device({ name: 'vusb1', bus: 'usb', vendorId: '18d1', deviceId: '0215' });
    expect(d).toMatchObject({ status: 'unknown', driver: 'vmkusb_nic_fling', countsAsUplink: false, match: { kind: 'usb-listed', id: '18d1:0215' } });
    expect(d.findings.map((f) => [f.severity, f.code])).toEqual([
      ['info', 'usb-listed'],
      ['warning', 'usb-product-unknown'],
    ]);
    expect(d.findings[0]!.params.build).toBe('1.14-7vmw.803.0.95.93415869');
    expect(d.actions).toEqual([fling803]);
  });

  it('a USB adapter the release\'s build lacks names the releases that list it; unused it is a warning', () => {
    const d = device({ name: 'vusb1', bus: 'usb', vendorId: '2cc8', deviceId: '2927' }, '8.0U3', false);
    expect(d.status).toBe('unsupported');
    expect(d.findings[0]).toMatchObject({ severity: 'warning', code: 'usb-not-in-release-build', params: { id: '2cc8:2927', release: '8.0U3', listedIn: '9.0' } });
    expect(d.actions).toEqual([{ kind: 'change-release', to: '9.0' }]);
    expect(device({ name: 'vusb1', bus: 'usb', vendorId: '2cc8', deviceId: '2927' }).findings[0]?.severity).toBe('error');
  });

  it('an unlisted USB adapter: a CDC class may work (Fling plus a test host), a known other class is refused, an unknown class is to be read', () => {
    const cdc = device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: '020600', speedMbps: 1000 });
    expect(cdc).toMatchObject({ driver: 'vmkusb_nic_fling', speedMbps: 1000, status: 'unknown' });
    expect(cdc.findings[0]).toMatchObject({ severity: 'warning', code: 'usb-cdc-class-untested', params: { id: '04e8:a101' } });
    expect(cdc.actions).toEqual([fling803, { kind: 'verify', what: 'the USB adapter 04e8:a101 on one host before site rollout' }]);
    const other = device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: 'ff0000' });
    expect(other).toMatchObject({ status: 'unsupported', actions: [], match: { kind: 'none' } });
    expect(other.findings).toEqual([{ severity: 'error', code: 'usb-not-listed', params: { id: '04e8:a101' } }]);
    expect(device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: 'ff0000' }, '8.0U3', false).findings[0]?.severity).toBe('warning');
    const unknown = device({ name: 'vusb1', bus: 'usb', vendorId: '1234', deviceId: '5678', speedMbps: 1000 });
    expect(unknown).toMatchObject({ status: 'unknown', speedMbps: 1000 });
    expect(unknown.findings).toEqual([{ severity: 'warning', code: 'usb-not-listed-class-unknown', params: { id: '1234:5678' } }]);
    expect(unknown.actions).toEqual([{ kind: 'verify', what: 'the interface class of 1234:5678 with "lsusb -v" (CDC ECM/NCM may work, untested)' }]);
  });

  it('a supported NIC at exactly the minimum speed counts as an uplink; one below it does not; an unknown speed is noted', () => {
    const at = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', speedMbps: 1000 });
    expect(at.countsAsUplink).toBe(true);
    expect(at.findings.map((f) => f.code)).not.toContain('nic-too-slow');
    const below = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', speedMbps: 999 });
    expect(below.countsAsUplink).toBe(false);
    expect(below.findings).toContainEqual({ severity: 'warning', code: 'nic-too-slow', params: { nic: 'vmnic0', speedMbps: 999, minMbps: 1000 } });
    const unknownSpeed = device({ name: 'vusb1', bus: 'usb', vendorId: '17ef', deviceId: '720a' });
    expect(unknownSpeed.speedMbps).toBeUndefined();
    expect(unknownSpeed.findings).toContainEqual({ severity: 'info', code: 'nic-speed-unknown', params: { nic: 'vusb1' } });
    expect(unknownSpeed.countsAsUplink).toBe(true);
  });

  it('the technician\'s label, MAC and IDs are kept; a NIC marked unused or not used never counts', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', label: 'LAN port left', mac: '48:21:0b:5a:1c:07' });
    expect(d).toMatchObject({ label: 'LAN port left', mac: '48:21:0b:5a:1c:07', vendorId: '8086', deviceId: '125c', countsAsUplink: true });
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'unused' }).countsAsUplink).toBe(false);
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }, '8.0U3', false).countsAsUplink).toBe(false);
  });

  it('a NIC marked BMC gets no speed or "unused" notes and never counts', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'bmc', speedMbps: 100 }, '8.0U3', false);
    expect(d).toMatchObject({ role: 'bmc', countsAsUplink: false });
    expect(d.findings.map((f) => f.code)).toEqual(['pci-inbox']);
  });
});
