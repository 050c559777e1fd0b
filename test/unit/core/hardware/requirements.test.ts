/** Verdict actions become host.requirements that the media and manifests steps read. */
import { describe, expect, it } from 'vitest';
import { requirementsFromActions } from '../../../../main/core/hardware/requirements';
import { checkedSite } from '../../../helpers/plan';
import { Site, HostRequirements } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';

describe('requirements from a verdict', () => {
  it('writes kernel options, the USB NIC Fling and the module settings into the demo site, and the result still validates', () => {
    const site = demoSite();
    const applied = checkedSite(site, shippedList());
    const [esx01, esx02] = applied.spec.hosts;
    expect(esx01?.requirements).toEqual({ kernelOptions: ['cpuUniformityHardCheckPanic=FALSE', 'ignoreMsrFaults=TRUE'], biosSettings: [], moduleSettings: [] });
    expect(esx02?.requirements).toEqual({
      usbNicFling: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip',
      kernelOptions: [],
      biosSettings: [],
      moduleSettings: [{ module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' }],
    });
    expect(Site.safeParse(applied).success).toBe(true);
    // the input site is not changed
    expect(site.spec.hosts[0]?.requirements.kernelOptions).toEqual([]);
  });

  it('replaces what the engine owns, keeps kernel options added by hand, and drops a Fling no longer needed', () => {
    const previous = HostRequirements.parse({ usbNicFling: 'old.zip', kernelOptions: ['ignoreMsrFaults=TRUE', 'autoPartition=FALSE'] });
    const r = requirementsFromActions([{ kind: 'kernel-option', option: 'cpuUniformityHardCheckPanic=FALSE' }, { kind: 'bios', setting: 'VMD: Disabled' }], previous);
    expect(r).toEqual({ kernelOptions: ['cpuUniformityHardCheckPanic=FALSE', 'autoPartition=FALSE'], biosSettings: ['VMD: Disabled'], moduleSettings: [] });
  });

  it('carries driver packages (e.g. the Realtek if-re Fling) and ignores advice-only actions', () => {
    const r = requirementsFromActions([
      { kind: 'inject-driver', package: 'if-re.zip', driver: 'if_re' },
      { kind: 'inject-driver', package: 'if-re.zip', driver: 'if_re' },
      { kind: 'verify', what: 'something' },
      { kind: 'pick-another-uplink', nic: 'vmnic0' },
    ]);
    expect(r).toEqual({ kernelOptions: [], biosSettings: [], moduleSettings: [], driverPackages: ['if-re.zip'] });
    expect(HostRequirements.safeParse(r).success).toBe(true);
  });
});

describe('module settings from an imported repo', () => {
  const imported = HostRequirements.parse({ moduleSettings: [{ module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' }, { module: 'nmlx5_core', options: 'x=1' }] });
  it('are kept while the host\'s NICs are not known (nothing imported is lost)', () => {
    expect(requirementsFromActions([], imported, { nicsKnown: false }).moduleSettings).toEqual(imported.moduleSettings);
  });
  it('the Fling\'s are the engine\'s once the NICs are known and none needs it; other modules stay', () => {
    expect(requirementsFromActions([], imported, { nicsKnown: true }).moduleSettings).toEqual([{ module: 'nmlx5_core', options: 'x=1' }]);
  });
});
