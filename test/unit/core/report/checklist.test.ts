/** The per-host checklist says exactly what to do at the first boot when a kernel option must stay. */
import { describe, expect, it } from 'vitest';
import { buildChecklists } from '../../../../main/core/report/checklist';
import { Site } from '../../../../main/core/site/schema';
import { planOf } from '../../../helpers/plan';
import { demoSite } from '../../../helpers/hardware';

const withSecureBoot = (on: boolean) => {
  const s = demoSite();
  return Site.parse({ ...s, spec: { ...s.spec, secureBoot: on } });
};

describe('first-boot kernel options', () => {
  it('Secure Boot on: Shift+O at the first boot, then esxcli by hand (no %firstboot), and the BIOS alternative', () => {
    const lists = buildChecklists(withSecureBoot(true), new Map(), planOf(withSecureBoot(true)));
    const esx01 = lists.find((l) => l.hosts.includes('esx01'))!;
    const ids = esx01.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['first-boot-shift-o', 'first-boot-kernel-cpuuniformityhardcheckpanic', 'first-boot-kernel-ignoremsrfaults', 'bios-e-cores']));
    const shift = esx01.items.find((i) => i.id === 'first-boot-shift-o')!;
    expect(shift.text).toBe('First boot after the install (esx01): when the ESXi boot screen shows "Shift+O: Edit boot options", press Shift+O, type a space and cpuUniformityHardCheckPanic=FALSE ignoreMsrFaults=TRUE at the end of the line, press Enter');
    const persist = esx01.items.find((i) => i.id === 'first-boot-kernel-cpuuniformityhardcheckpanic')!;
    expect(persist.text).toBe('Once esx01 is up (ESXi Shell or SSH): esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE; check with esxcli system settings kernel list -o cpuUniformityHardCheckPanic (Configured: FALSE)');
    expect(persist.why).toMatch(/%firstboot .* does not run/);
    // esx02 (no hybrid CPU) gets no first-boot kernel items, but its only uplink is a USB NIC: the Fling's
    // settings at the console before the first reboot, exactly the module settings the plan carries (case 4).
    const esx02 = lists.find((l) => l.hosts.includes('esx02'))!;
    expect(esx02.items.filter((i) => i.id.startsWith('first-boot')).map((i) => i.id)).toEqual(['first-boot-usb-nic-esx02']);
    const usb = esx02.items.find((i) => i.id === 'first-boot-usb-nic-esx02')!;
    expect(usb.text).toBe(
      'First boot of esx02, before any reboot (at the console: Alt+F1, or the ESXi Shell from the DCUI): esxcli system module parameters set -m vmkusb_nic_fling -p "usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a"; then reboot once and check that esxcli network nic list shows vusb0 Up',
    );
    expect(usb.why).toMatch(/^Every uplink of esx02 is a USB NIC\. Secure Boot is on, so the kickstart's %firstboot .* does not run, and GitOps cannot deliver it/);
  });

  it('Secure Boot off: no console step for the USB NIC (the kickstart\'s %firstboot sets it)', () => {
    const esx02 = buildChecklists(withSecureBoot(false), new Map(), planOf(withSecureBoot(false))).find((l) => l.hosts.includes('esx02'))!;
    expect(esx02.items.some((i) => i.id.startsWith('first-boot-usb-nic'))).toBe(false);
  });

  it('Secure Boot off: still Shift+O at the first boot; the kickstart %firstboot persists it, the technician checks', () => {
    const esx01 = buildChecklists(withSecureBoot(false), new Map(), planOf(withSecureBoot(false))).find((l) => l.hosts.includes('esx01'))!;
    expect(esx01.items.some((i) => i.id === 'first-boot-shift-o')).toBe(true);
    expect(esx01.items.find((i) => i.id === 'first-boot-kernel-cpuuniformityhardcheckpanic')?.text).toMatch(/^Once esx01 is up: check esxcli system settings kernel list -o cpuUniformityHardCheckPanic shows Configured FALSE/);
  });
});
