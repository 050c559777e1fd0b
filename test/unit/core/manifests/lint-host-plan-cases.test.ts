/**
 * Review reads the host plan (issue 24): more of the plan's errors as lint errors, where each is reported (the
 * host's vswitches.yaml, else site.yaml), what the fix says, and a written stick checked for an uplink's driver.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { findingFix, findingMessage } from '../../../../main/core/manifests/messages';
import { Site, type MediaRecord, type SiteInput } from '../../../../main/core/site/schema';
import { shippedList } from '../../../helpers/hardware';
import { generateWithPlan, planOf } from '../../../helpers/plan';
import { sampleSiteInput } from '../../../helpers/sample-site';

type HostInput = SiteInput['spec']['hosts'][number];

/** The sample with esx01 changed. */
function sample(change: (h: HostInput) => HostInput): Site {
  const input = sampleSiteInput();
  return Site.parse({ ...input, spec: { ...input.spec, hosts: input.spec.hosts.map((h, i) => (i === 0 ? change(h) : h)) }, records: { ...input.records, media: [] } });
}

const lint = (site: Site, withList = true) => lintFiles(generateWithPlan(site), withList ? { site, plan: planOf(site), list: shippedList() } : { site });
const planErrors = (site: Site) => lint(site).filter((f) => f.code === 'host-plan');

describe('the plan\'s errors in Review', () => {
  it('an uplink Hardware marks unused: an error on that host\'s vswitches.yaml, fixed in Network or Hardware', () => {
    const site = sample((h) => ({ ...h, hardware: { ...h.hardware!, nics: h.hardware!.nics!.map((n) => (n.name === 'vusb0' ? { ...n, role: 'unused' as const } : n)) } }));
    const f = planErrors(site).find((x) => x.params.finding === 'uplink-role-unused');
    expect(f).toMatchObject({ severity: 'error', file: 'sites/store-0421/hosts/esx01/vswitches.yaml', path: '', params: { host: 'esx01', nic: 'vusb0', vswitch: 'vSwitch0', role: 'unused' }, fix: { step: 'hardware', action: 'host-plan' } });
    expect(findingMessage(f!)).toBe('esx01: vSwitch0 uses vusb0 as an uplink, but Hardware marks vusb0 "unused": make it an uplink in Hardware, or take it off vSwitch0 in Network.');
    expect(findingFix(f!)).toBe('Take the NIC off the vSwitch in Network, or change its role in Hardware.');
    // esx02 is as it was: nothing about it.
    expect(planErrors(site).some((x) => x.params.host === 'esx02')).toBe(false);
  });

  it('a BMC NIC as an uplink, and an install NIC the host does not have', () => {
    const bmc = sample((h) => ({ ...h, hardware: { ...h.hardware!, nics: h.hardware!.nics!.map((n) => (n.name === 'vusb0' ? { ...n, role: 'bmc' as const } : n)) } }));
    expect(planErrors(bmc).map((f) => f.params.finding)).toContain('bmc-nic-as-uplink');
    const missing = sample((h) => ({ ...h, management: { ...h.management!, device: 'vmnic7' } }));
    const f = planErrors(missing).find((x) => x.params.finding === 'install-nic-missing');
    expect(f?.params).toMatchObject({ host: 'esx01', nic: 'vmnic7' });
    expect(findingFix(f!)).toBe('Pick the install NIC in Hardware: an uplink with a driver on this release.');
  });

  it('a host whose manifests write no vSwitch: the error is on site.yaml, as a whole', () => {
    const site = sample((h) => ({
      ...h,
      management: { ...h.management!, device: 'vmnic7' },
      vswitches: [{ name: 'vSwitch0', uplinks: {}, portGroups: [{ name: 'Management Network', vlan: 20 }, { name: 'VM Network', vlan: 0 }] }],
    }));
    expect(generateWithPlan(site).some((f) => f.path === 'sites/store-0421/hosts/esx01/vswitches.yaml')).toBe(false);
    const f = planErrors(site).find((x) => x.params.host === 'esx01');
    expect(f).toMatchObject({ file: 'sites/store-0421/site.yaml', docIndex: -1, path: '' });
  });

  it('without the compatibility list there is no plan to read, and warnings of the plan are not lint errors', () => {
    const site = sample((h) => ({ ...h, hardware: { ...h.hardware!, nics: h.hardware!.nics!.map((n) => (n.name === 'vusb0' ? { ...n, role: 'unused' as const } : n)) } }));
    expect(lint(site, false).filter((f) => f.code === 'host-plan')).toEqual([]);
    const clean = Site.parse({ ...sampleSiteInput(), records: { ...sampleSiteInput().records, media: [] } });
    expect(planOf(clean).hosts.flatMap((h) => h.verdict.findings).some((f) => f.severity === 'warning')).toBe(true);
    expect(planErrors(clean)).toEqual([]);
  });
});

describe('a written stick that lacks a driver', () => {
  const run = (drivers: { nic?: string; vib: string; present: boolean | null }[], extra: Partial<MediaRecord> = {}): MediaRecord => ({
    at: '2026-12-06T09:00:00Z',
    target: '/dev/sdb',
    targetKind: 'device',
    imageSha256: 'c'.repeat(64),
    hosts: ['esx01'],
    verified: true,
    carried: [{ host: 'esx01', kernelOptions: [], drivers, driverOverride: true }],
    ...extra,
  });
  const lacks = (site: Site, media: MediaRecord[]) => lint({ ...site, records: { ...site.records, media } }).filter((f) => f.code === 'stick-lacks-driver');
  const base = () => Site.parse({ ...sampleSiteInput(), records: { ...sampleSiteInput().records, media: [] } });

  it('an uplink whose driver the stick does not carry: an error that says "uplink"', () => {
    const f = lacks(base(), [run([{ nic: 'vusb0', vib: 'vmkusb-nic-fling', present: false }])]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', file: 'sites/store-0421/hosts/esx01/vswitches.yaml', params: { host: 'esx01', nic: 'vusb0', vib: 'vmkusb-nic-fling', medium: 'stick', role: 'uplink', at: '2026-12-06T09:00:00Z' }, fix: { step: 'hardware' } });
  });

  it('nothing when the driver is there or unknown, the NIC is not the host\'s or not an uplink, or the run was not verified', () => {
    expect(lacks(base(), [run([{ nic: 'vusb0', vib: 'v', present: true }])])).toEqual([]);
    expect(lacks(base(), [run([{ nic: 'vusb0', vib: 'v', present: null }])])).toEqual([]);
    expect(lacks(base(), [run([{ nic: 'vmnic9', vib: 'v', present: false }])])).toEqual([]);
    expect(lacks(base(), [run([{ vib: 'v', present: false }])])).toEqual([]);
    expect(lacks(base(), [run([{ nic: 'vusb0', vib: 'v', present: false }], { verified: false })])).toEqual([]);
    const unused = sample((h) => ({ ...h, hardware: { ...h.hardware!, nics: [...h.hardware!.nics!, { name: 'vmnic1', bus: 'pci' as const, role: 'unused' as const }] } }));
    expect(lacks(unused, [run([{ nic: 'vmnic1', vib: 'v', present: false }])])).toEqual([]);
  });

  it('only the last verified run for the host counts', () => {
    const older = run([{ nic: 'vusb0', vib: 'v', present: false }], { at: '2026-12-01T09:00:00Z' });
    const newer = run([{ nic: 'vusb0', vib: 'v', present: true }], { at: '2026-12-06T09:00:00Z' });
    expect(lacks(base(), [older, newer])).toEqual([]);
    expect(lacks(base(), [newer, older]).map((f) => f.params.at)).toEqual(['2026-12-01T09:00:00Z']);
    // A later verified run that carried nothing for esx01 (another host's stick) does not hide the earlier one.
    const otherStick = { ...newer, hosts: [], carried: [{ host: 'esx02', kernelOptions: [], drivers: [], driverOverride: false }] };
    expect(lacks(base(), [older, otherStick]).map((f) => f.params.at)).toEqual(['2026-12-01T09:00:00Z']);
    // A run for another host only does not count for esx01.
    const other = { ...older, hosts: ['esx02'], carried: [{ host: 'esx02', kernelOptions: [], drivers: [{ nic: 'vusb0', vib: 'v', present: false }], driverOverride: true }] };
    expect(lacks(base(), [other]).map((f) => f.params.host)).toEqual(['esx02']);
  });
});
