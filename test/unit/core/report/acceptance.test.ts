/** The report's acceptance part: the latest run per host, its open items, and what is left before handover. */
import { describe, expect, it } from 'vitest';
import { acceptanceOpenItems, buildAcceptance } from '../../../../main/core/report/acceptance';
import { buildReport } from '../../../../main/core/report/model';
import { recordAcceptance } from '../../../../main/core/site/records';
import { sampleSite, sampleVerdict } from '../../../helpers/sample-site';

const base = { sitekitVersion: 'test', generatedAt: '2026-11-25T10:00:00Z' };
const run = (at: string, host: string, extra: object = {}) => ({ at, run: at, host, address: '10.42.20.12', port: 443, user: 'root', verdict: 'accepted' as const, differences: [], ...extra });

describe('acceptance in the report', () => {
  it('shows the latest run of each host with what was read, and is ready only when every host was accepted', () => {
    const ready = buildReport({ site: sampleSite(), verdict: sampleVerdict(), ...base });
    expect(ready.summary.status).toBe('ready');
    expect(ready.acceptance.hosts.map((h) => [h.host, h.verdict, h.build, h.nics.map((n) => `${n.name} ${n.speedMbps ?? '-'}`).join(', ')])).toEqual([
      ['esx01', 'accepted', 'ESXi 8.0.3 build 24022510', 'vmnic0 2500, vusb0 2500'],
      ['esx02', 'accepted', 'ESXi 8.0.3 build 24022510', 'vmnic0 2500, vusb0 2500'],
    ]);

    // A later run of esx02 found a difference: that run counts, not the earlier accepted one.
    const later = recordAcceptance(sampleSite(), [run('2026-11-25T11:00:00Z', 'esx02', { verdict: 'differences', differences: [{ code: 'ntpd-stopped', params: {} }] })]);
    const r = buildReport({ site: later, verdict: sampleVerdict(), ...base });
    expect(r.summary.status).toBe('open-items');
    expect(r.summary.openItems).toEqual(['Host esx02 (acceptance on site): The NTP service (ntpd) is not running.']);
    expect(r.summary.left).toEqual(['fix what the acceptance found on esx02 and accept it again']);
    expect(r.acceptance.hosts[1]).toMatchObject({ verdict: 'differences', label: 'Differences found', findings: [{ text: 'The NTP service (ntpd) is not running.', next: expect.stringMatching(/esxcli system ntp set/) }] });
  });

  it('names hosts never checked, and faults in one line each', () => {
    const site = sampleSite();
    const none = buildAcceptance({ ...site, records: { ...site.records, acceptance: [] } });
    expect(none.hosts.map((h) => h.verdict)).toEqual(['not-checked', 'not-checked']);
    expect(acceptanceOpenItems(none)[0]).toBe('Host esx01 has not been accepted on site: boot it from its stick, then run the acceptance check (the Acceptance step, or sitekit accept).');
    const down = buildAcceptance(recordAcceptance(site, [run('2026-11-25T12:00:00Z', 'esx01', { verdict: 'unreachable', fault: { code: 'refused', params: { address: '10.42.20.11', port: 443 } } })]));
    expect(acceptanceOpenItems(down)).toEqual(['Host esx01 (acceptance on site): Not reachable: 10.42.20.11:443 refused the connection.']);
    expect(down.hosts[0]!.thumbprint).toBeUndefined();
  });
});
