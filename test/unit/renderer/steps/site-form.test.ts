import { describe, expect, it } from 'vitest';
import { emptyForm, formFromSite, siteFromForm, slugify, validateForm, withTopology } from '../../../../renderer/steps/site/site-form';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';

const filled = () => ({
  ...emptyForm(),
  name: 'Store 0421 Leeds',
  id: 'store-0421-leeds',
  subnet: '10.0.0.0/24',
  gateway: '10.0.0.1',
  hosts: [{ name: 'esx01', ip: '10.0.0.11' }],
  dns: '10.0.0.2, 10.0.0.3',
  ntp: 'pool.ntp.org',
});

describe('site form', () => {
  it('derives an id from the name', () => {
    expect(slugify('Store 0421 Leeds')).toBe('store-0421-leeds');
    expect(slugify('  Café — Zürich #2 ')).toBe('cafe-zurich-2');
  });

  it('a complete form is valid and becomes a schema-valid site', () => {
    expect(validateForm(filled())).toEqual({});
    const site = Site.parse(siteFromForm(filled()));
    expect(site.spec.dns.servers).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('maps schema errors onto the fields that show them', () => {
    const errors = validateForm({ ...filled(), gateway: 'x', hosts: [{ name: 'esx 1', ip: '' }], dns: '' });
    expect(errors.gateway).toContain('IPv4');
    expect(errors['hosts.0.name']).toContain('host name');
    expect(errors['hosts.0.ip']).toContain('needs an IP');
    expect(errors.dns).toContain('at least one DNS server');
  });

  it('shows the schema\'s sentences for values that pass every format check but name no host (issue 26 §12)', () => {
    const errors = validateForm({ ...filled(), subnet: '10.0.0.5/24', dns: '0.0.0.0', name: 'Store\u0000 1' });
    expect(errors.subnet).toBe('10.0.0.5/24 has host bits set: the subnet of 10.0.0.5 with /24 is 10.0.0.0/24');
    expect(errors.dns).toMatch(/^0\.0\.0\.0 is not an address a host can have/);
    expect(errors.name).toMatch(/^holds a NUL character \(U\+0000\) at character 6;/);
    expect(validateForm({ ...filled(), subnet: '0.0.0.0/0' }).subnet).toMatch(/^0\.0\.0\.0\/0 is \/0, every IPv4 address/);
  });

  it('flags two hosts with the same IP', () => {
    const f = withTopology(filled(), 'two-node');
    const errors = validateForm({ ...f, hosts: [f.hosts[0]!, { name: 'esx02', ip: '10.0.0.11' }] });
    expect(errors['hosts.1.ip']).toContain('same IP');
  });

  it('the management VLAN also goes onto the Management Network port group', () => {
    const site = Site.parse(siteFromForm({ ...filled(), vlan: '20' }));
    const pgs = site.spec.hosts[0]!.vswitches[0]!.portGroups;
    expect(site.spec.hosts[0]!.management.vlan).toBe(20);
    expect(pgs.find((p) => p.name === 'Management Network')?.vlan).toBe(20);
    expect(pgs.find((p) => p.name === 'VM Network')?.vlan).toBe(0);
  });

  it('switching topology adds or removes the second host', () => {
    const two = withTopology(filled(), 'two-node');
    expect(two.hosts.map((h) => h.name)).toEqual(['esx01', 'esx02']);
    expect(withTopology(two, 'one-node').hosts).toHaveLength(1);
  });

  it('editing a site keeps what other steps added (hardware, workloads)', () => {
    const base = Site.parse({ ...minimalSite(), spec: { ...minimalSite().spec, workloads: { vms: [{ name: 'vm1', className: 'small', image: 'x.ova' }] } } });
    base.spec.hosts[0]!.hardware.serial = 'SN123';
    const form = { ...formFromSite(base), ntp: 'ntp1.example.com' };
    const next = Site.parse(siteFromForm(form, base));
    expect(next.spec.hosts[0]!.hardware.serial).toBe('SN123');
    expect(next.spec.workloads.vms).toHaveLength(1);
    expect(next.spec.ntp.servers).toEqual(['ntp1.example.com']);
  });
});
