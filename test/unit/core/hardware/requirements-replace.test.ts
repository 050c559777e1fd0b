/** Requirements from actions: repeated actions written once, what the engine replaces and what it keeps. */
import { describe, expect, it } from 'vitest';
import { requirementsFromActions } from '../../../../main/core/hardware/requirements';
import { HostRequirements } from '../../../../main/core/site/schema';

describe('requirements: what is replaced and what is kept', () => {
  it('repeated actions are written once; the Fling is named by its file; nothing asked means no Fling and no driver packages', () => {
    const r = requirementsFromActions([
      { kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE' },
      { kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE' },
      { kind: 'bios', setting: 'VMD: Disabled' },
      { kind: 'bios', setting: 'VMD: Disabled' },
      { kind: 'inject-usb-fling', build: '803-93415869', file: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip', vibVersion: '1.14-7' },
      { kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' },
      { kind: 'change-release', to: '8.0U3' },
    ]);
    expect(r).toEqual({
      usbNicFling: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip',
      kernelOptions: ['ignoreMsrFaults=TRUE'],
      biosSettings: ['VMD: Disabled'],
      moduleSettings: [{ module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }],
    });
    expect(requirementsFromActions([])).toEqual({ kernelOptions: [], biosSettings: [], moduleSettings: [] });
  });

  it('a hand-added kernel option gives way to the engine\'s value for the same option name', () => {
    const previous = HostRequirements.parse({ kernelOptions: ['autoPartition=FALSE', 'ignoreMsrFaults=FALSE', 'cpuUniformityHardCheckPanic=FALSE'] });
    expect(requirementsFromActions([{ kind: 'kernel-option', option: 'autoPartition=TRUE' }], previous).kernelOptions).toEqual(['autoPartition=TRUE']);
    expect(requirementsFromActions([], previous).kernelOptions).toEqual(['autoPartition=FALSE']);
  });

  it('module settings: a new setting of a module replaces its old one; other modules are kept; the Fling\'s old one goes unless the NICs are unknown', () => {
    const previous = HostRequirements.parse({ moduleSettings: [{ module: 'nmlx5_core', options: 'x=1' }, { module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }] });
    expect(requirementsFromActions([{ kind: 'module-setting', module: 'nmlx5_core', options: 'x=2' }], previous).moduleSettings).toEqual([{ module: 'nmlx5_core', options: 'x=2' }]);
    expect(requirementsFromActions([{ kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' }], previous, { nicsKnown: false }).moduleSettings).toEqual([
      { module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' },
      { module: 'nmlx5_core', options: 'x=1' },
    ]);
    expect(requirementsFromActions([], previous).moduleSettings).toEqual([{ module: 'nmlx5_core', options: 'x=1' }]);
  });
});
