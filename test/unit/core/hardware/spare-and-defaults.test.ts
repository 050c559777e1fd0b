/** A NIC with a device ID only, a spare NIC that has no driver, and the default file name of a broken list. */
import { describe, expect, it } from 'vitest';
import { checkDevice, checkHost } from '../../../../main/core/hardware/engine';
import { parseCompatList } from '../../../../main/core/hardware/list';
import { Nic as NicSchema, Site as SiteSchema } from '../../../../main/core/site/schema';
import { demoSiteInput, shippedList } from '../../../helpers/hardware';

const list = shippedList();

describe('spare NICs and defaults', () => {
  it('a NIC with a device ID but no vendor ID is not identified', () => {
    expect(checkDevice(NicSchema.parse({ name: 'vmnic0', bus: 'pci', deviceId: '125c' }), list, '8.0U3', true).findings[0]?.code).toBe('nic-ids-unknown');
  });

  it('a spare NIC without a driver is never suggested as the uplink', () => {
    const killer = (name: string) => ({ name, bus: 'pci' as const, vendorId: '10ec', deviceId: '3000' });
    const input = demoSiteInput({ hosts: [{ name: 'esx01', management: { ip: '192.168.10.11' }, hardware: { ramGiB: 32, bootDiskGB: 512, nics: [killer('vmnic0'), killer('vmnic1')] }, vswitches: [{ uplinks: { active: ['vmnic0'] } }] }] });
    const host = SiteSchema.parse({ ...input, spec: { ...input.spec, topology: 'one-node' } }).spec.hosts[0]!;
    expect(checkHost(host, list, '8.0U3').actions.filter((a) => a.kind === 'pick-another-uplink')).toEqual([{ kind: 'pick-another-uplink', nic: 'vmnic0' }]);
  });

  it('broken JSON read without a file name is called compat-list.json', () => {
    const r = parseCompatList('{');
    expect(!r.ok && r.error.file).toBe('compat-list.json');
  });
});
