/**
 * Each host runs its own Kubernetes worker (workloads/common is applied by every host), so a two-node site
 * with a static worker needs one address per host: the model, the load rules and the rules that report.
 */
import { describe, expect, it } from 'vitest';
import { Site } from '../../../../main/core/site/schema';
import { describeNetworkProblem } from '../../../../main/core/site/network-rules';
import { workerAddresses, workerAddressOf, workerAddressProblems } from '../../../../main/core/site/worker-addresses';
import { formatPath, parseSiteYaml, stringifySite } from '../../../../main/core/site/yaml';
import { oneNodeSite, twoNodeInput, twoNodeSharedWorkerInput, twoNodeSite } from '../../../helpers/manifest-sites';
import type { SiteInput } from '../../../../main/core/site/schema';

const said = (site: Site) => workerAddressProblems(site).map((p) => `${formatPath(p.path)}: ${describeNetworkProblem(p)}`);
const loadErrors = (input: SiteInput) => {
  const r = Site.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path as PropertyKey[])}: ${i.message}`);
};
const withWorkerIps = (a: string | undefined, b: string | undefined): SiteInput => {
  const input = twoNodeInput();
  const hosts = input.spec.hosts.map(({ workerIp: _, ...h }, i) => ({ ...h, ...([a, b][i] !== undefined ? { workerIp: [a, b][i] } : {}) }));
  return { ...input, spec: { ...input.spec, hosts } };
};

describe('worker addresses: one per host', () => {
  it('a two-node site gives each host its own worker address, and nothing is wrong with it', () => {
    const site = twoNodeSite();
    expect(workerAddresses(site).map((a) => [a.host, a.ip, formatPath(a.path)])).toEqual([
      ['esx01', '192.168.10.20', 'spec.hosts[0].workerIp'],
      ['esx02', '192.168.10.21', 'spec.hosts[1].workerIp'],
    ]);
    expect(workerAddressOf(site, 'esx02')).toBe('192.168.10.21');
    expect(workerAddressProblems(site)).toEqual([]);
  });

  it('a one-node site keeps its one address in the worker network, as before', () => {
    const input = oneNodeSite();
    const site = Site.parse({ ...input, spec: { ...input.spec, workloads: { worker: { network: { mode: 'static', ip: '192.168.10.50', gateway: '192.168.10.1' } } } } });
    expect(workerAddresses(site).map((a) => [a.host, a.ip, formatPath(a.path)])).toEqual([['esx01', '192.168.10.50', 'spec.workloads.worker.network.ip']]);
    expect(workerAddressProblems(site)).toEqual([]);
  });

  it('a DHCP or disabled worker has no addresses', () => {
    const input = twoNodeInput();
    const dhcp = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, worker: { network: { mode: 'dhcp' } } } } });
    expect(workerAddresses(dhcp)).toEqual([]);
    const off = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, worker: { ...input.spec.workloads?.worker, enabled: false } } } });
    expect(workerAddressOf(off, 'esx01')).toBeUndefined();
  });
});

describe('worker addresses: a site.yaml from before, with one address for two hosts', () => {
  it('still loads, and the clash is reported naming both hosts, the address and the fix', () => {
    const text = stringifySite(twoNodeSharedWorkerInput());
    const loaded = parseSiteYaml(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(workerAddresses(loaded.value).map((a) => a.ip)).toEqual(['192.168.10.20', '192.168.10.20']);
    expect(said(loaded.value)).toEqual([
      "spec.workloads.worker.network.ip: esx01 and esx02 would both run their Kubernetes worker at 192.168.10.20, and two workers on one address clash on the LAN (every host runs its own worker); give each host's worker its own address, or use DHCP for the worker",
    ]);
  });

  it('giving the second host its own address next to the old one is enough', () => {
    const input = twoNodeSharedWorkerInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, hosts: [input.spec.hosts[0]!, { ...input.spec.hosts[1]!, workerIp: '192.168.10.21' }] } });
    expect(workerAddresses(site).map((a) => a.ip)).toEqual(['192.168.10.20', '192.168.10.21']);
    expect(workerAddressProblems(site)).toEqual([]);
  });
});

describe('worker addresses: each distinctness rule', () => {
  it('two hosts given the same address is the same clash, at the second host', () => {
    expect(said(Site.parse(withWorkerIps('192.168.10.20', '192.168.10.20')))).toEqual([
      "spec.hosts[1].workerIp: esx01 and esx02 would both run their Kubernetes worker at 192.168.10.20, and two workers on one address clash on the LAN (every host runs its own worker); give each host's worker its own address, or use DHCP for the worker",
    ]);
  });

  it('a worker on a host\'s management address or the gateway does not load, naming the field to fix', () => {
    expect(loadErrors(withWorkerIps('192.168.10.20', '192.168.10.11'))).toEqual(['spec.hosts[1].workerIp: the worker on esx02 has the same IP as host esx01 (192.168.10.11); every address must be unique']);
    expect(loadErrors(withWorkerIps('192.168.10.1', '192.168.10.21'))).toEqual(['spec.hosts[0].workerIp: the worker on esx01 has the same IP as the gateway (192.168.10.1); every address must be unique']);
  });

  it('a worker outside the management subnet, or on its broadcast address, is reported', () => {
    expect(said(Site.parse(withWorkerIps('192.168.10.20', '10.0.0.21')))).toEqual(['spec.hosts[1].workerIp: 10.0.0.21 (the worker on esx02) is outside the management subnet 192.168.10.0/24']);
    expect(said(Site.parse(withWorkerIps('192.168.10.255', '192.168.10.21')))).toEqual(['spec.hosts[0].workerIp: 192.168.10.255 is the broadcast address of 192.168.10.0/24; the worker on esx01 needs an address inside the range']);
  });

  it('an older two-node file whose one address is outside the subnet says so once, at that field', () => {
    const input = twoNodeSharedWorkerInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, worker: { ...input.spec.workloads?.worker, network: { ...input.spec.workloads?.worker?.network, ip: '10.0.0.20' } } } } });
    expect(said(site)).toEqual([
      "spec.workloads.worker.network.ip: esx01 and esx02 would both run their Kubernetes worker at 10.0.0.20, and two workers on one address clash on the LAN (every host runs its own worker); give each host's worker its own address, or use DHCP for the worker",
      'spec.workloads.worker.network.ip: 10.0.0.20 (the worker) is outside the management subnet 192.168.10.0/24',
    ]);
  });

  it('a one-node static worker without an IP does not load, at the field it always had', () => {
    const input = oneNodeSite();
    expect(loadErrors({ ...input, spec: { ...input.spec, workloads: { worker: { network: { mode: 'static', gateway: '192.168.10.1' } } } } })).toEqual(['spec.workloads.worker.network.ip: a static worker address needs an IP']);
  });

  it('a host whose worker has no address at all does not load', () => {
    expect(loadErrors(withWorkerIps('192.168.10.20', undefined))).toEqual([
      'spec.hosts[1].workerIp: the worker on esx02 needs its own static address (every host runs its own worker); enter one for esx02, or use DHCP for the worker',
    ]);
  });
});
