/** Address rules of the management network, and that `site validate`'s schema reports them with their path. */
import { describe, expect, it } from 'vitest';
import { networkProblems, describeNetworkProblem } from '../../../../main/core/site/network-rules';
import { parseSiteYaml, stringifySite, validateSite } from '../../../../main/core/site/yaml';

const W = ['spec', 'workloads', 'worker', 'network', 'ip'];
const facts = (over: Partial<Parameters<typeof networkProblems>[0]> = {}) => ({
  subnet: '192.168.10.0/24',
  gateway: '192.168.10.1',
  hosts: [{ name: 'esx01', ip: '192.168.10.11' }, { name: 'esx02', ip: '192.168.10.12' }],
  ...over,
});

describe('network rules', () => {
  it('a sound network has no problems', () => {
    expect(networkProblems(facts({ workers: [{ ip: '10.9.9.9', host: 'esx01', path: W, what: 'the worker' }] }))).toEqual([]);
  });

  it('flags host and gateway on the network or broadcast address', () => {
    const p = networkProblems(facts({ hosts: [{ name: 'esx01', ip: '192.168.10.0' }, { name: 'esx02', ip: '192.168.10.255' }], gateway: '192.168.10.255' }));
    expect(p.map((x) => [x.code, x.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['network-address', 'spec.hosts.0.management.ip'],
        ['broadcast-address', 'spec.hosts.1.management.ip'],
        ['broadcast-address', 'spec.managementNetwork.gateway'],
      ]),
    );
    expect(describeNetworkProblem(p[0]!)).toContain('network address of 192.168.10.0/24');
  });

  it('knows /31 and /32 have no network or broadcast address, and /30 has', () => {
    expect(networkProblems({ subnet: '10.0.0.0/31', gateway: '10.0.0.0', hosts: [{ name: 'a', ip: '10.0.0.1' }] })).toEqual([]);
    expect(networkProblems({ subnet: '10.0.0.0/30', gateway: '10.0.0.1', hosts: [{ name: 'a', ip: '10.0.0.3' }] }).map((x) => x.code)).toEqual(['broadcast-address']);
  });

  it('flags a gateway outside the subnet and a host outside it', () => {
    const p = networkProblems(facts({ gateway: '192.168.11.1', hosts: [{ name: 'esx01', ip: '10.0.0.5' }] }));
    expect(p.map((x) => x.code).sort()).toEqual(['gateway-outside-subnet', 'host-outside-subnet']);
  });

  it('flags duplicates between hosts, the gateway and the worker, at the second use', () => {
    const p = networkProblems(facts({ hosts: [{ name: 'esx01', ip: '192.168.10.1' }, { name: 'esx02', ip: '192.168.10.12' }], workers: [{ ip: '192.168.10.12', host: 'esx01', path: W, what: 'the worker' }] }));
    expect(p.map((x) => [x.code, x.path.join('.'), x.params.other])).toEqual([
      ['duplicate-ip', 'spec.hosts.0.management.ip', 'the gateway'],
      ['duplicate-ip', 'spec.workloads.worker.network.ip', 'host esx02'],
    ]);
  });
});

describe('network rules: the sentences and the edges', () => {
  it('says each problem in one sentence naming the address, what uses it and the subnet', () => {
    const say = (f: Parameters<typeof networkProblems>[0]) => networkProblems(f).map(describeNetworkProblem);
    expect(say(facts({ hosts: [{ name: 'esx01', ip: '192.168.10.0' }] }))).toEqual(['192.168.10.0 is the network address of 192.168.10.0/24; host esx01 needs an address inside the range']);
    expect(say(facts({ hosts: [{ name: 'esx01', ip: '192.168.10.255' }] }))).toEqual(['192.168.10.255 is the broadcast address of 192.168.10.0/24; host esx01 needs an address inside the range']);
    expect(say(facts({ gateway: '192.168.10.0', hosts: [{ name: 'esx01', ip: '192.168.10.11' }] }))).toEqual(['192.168.10.0 is the network address of 192.168.10.0/24; the gateway needs an address inside the range']);
    expect(say(facts({ gateway: '10.0.0.1', hosts: [{ name: 'esx01', ip: '192.168.10.11' }] }))).toEqual(['the gateway 10.0.0.1 is outside the management subnet 192.168.10.0/24']);
    expect(say(facts({ hosts: [{ name: 'esx01', ip: '10.0.0.11' }] }))).toEqual(['10.0.0.11 (host esx01) is outside the management subnet 192.168.10.0/24']);
    expect(say(facts({ hosts: [{ name: 'esx01', ip: '192.168.10.11' }], workers: [{ ip: '192.168.10.11', host: 'esx01', path: W, what: 'the worker' }] }))).toEqual(['the worker has the same IP as host esx01 (192.168.10.11); every address must be unique']);
  });

  it('the first and last usable addresses are fine; the worker may be anywhere but not on a used address', () => {
    expect(networkProblems(facts({ gateway: '192.168.10.254', hosts: [{ name: 'esx01', ip: '192.168.10.1' }, { name: 'esx02', ip: '192.168.10.2' }], workers: [{ ip: '10.1.1.1', host: 'esx01', path: W, what: 'the worker' }] }))).toEqual([]);
    expect(networkProblems({ subnet: '10.0.0.0/30', gateway: '10.0.0.1', hosts: [{ name: 'a', ip: '10.0.0.2' }] })).toEqual([]);
    expect(networkProblems({ subnet: '10.0.0.4/30', gateway: '10.0.0.5', hosts: [{ name: 'a', ip: '10.0.0.4' }] }).map((p) => p.code)).toEqual(['network-address']);
    expect(networkProblems({ subnet: '10.0.0.0/32', gateway: '10.0.0.0', hosts: [] })).toEqual([]);
  });

  it('hosts without an address (DHCP) and a subnet that does not parse give no problems here (the schema names those)', () => {
    expect(networkProblems(facts({ hosts: [{ name: 'esx01' }, { name: 'esx02' }] }))).toEqual([]);
    expect(networkProblems(facts({ subnet: 'not a subnet', hosts: [{ name: 'esx01', ip: '10.9.9.9' }] }))).toEqual([]);
    expect(networkProblems(facts({ gateway: 'x', hosts: [{ name: 'esx01', ip: '192.168.10.11' }], workers: [{ ip: 'y', host: 'esx01', path: W, what: 'the worker' }] }))).toEqual([]);
  });

  it('each problem carries the path of the field to fix', () => {
    const p = networkProblems(facts({ gateway: '10.0.0.1', hosts: [{ name: 'esx01', ip: '192.168.10.11' }, { name: 'esx02', ip: '10.0.0.12' }] }));
    expect(p.map((x) => [x.code, x.path.join('.'), x.params])).toEqual([
      ['gateway-outside-subnet', 'spec.managementNetwork.gateway', { ip: '10.0.0.1', subnet: '192.168.10.0/24' }],
      ['host-outside-subnet', 'spec.hosts.1.management.ip', { ip: '10.0.0.12', what: 'host esx02', subnet: '192.168.10.0/24' }],
    ]);
  });
});

describe('the site schema applies them (site validate, Site step)', () => {
  const site = (ip: string, gateway = '192.168.10.1') => ({
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: { name: 'S', id: 's' },
    spec: { managementNetwork: { subnet: '192.168.10.0/24', gateway }, dns: { servers: ['192.168.10.2'] }, ntp: { servers: ['pool.ntp.org'] }, hosts: [{ name: 'esx01', management: { ip } }] },
  });

  it('rejects a broadcast host address with a line in the file', () => {
    const text = stringifySite(site('192.168.10.255') as never);
    const r = parseSiteYaml(text, 'site.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const issue = r.error.issues?.find((i) => i.path === 'spec.hosts[0].management.ip');
      expect(issue?.message).toContain('broadcast address');
      expect(issue?.line).toBe(text.split('\n').findIndex((l) => l.includes('192.168.10.255')) + 1);
    }
  });

  it('rejects a gateway outside the subnet; accepts a sound site', () => {
    const r = validateSite(site('192.168.10.11', '10.0.0.1'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.map((i) => i.path)).toContain('spec.managementNetwork.gateway');
    expect(validateSite(site('192.168.10.11')).ok).toBe(true);
  });
});
