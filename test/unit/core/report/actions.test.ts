/** The report's "actions taken" are records, not intentions (issue 14): each done line cites its record. */
import { describe, expect, it } from 'vitest';
import { buildReport, hostActions } from '../../../../main/core/report/model';
import type { MediaRecord, Site } from '../../../../main/core/site/schema';
import { sampleSite } from '../../../helpers/sample-site';

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-12-01T10:00:00Z' };
const SHA = 'b'.repeat(64);

function withRun(site: Site, run: Partial<MediaRecord>): Site {
  const full: MediaRecord = { at: '2026-12-01T09:00:00Z', target: '/tmp/stick.img', imageSha256: SHA, hosts: ['esx01'], verified: true, ...run };
  return { ...site, records: { ...site.records, media: [full] } };
}

const carried = (drivers: { vib: string; present: boolean | null }[], driverOverride = false) => [
  { host: 'esx01', kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'], drivers: drivers.map((d) => ({ ...d, nic: 'vusb0' })), driverOverride },
];

describe('host actions from records', () => {
  it('a stick run that carried the option and the Fling: done lines cite the run and its image SHA-256', () => {
    const site = withRun(sampleSite(), { carried: carried([{ vib: 'vmkusb-nic-fling', present: true }]) });
    const a = hostActions(site, site.spec.hosts[0]!);
    expect(a.done.map((d) => d.text).slice(0, 2)).toEqual([
      'Kernel option cpuUniformityHardCheckPanic=FALSE on both BOOT.CFG kernelopt lines of the install stick',
      "The USB NIC Fling (vmkusb-nic-fling) is in the installer ISO's image database",
    ]);
    for (const d of a.done.slice(0, 2)) expect(d.record).toContain(`image SHA-256 ${SHA}`);
    expect(a.open.some((o) => /kernel option|USB NIC Fling/.test(o))).toBe(false);
    expect(a.advice).toEqual(['Set in the firmware before installing: Intel VMD controller: Disabled (see the checklist).']);
  });

  it('a Fling required but not on the stick (override): an open item in the report, never "injected"', () => {
    const site = withRun(sampleSite(), { carried: carried([{ vib: 'vmkusb-nic-fling', present: false }], true) });
    const r = buildReport({ site, ...base });
    const esx01 = r.hosts[0]!;
    expect(esx01.actions.done.map((d) => d.text)).not.toContainEqual(expect.stringMatching(/Fling/));
    expect(esx01.actions.open).toContainEqual(expect.stringMatching(/USB NIC Fling \(vmkusb-nic-fling\) is required, and the stick written .* does not carry it \(built with an explicit override\)/));
    expect(r.summary.openItems).toContainEqual(expect.stringMatching(/esx01: the USB NIC Fling/));
    expect(JSON.stringify(r)).not.toMatch(/injected/i);
  });

  it('an unverified run proves nothing', () => {
    const site = withRun(sampleSite(), { verified: false, carried: carried([{ vib: 'vmkusb-nic-fling', present: true }]) });
    expect(hostActions(site, site.spec.hosts[0]!).done.filter((d) => /stick/.test(d.record))).toEqual([]);
  });

  it('a module setting is done only with the commit that carries it', () => {
    const s = sampleSite();
    const site: Site = { ...s, records: { ...s.records, commits: [{ sha: 'c'.repeat(40), at: 'x', message: 'm', pushed: true, moduleSettings: [{ host: 'esx01', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:00:a1' }] }] } };
    const a = hostActions(site, site.spec.hosts[0]!);
    expect(a.done).toContainEqual({ text: expect.stringMatching(/^Module setting vmkusb_nic_fling usbBusFullScanOnBootEnabled=1/), record: `commit ${'c'.repeat(12)}` });
    const uncommitted: Site = { ...s, records: { ...s.records, commits: [] } };
    const b = hostActions(uncommitted, uncommitted.spec.hosts[0]!);
    expect(b.open).toContainEqual(expect.stringMatching(/module setting vmkusb_nic_fling .* no recorded commit carries it/));
  });
});
