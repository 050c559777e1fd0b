/** `lspci -nn` / `-nnk` output, including odd spacing, domains, prog-if and missing IDs. */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { sample } from '../../../helpers/hardware';

const parse = (t: string) => {
  const r = parseInventory(t, 't');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('lspci parser', () => {
  it('reads every device of a real lspci -nnk sample with class, IDs, subsystem and driver', () => {
    const p = parse(sample('esx01-lspci.txt'));
    expect(p.formats).toEqual(['lspci']);
    expect(p.issues).toEqual([]);
    expect(p.devices).toHaveLength(10);
    expect(p.devices.find((d) => d.deviceId === '125c')).toEqual({
      source: 'lspci',
      bus: 'pci',
      address: '0000:57:00.0',
      vendorId: '8086',
      deviceId: '125c',
      subVendorId: '8086',
      subDeviceId: '3037',
      classCode: '020000',
      description: 'Intel Corporation Ethernet Controller I226-V',
      driver: 'igc',
      line: 23,
    });
    // prog-if and brackets inside descriptions do not confuse it
    expect(p.devices.find((d) => d.deviceId === 'a71e')?.classCode).toBe('0c0330');
    expect(p.devices.find((d) => d.deviceId === 'a7a0')?.description).toBe('Intel Corporation Raptor Lake-P [Iris Xe Graphics]');
  });

  it('tolerates domains, CRLF, tabs and runs of spaces, and upper-case hex', () => {
    const t = '0000:03:00.0   Ethernet controller  [0200]:   Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller   [10EC:8125] (rev 05)\r\n\t  Subsystem:  Realtek Device [10ec:0123]\r\n';
    const d = parse(t).devices[0];
    expect(d).toMatchObject({ address: '0000:03:00.0', vendorId: '10ec', deviceId: '8125', subVendorId: '10ec', subDeviceId: '0123', classCode: '020000' });
  });

  it('says when lspci was run without -nn (no IDs) instead of silently returning nothing', () => {
    const p = parse('00:1f.6 Ethernet controller: Intel Corporation Ethernet Connection (17) I219-LM (rev 11)\n');
    expect(p.devices).toEqual([]);
    expect(p.issues).toEqual([{ code: 'no-ids', line: 1, text: 'lspci output without -nn' }]);
  });

  it('flags a garbage line inside lspci output with its line number and keeps the rest', () => {
    const p = parse('00:1f.6 Ethernet controller [0200]: Intel Corporation I219-LM [8086:1a1c] (rev 11)\nTHIS IS NOT LSPCI\n01:00.0 Ethernet controller [0200]: Intel Corporation I210 [8086:1533] (rev 03)\n');
    expect(p.devices.map((d) => d.deviceId)).toEqual(['1a1c', '1533']);
    expect(p.issues).toEqual([{ code: 'not-recognised', line: 2, text: 'THIS IS NOT LSPCI' }]);
  });
});
