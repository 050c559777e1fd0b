/** The report's "actions taken" are records, not intentions (issue 14): each done line cites its record. */
import { describe, expect, it } from 'vitest';
import { buildReport, hostActions } from '../../../../main/core/report/model';
import type { MediaRecord, Site } from '../../../../main/core/site/schema';
import { sampleSite } from '../../../helpers/sample-site';

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-12-01T10:00:00Z' };
const SHA = 'b'.repeat(64);

function withRun(site: Site, run: Partial<MediaRecord>): Site {
  const full: MediaRecord = { at: '2026-12-01T09:00:00Z', target: '/dev/sdb', targetKind: 'device', imageSha256: SHA, hosts: ['esx01'], verified: true, ...run };
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
      'The USB NIC Fling (vmkusb-nic-fling) is in the installer ISO of the install stick, in a build that lists the adapter',
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

  it('an image file is not a stick: its done lines say so, and the report keeps "no stick" open (issue 24, case 11)', () => {
    const site = withRun(sampleSite(), { target: '/tmp/stick.img', targetKind: 'file', carried: carried([{ vib: 'vmkusb-nic-fling', present: true }]) });
    const r = buildReport({ site, ...base });
    expect(r.media.sticks).toEqual([]);
    expect(r.media.images.map((i) => i.target)).toEqual(['/tmp/stick.img']);
    expect(r.hosts[0]!.actions.done[0]!.text).toBe('Kernel option cpuUniformityHardCheckPanic=FALSE on both BOOT.CFG kernelopt lines of the image file (not yet a stick)');
    expect(r.hosts[0]!.actions.done[0]!.record).toMatch(/^image file run /);
    expect(r.summary.openItems).toContainEqual(expect.stringMatching(/^Host esx01: only an image file was written and verified \(\/tmp\/stick\.img\); no stick written by Sitekit is recorded/));
    expect(r.summary.openItems).not.toContainEqual(expect.stringMatching(/No verified boot stick is recorded for host esx01/));
  });

  it('a stick verified but not ejected is not "safe to remove": the report says to eject it', () => {
    const r = buildReport({ site: withRun(sampleSite(), { ejected: false }), ...base });
    expect(r.media.sticks[0]).toMatchObject({ targetKind: 'device', ejected: false });
    expect(r.summary.openItems).toContainEqual('The stick written at 2026-12-01T09:00:00Z to /dev/sdb was verified but not ejected: eject it before removing it.');
    const ejected = buildReport({ site: withRun(sampleSite(), { ejected: true }), ...base });
    expect(ejected.summary.openItems.some((o) => /not ejected/.test(o))).toBe(false);
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
