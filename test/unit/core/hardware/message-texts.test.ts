/** The exact sentences a technician reads for actions, quirks, CPU decisions, optional parts, statuses and inventory issues. */
import { describe, expect, it } from 'vitest';
import { describeAction, describeEvidence, describeFinding, describeInventoryIssue, describeNicIds, describeStatus } from '../../../../main/core/hardware/messages';
import { EVIDENCE_LEVELS } from '../../../../main/core/hardware/schema';
import { VERDICT_STATUSES, type FindingCode, type Params } from '../../../../main/core/hardware/verdict';

describe('the sentences a technician reads', () => {
  const say = (code: FindingCode, params: Params = {}) => describeFinding({ severity: 'info', code, params });

  it('every action is one imperative sentence that names what to inject, set or pick', () => {
    expect(describeAction({ kind: 'inject-usb-fling', build: '803-93415869', file: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip', vibVersion: '1.14-7vmw.803.0.95.93415869' })).toBe(
      'Inject the USB NIC Fling 1.14-7vmw.803.0.95.93415869 (ESXi803-VMKUSB-NIC-FLING-93415869-component.zip) into the install image.',
    );
    expect(describeAction({ kind: 'inject-driver', package: 'if-re.zip', driver: 'if_re' })).toBe('Inject if-re.zip (driver if_re) into the install image.');
    expect(describeAction({ kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE' })).toBe('Add the kernel option ignoreMsrFaults=TRUE at install (and keep it set afterwards).');
    expect(describeAction({ kind: 'bios', setting: 'Intel VMD controller: Disabled' })).toBe('BIOS: Intel VMD controller: Disabled.');
    expect(describeAction({ kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' })).toBe('Set module parameters for vmkusb_nic_fling: usbBusFullScanOnBootEnabled=1.');
    expect(describeAction({ kind: 'pick-another-uplink', nic: 'vusb0', suggestion: 'vmnic0' })).toBe('Use vmnic0 instead of vusb0 as the uplink.');
    expect(describeAction({ kind: 'pick-another-uplink', nic: 'vusb0' })).toBe('Pick another uplink than vusb0 (add a supported NIC, e.g. a listed USB adapter).');
    expect(describeAction({ kind: 'verify', what: 'the PCI IDs of vmnic0' })).toBe('Verify the PCI IDs of vmnic0.');
    expect(describeAction({ kind: 'change-release', to: '8.0U3' })).toBe('Use ESXi 8.0U3 for this host, or pick another adapter.');
  });

  it('each known quirk has its own advice, naming the kernel option or BIOS setting; an unknown quirk is named', () => {
    const quirk = (q: string, model = 'NUC 8 Pro') => say('quirk', { quirk: q, model });
    expect(quirk('hybrid-cores')).toContain('cpuUniformityHardCheckPanic=FALSE');
    expect(quirk('hybrid-cores')).toContain('Fatal CPU mismatch');
    expect(quirk('msr-faults-13th-gen')).toContain('ignoreMsrFaults=TRUE');
    expect(quirk('vmd-disable')).toBe('Intel VMD must be disabled in the BIOS, or ESXi cannot see the NVMe drives.');
    expect(quirk('cpu-deprecation-check')).toBe('The CPU of the NUC 8 Pro is old: check it against Broadcom KB 82794 for this release before the trip.');
    expect(quirk('meteor-lake-verify')).toContain('install one unit as a test first');
    expect(quirk('release-7-eogs')).toContain('prefer 8.0U3');
    expect(quirk('bmc-usb-nic')).toContain('never an uplink');
    expect(quirk('uefi-only-boot')).toContain('UEFI boot');
    expect(quirk('new-quirk')).toBe('Known quirk new-quirk.');
    const texts = ['hybrid-cores', 'msr-faults-13th-gen', 'vmd-disable', 'cpu-deprecation-check', 'meteor-lake-verify', 'release-7-eogs', 'bmc-usb-nic', 'uefi-only-boot'].map((q) => quirk(q));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('a CPU quirk the box decided says what the CPU needs, why, and what the model would have asked for', () => {
    const base = { quirk: 'hybrid-cores', cpu: 'Intel(R) Core(TM) i5-12500', counts: '6 cores, 12 threads', basis: 'threads-even', model: 'Intel NUC 13 Pro', modelCpu: 'Core i7-1360P' };
    expect(say('cpu-quirk-by-inventory', { ...base, applies: false })).toBe(
      'The CPU this box shows, Intel(R) Core(TM) i5-12500 (6 cores, 12 threads; twice as many threads as cores: no E-cores), does not need the hybrid-CPU kernel option cpuUniformityHardCheckPanic=FALSE, which the model Intel NUC 13 Pro (Core i7-1360P) would have asked for: the CPU decides.',
    );
    expect(say('cpu-quirk-by-inventory', { quirk: 'msr-faults-13th-gen', cpu: 'i7-1360P', counts: 'core count unknown', basis: 'sku', applies: true })).toMatch(
      /^The CPU this box shows, i7-1360P \(core count unknown; known from its model number\), needs the 13th-generation kernel option ignoreMsrFaults=TRUE; no model is chosen, so the CPU decides\.$/,
    );
    expect(say('cpu-quirk-by-inventory', { ...base, quirk: 'meteor-lake-verify', basis: 'threads', applies: true })).toContain('needs the Meteor Lake test install, which the model');
    expect(say('cpu-quirk-by-inventory', { ...base, basis: 'family' })).toContain('(6 cores, 12 threads; a CPU family without hybrid parts)');
    expect(say('cpu-quirk-by-inventory', { ...base, basis: 'model', quirk: 'other' })).toContain('(6 cores, 12 threads), does not need other, which');
  });

  it('optional parts of a sentence appear only when their value is there', () => {
    expect(say('pci-status-unknown', { name: 'I219-LM (8)', release: '8.0U3', note: 'map file not read' })).toBe('Whether ESXi 8.0U3 drives I219-LM (8) is not established (map file not read).');
    expect(say('pci-status-unknown', { name: 'I219-LM (8)', release: '8.0U3' })).toBe('Whether ESXi 8.0U3 drives I219-LM (8) is not established.');
    expect(say('model-known', { model: 'NUC 13 Pro', cpu: 'i7-1360P', cores: 12, hybrid: true })).toBe('Model NUC 13 Pro: i7-1360P, 12 cores, hybrid P+E cores.');
    expect(say('model-known', { model: 'NUC 11 Pro', cpu: 'i5-1135G7', cores: 4, hybrid: false })).toBe('Model NUC 11 Pro: i5-1135G7, 4 cores.');
    expect(say('install-nic-no-driver', { nic: 'vmnic0', label: 'Killer E3000', release: '8.0U3', suggestion: 'vusb0' })).toBe(
      'The install NIC vmnic0 (Killer E3000) has no driver on ESXi 8.0U3: the installer will not even see it. Pick another install NIC (vusb0 has a driver).',
    );
    expect(say('install-nic-no-driver', { nic: 'vmnic0', label: 'Killer E3000', release: '8.0U3' })).toMatch(/Pick another install NIC\.$/);
  });

  it('a NIC without IDs is told which command shows them, by bus', () => {
    expect(say('nic-ids-unknown', { nic: 'vusb0', bus: 'usb' })).toContain('Run lsusb');
    expect(say('nic-ids-unknown', { nic: 'vusb0', bus: 'usb' })).toContain('The USB VID:PID of vusb0 is unknown');
    expect(say('nic-ids-unknown', { nic: 'vmnic0', bus: 'pci' })).toContain('Add "esxcli hardware pci list"');
    expect(say('nic-ids-unknown', { nic: 'vmnic0', bus: 'pci' })).toContain('The PCI IDs of vmnic0 are unknown');
  });

  it('a driver the installer ISO lacks says what breaks, by the NIC\'s role', () => {
    const p = { nic: 'vmnic0', device: 'I226-V', vib: 'if-re' };
    expect(say('driver-not-carried', { ...p, role: 'install' })).toBe('vmnic0 (I226-V, the install NIC) needs if-re, which the installer ISO does not carry: the installer will not see the NIC it installs through.');
    expect(say('driver-not-carried', { ...p, role: 'uplink' })).toBe('vmnic0 (I226-V, an uplink) needs if-re, which the installer ISO does not carry: the NIC will have no driver after install.');
    expect(say('driver-not-carried', { ...p, role: 'unused' })).toContain('(I226-V, not an uplink)');
    expect(say('driver-wrong-build', { ...p, id: '8086:125c', minBuild: '1.2', carried: '1.1', role: 'uplink' })).toBe(
      'vmnic0 (I226-V, 8086:125c, an uplink) is listed by if-re only from 1.2; the ISO carries 1.1, which does not list it: the installer would find no vmnic0.',
    );
  });

  it('statuses and evidence levels have their own words', () => {
    expect(VERDICT_STATUSES.map(describeStatus)).toEqual(['Supported', 'Supported with actions', 'Not supported', 'Unknown']);
    expect(EVIDENCE_LEVELS.map(describeEvidence)).toEqual(['verified in the driver binary', 'verified in a primary source', 'community report', 'unverified']);
  });

  it('inventory issues name the line and what to paste next', () => {
    expect(describeInventoryIssue({ code: 'not-recognised', line: 3 })).toBe('Line 3: not recognised.');
    expect(describeInventoryIssue({ code: 'not-recognised', line: 3, text: 'x'.repeat(100) })).toBe(`Line 3: not recognised: "${'x'.repeat(80)}".`);
    expect(describeInventoryIssue({ code: 'empty', line: 0 })).toBe('The inventory text is empty.');
    expect(describeInventoryIssue({ code: 'no-ids', line: 4, text: 'vmnic2' })).toBe('Line 4: vmnic2 has no PCI IDs; add "esxcli hardware pci list" output to identify it.');
    expect(describeInventoryIssue({ code: 'no-ids', line: 4 })).toContain('Line 4: this adapter has no PCI IDs');
    expect(describeInventoryIssue({ code: 'unknown-format', line: 1 })).toBe('Line 1: the text is not lspci, lsusb, esxcli, dmidecode or ip link output.');
    expect(describeInventoryIssue({ code: 'unknown-format', line: 1, text: 'y'.repeat(90) })).toBe(`Line 1: the text is not lspci, lsusb, esxcli, dmidecode or ip link output ("${'y'.repeat(80)}").`);
    expect(describeInventoryIssue({ code: 'link-unplaced', line: 9, text: 'enx00e04c68156a' })).toMatch(/^Line 9: enx00e04c68156a: its MAC was read, .*altname lines.*lsusb -v of the same box\.$/);
    expect(describeInventoryIssue({ code: 'link-unplaced', line: 9 })).toContain('Line 9: this interface: its MAC was read');
    expect(describeInventoryIssue({ code: 'nic-unmatched', line: 2, text: 'vusb0' })).toMatch(/^Line 2: vusb0 could not be told apart .*read "lsusb -v" \(it shows each adapter's MAC\) with it\.$/);
    expect(describeInventoryIssue({ code: 'nic-unmatched', line: 2 })).toContain('Line 2: this NIC could not be told apart');
  });

  it('NIC IDs are shown as vendor:device, or what is missing by bus', () => {
    expect(describeNicIds({ bus: 'pci', vendorId: '8086', deviceId: '125c' })).toBe('8086:125c');
    expect(describeNicIds({ bus: 'usb' })).toBe('VID:PID unknown');
    expect(describeNicIds({ bus: 'pci' })).toBe('PCI IDs unknown');
    expect(describeNicIds({ bus: 'pci', vendorId: '8086' })).toBe('PCI IDs unknown');
  });
});
