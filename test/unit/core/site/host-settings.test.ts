/**
 * The blocks beyond the basics (NFS datastores, advanced options, acceptance level, account lockout, PTP,
 * VM class extras, MetalLB pools): what each takes, what it refuses and with which sentence.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdvancedOption, HostSettings, isPowerOfTwo, MetallbPool, NfsDatastore, PassthroughDevice, PtpAdapter, VmClassExtras } from '../../../../main/core/site/host-settings';

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('NFS datastores', () => {
  const ds = (over: object = {}) => ({ name: 'ds1', server: 'nas.example.com', share: '/data/NFS', ...over });
  it('take a name up to 42 characters, a server name or address, an absolute share, 1–8 connections', () => {
    expect(NfsDatastore.parse(ds())).toEqual({ ...ds(), readOnly: false, connections: 1 });
    expect(messages(NfsDatastore.safeParse(ds({ name: 'n'.repeat(42), server: '10.0.0.5', readOnly: true, connections: 8 })))).toEqual([]);
    expect(messages(NfsDatastore.safeParse(ds({ name: '' })))).toEqual(['name: the datastore needs a name']);
    expect(messages(NfsDatastore.safeParse(ds({ name: 'n'.repeat(43) })))).toEqual(['name: at most 42 characters']);
    expect(messages(NfsDatastore.safeParse(ds({ share: 'data/NFS' })))).toEqual(['share: must be an absolute export path such as /data/NFS']);
    expect(messages(NfsDatastore.safeParse(ds({ server: 'nas server' })))).toEqual(['server: must be a host name or IP']);
    expect(messages(NfsDatastore.safeParse(ds({ connections: 0 }))).length).toBe(1);
    expect(messages(NfsDatastore.safeParse(ds({ connections: 9 }))).length).toBe(1);
  });

  it('two datastores may not share a name', () => {
    const r = HostSettings.safeParse({ nfsDatastores: [ds(), ds({ server: 'other.example.com' })] });
    expect(messages(r)).toEqual(['nfsDatastores.1.name: datastore name "ds1" is used twice']);
    expect(messages(HostSettings.safeParse({ nfsDatastores: [ds(), ds({ name: 'ds2' })] }))).toEqual([]);
  });
});

describe('advanced options', () => {
  it('a lower-case group, an option name, an integer or text value', () => {
    expect(messages(AdvancedOption.safeParse({ group: 'mem', name: 'ShareForceSalting', value: 0 }))).toEqual([]);
    expect(messages(AdvancedOption.safeParse({ group: 'user_vars', name: 'UserVars.SuppressShellWarning', value: 'yes' }))).toEqual([]);
    expect(messages(AdvancedOption.safeParse({ group: 'Mem', name: 'X', value: 1 }))).toEqual(['group: must be the lower-case group such as mem']);
    expect(messages(AdvancedOption.safeParse({ group: '1mem', name: 'X', value: 1 }))).toEqual(['group: must be the lower-case group such as mem']);
    expect(messages(AdvancedOption.safeParse({ group: 'mem-x', name: 'X', value: 1 }))).toEqual(['group: must be the lower-case group such as mem']);
    expect(messages(AdvancedOption.safeParse({ group: 'mem', name: '1X', value: 1 }))).toEqual(['name: must be the option name such as ShareForceSalting']);
    expect(messages(AdvancedOption.safeParse({ group: 'mem', name: 'X-Y', value: 1 }))).toEqual(['name: must be the option name such as ShareForceSalting']);
    expect(messages(AdvancedOption.safeParse({ group: 'mem', name: 'X', value: 1.5 })).length).toBeGreaterThan(0);
    expect(messages(AdvancedOption.safeParse({ group: 'mem', name: 'X', value: '' })).length).toBeGreaterThan(0);
  });

  it('one option per group (the profile keeps one object per group)', () => {
    const r = HostSettings.safeParse({ advancedOptions: [{ group: 'mem', name: 'A', value: 1 }, { group: 'net', name: 'B', value: 1 }, { group: 'mem', name: 'C', value: 2 }] });
    expect(messages(r)).toEqual(['advancedOptions.2.group: only one advanced option per group can be written; "mem" is used twice']);
  });
});

describe('host settings defaults and bounds', () => {
  it('empty lists, no acceptance level, no lockout', () => {
    expect(HostSettings.parse({})).toEqual({ nfsDatastores: [], advancedOptions: [] });
  });

  it('acceptance levels from VMware certified to community; lockout 0–100 failures, 0–86400 s', () => {
    for (const level of ['VMWARE_CERTIFIED', 'VMWARE_ACCEPTED', 'PARTNER', 'COMMUNITY']) expect(messages(HostSettings.safeParse({ acceptanceLevel: level })), level).toEqual([]);
    expect(messages(HostSettings.safeParse({ acceptanceLevel: 'NONE' })).length).toBe(1);
    expect(messages(HostSettings.safeParse({ accountLockout: { failures: 100, unlockSeconds: 86400 } }))).toEqual([]);
    expect(messages(HostSettings.safeParse({ accountLockout: { failures: 0, unlockSeconds: 0 } }))).toEqual([]);
    expect(messages(HostSettings.safeParse({ accountLockout: { failures: 101, unlockSeconds: 0 } })).length).toBe(1);
    expect(messages(HostSettings.safeParse({ accountLockout: { failures: 1, unlockSeconds: 86401 } })).length).toBe(1);
  });
});

describe('PTP adapter', () => {
  it('vmk1 by default on a named port group; never vmk0 (management)', () => {
    expect(PtpAdapter.parse({ portGroup: 'PTP' })).toEqual({ device: 'vmk1', portGroup: 'PTP', mtu: 1500 });
    for (const ok of ['vmk1', 'vmk9', 'vmk12', 'vmk99']) expect(messages(PtpAdapter.safeParse({ portGroup: 'PTP', device: ok })), ok).toEqual([]);
    for (const bad of ['vmk0', 'vmk', 'vmk123', 'vmk01', 'eth1', 'xvmk1'])
      expect(messages(PtpAdapter.safeParse({ portGroup: 'PTP', device: bad })), bad).toEqual(['device: must be a VMkernel adapter other than vmk0, such as vmk1']);
    expect(messages(PtpAdapter.safeParse({ portGroup: '' }))).toEqual(['portGroup: pick the port group of the PTP network']);
    expect(messages(PtpAdapter.safeParse({ portGroup: 'PTP', mtu: 1279 })).length).toBe(1);
    expect(messages(PtpAdapter.safeParse({ portGroup: 'PTP', mtu: 9001 })).length).toBe(1);
  });
});

describe('PCI passthrough devices', () => {
  it('IDs are written 0x and four lower-case hex digits, whatever was typed', () => {
    expect(PassthroughDevice.parse({ vendorId: '10DE', deviceId: '0x25b6' })).toEqual({ vendorId: '0x10de', deviceId: '0x25b6' });
    expect(PassthroughDevice.parse({ vendorId: '0x8', deviceId: 'ABC', label: 'GPU' })).toEqual({ vendorId: '0x0008', deviceId: '0x0abc', label: 'GPU' });
    expect(messages(PassthroughDevice.safeParse({ vendorId: '10dex', deviceId: '25b6' }))).toEqual(['vendorId: must be a PCI vendor ID such as 0x10de']);
    expect(messages(PassthroughDevice.safeParse({ vendorId: '10de', deviceId: '12345' }))).toEqual(['deviceId: must be a PCI device ID such as 0x25b6']);
    expect(messages(PassthroughDevice.safeParse({ vendorId: '', deviceId: '25b6' }))).toEqual(['vendorId: must be a PCI vendor ID such as 0x10de']);
  });
});

describe('MetalLB pools', () => {
  it('a lower-case DNS label name, at least one range, announced automatically by default', () => {
    expect(MetallbPool.parse({ name: 'lb', addresses: ['10.0.0.240-10.0.0.250'] })).toEqual({ name: 'lb', addresses: ['10.0.0.240-10.0.0.250'], autoAssign: true });
    expect(messages(MetallbPool.safeParse({ name: 'LB', addresses: ['10.0.0.240/28'] }))).toEqual(['name: must be a lower-case DNS label']);
    for (const bad of ['lb-', '-lb', 'l_b']) expect(messages(MetallbPool.safeParse({ name: bad, addresses: ['10.0.0.240/28'] })), bad).toEqual(['name: must be a lower-case DNS label']);
    for (const ok of ['a', 'a-b', 'pool-1']) expect(messages(MetallbPool.safeParse({ name: ok, addresses: ['10.0.0.240/28'] })), ok).toEqual([]);
    expect(messages(MetallbPool.safeParse({ name: 'lb', addresses: [] }))).toEqual(['addresses: a pool needs at least one address range']);
  });
});

describe('VM class extras', () => {
  it('extra VMX options keep key and value; a key is never empty', () => {
    const Extras = z.object(VmClassExtras);
    expect(Extras.parse({ extraConfig: [{ key: 'pciPassthru.use64bitMMIO', value: 'TRUE' }] }).extraConfig).toEqual([{ key: 'pciPassthru.use64bitMMIO', value: 'TRUE' }]);
    expect(Extras.parse({ extraConfig: [{ key: 'k', value: '' }] }).extraConfig).toEqual([{ key: 'k', value: '' }]);
    expect(messages(Extras.safeParse({ extraConfig: [{ key: '', value: 'x' }] })).length).toBe(1);
  });
});

describe('isPowerOfTwo', () => {
  it('1, 2, 4 … 1024 are; 0, negatives, fractions and the rest are not', () => {
    for (const n of [1, 2, 4, 8, 16, 32, 1024]) expect(isPowerOfTwo(n), String(n)).toBe(true);
    for (const n of [0, -2, 3, 6, 12, 1.5, 2.5]) expect(isPowerOfTwo(n), String(n)).toBe(false);
  });
});
