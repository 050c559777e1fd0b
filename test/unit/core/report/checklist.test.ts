/** The per-host checklist says exactly what to do at the first boot when a kernel option must stay. */
import { describe, expect, it } from 'vitest';
import { buildChecklists } from '../../../../main/core/report/checklist';
import { Site } from '../../../../main/core/site/schema';
import { applyVerdictToSite } from '../../../../main/core/hardware/requirements';
import { checkSite } from '../../../../main/core/hardware/engine';
import { demoSite, shippedList } from '../../../helpers/hardware';

const withSecureBoot = (on: boolean) => {
  const s = demoSite();
  return applyVerdictToSite(Site.parse({ ...s, spec: { ...s.spec, secureBoot: on } }), checkSite(s, shippedList()));
};

describe('first-boot kernel options', () => {
  it('Secure Boot on: Shift+O at the first boot, then esxcli by hand (no %firstboot), and the BIOS alternative', () => {
    const lists = buildChecklists(withSecureBoot(true), new Map());
    const esx01 = lists.find((l) => l.hosts.includes('esx01'))!;
    const ids = esx01.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['first-boot-shift-o', 'first-boot-kernel-cpuuniformityhardcheckpanic', 'first-boot-kernel-ignoremsrfaults', 'bios-e-cores']));
    const shift = esx01.items.find((i) => i.id === 'first-boot-shift-o')!;
    expect(shift.text).toBe('First boot after the install (esx01): when the ESXi boot screen shows "Shift+O: Edit boot options", press Shift+O, type a space and cpuUniformityHardCheckPanic=FALSE ignoreMsrFaults=TRUE at the end of the line, press Enter');
    const persist = esx01.items.find((i) => i.id === 'first-boot-kernel-cpuuniformityhardcheckpanic')!;
    expect(persist.text).toBe('Once esx01 is up (ESXi Shell or SSH): esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE; check with esxcli system settings kernel list -o cpuUniformityHardCheckPanic (Configured: FALSE)');
    expect(persist.why).toMatch(/%firstboot .* does not run/);
    // esx02 (no hybrid CPU) gets no first-boot kernel items
    const esx02 = lists.find((l) => l.hosts.includes('esx02'))!;
    expect(esx02.items.some((i) => i.id.startsWith('first-boot'))).toBe(false);
  });

  it('Secure Boot off: still Shift+O at the first boot; the kickstart %firstboot persists it, the technician checks', () => {
    const esx01 = buildChecklists(withSecureBoot(false), new Map()).find((l) => l.hosts.includes('esx01'))!;
    expect(esx01.items.some((i) => i.id === 'first-boot-shift-o')).toBe(true);
    expect(esx01.items.find((i) => i.id === 'first-boot-kernel-cpuuniformityhardcheckpanic')?.text).toMatch(/^Once esx01 is up: check esxcli system settings kernel list -o cpuUniformityHardCheckPanic shows Configured FALSE/);
  });
});
