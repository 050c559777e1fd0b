/** The Network & workloads step's worker address fields: one per host on a two-node site, each host's own. */
import { describe, expect, it } from 'vitest';
import { draftIssues, setWorkerIp, workerIpFields } from '../../../../../renderer/steps/network/network-form';
import { Site } from '../../../../../main/core/site/schema';
import { workerAddresses } from '../../../../../main/core/site/worker-addresses';
import { oneNodeSite, twoNodeSharedWorkerInput, twoNodeSite } from '../../../../helpers/manifest-sites';

describe('worker address fields', () => {
  it('a two-node site shows one field per host, each with that host\'s own address', () => {
    expect(workerIpFields(twoNodeSite()).map((f) => [f.host, f.value, f.issuePaths])).toEqual([
      ['esx01', '192.168.10.20', ['spec.hosts[0].workerIp']],
      ['esx02', '192.168.10.21', ['spec.hosts[1].workerIp']],
    ]);
  });

  it('an older two-node file shows the one address in both fields, with the clash under them, until a host gets its own', () => {
    const old = Site.parse(twoNodeSharedWorkerInput());
    const fields = workerIpFields(old);
    expect(fields.map((f) => f.value)).toEqual(['192.168.10.20', '192.168.10.20']);
    const issues = draftIssues(old);
    const under = (i: number) => fields[i]!.issuePaths.map((p) => issues.get(p)).find(Boolean);
    expect(under(1)).toBe("esx01 and esx02 would both run their Kubernetes worker at 192.168.10.20, and two workers on one address clash on the LAN (every host runs its own worker); give each host's worker its own address, or use DHCP for the worker");
    // The technician gives esx02 its own: each host now says its own address, and nothing is wrong.
    const fixed = setWorkerIp(old, 1, '192.168.10.21');
    expect(fixed.spec.hosts.map((h) => h.workerIp)).toEqual(['192.168.10.20', '192.168.10.21']);
    expect(fixed.spec.workloads.worker.network.ip).toBeUndefined();
    expect(draftIssues(fixed).size).toBe(0);
    expect(workerAddresses(Site.parse(fixed)).map((a) => a.ip)).toEqual(['192.168.10.20', '192.168.10.21']);
  });

  it('offers a free address for an empty field: after the other worker\'s, never a host\'s or the gateway', () => {
    const site = setWorkerIp(twoNodeSite(), 1, undefined);
    expect(workerIpFields(site)[1]).toMatchObject({ value: '', suggestion: '192.168.10.21' });
    // esx01's worker on .10 → the next free one is .13 (.11 and .12 are the hosts).
    expect(workerIpFields(setWorkerIp(site, 0, '192.168.10.10'))[1]?.suggestion).toBe('192.168.10.13');
    // Nothing given at all: after the hosts' management addresses.
    expect(workerIpFields(setWorkerIp(setWorkerIp(site, 0, undefined), 1, undefined)).map((f) => f.suggestion)).toEqual(['192.168.10.13', '192.168.10.13']);
  });

  it('a one-node site keeps its one field and its address where it was', () => {
    const s = oneNodeSite();
    const site = { ...s, spec: { ...s.spec, workloads: { ...s.spec.workloads, worker: { ...s.spec.workloads.worker, network: { ...s.spec.workloads.worker.network, mode: 'static' as const, gateway: '192.168.10.1' } } } } };
    expect(workerIpFields(site).map((f) => [f.host, f.issuePaths])).toEqual([['esx01', ['spec.hosts[0].workerIp', 'spec.workloads.worker.network.ip']]]);
    const set = setWorkerIp(site, 0, '192.168.10.50');
    expect(set.spec.workloads.worker.network.ip).toBe('192.168.10.50');
    expect(set.spec.hosts[0]?.workerIp).toBeUndefined();
  });
});
