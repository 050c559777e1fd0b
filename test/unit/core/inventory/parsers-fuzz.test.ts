/**
 * Property tests of the inventory parsers with fast-check (issue 17): random text, random mixes of real
 * lspci / lsusb / esxcli / dmidecode lines with noise, truncation and line endings never make
 * `parseInventory` throw; a failure is an error value; every located issue points at a line that exists.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { toHostHardware } from '../../../../main/core/inventory/hardware';

const REAL = [
  '00:1f.6 Ethernet controller [0200]: Intel Corporation Ethernet Connection (7) I219-LM [8086:15bb] (rev 10)',
  '01:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)',
  '\tSubsystem: Intel Corporation Device [8086:0000]',
  'Bus 002 Device 003: ID 0bda:8156 Realtek Semiconductor Corp. USB 10/100/1G/2.5G LAN',
  'Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub',
  'Name    PCI Device    Driver  Admin Status  Link Status  Speed  Duplex  MAC Address         MTU  Description',
  '------  ------------  ------  ------------  -----------  -----  ------  -----------------  ----  -----------',
  'vmnic0  0000:00:1f.6  ne1000  Up            Up            1000  Full    00:1b:21:aa:bb:cc  1500  Intel Corporation Ethernet Connection I219-LM',
  'vusb0   Pseudo        cdce    Up            Up            1000  Full    00:e0:4c:68:00:01  1500  Realtek USB NIC',
  '[root@esx01:~] esxcli network nic list',
  '$ lspci -nn',
  'System Information',
  '\tManufacturer: Intel(R) Client Systems',
  '\tProduct Name: NUC8i5BEH',
  '\tSerial Number: BTBN1234',
  '# dmidecode 3.3',
  'Handle 0x0001, DMI type 1, 27 bytes',
  '   Vendor ID: 0x8086',
  '   Device ID: 0x15bb',
  'Physical Memory: 34359738368 Bytes',
  '2: enp1s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000',
  '    link/ether 70:85:c2:4d:20:01 brd ff:ff:ff:ff:ff:ff',
  '    altname enp0s20f0u1',
  'enp0s31f6        UP             48:21:0b:5a:1c:07 <BROADCAST,MULTICAST,UP,LOWER_UP>',
];

const noise = fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[0-9a-f:. \t[\]-]{0,40}$/), fc.string({ unit: 'binary', maxLength: 30 }));
const line = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...REAL) }, { weight: 1, arbitrary: noise }, {
  weight: 1,
  arbitrary: fc.tuple(fc.constantFrom(...REAL), fc.nat(80)).map(([l, cut]) => l.slice(0, cut)),
});
const text = fc.tuple(fc.array(line, { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r')).map(([ls, eol]) => ls.join(eol));

let cases = 0;
describe('parseInventory under random input', () => {
  it('never throws; issues point at existing lines; the hardware view is built from any success', () => {
    fc.assert(
      fc.property(text, (t) => {
        cases++;
        let r: ReturnType<typeof parseInventory> | undefined;
        expect(() => (r = parseInventory(t, 'fuzz.txt'))).not.toThrow();
        const lines = t.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
        if (r!.ok) {
          for (const i of r!.value.issues) expect(i.line).toBeLessThanOrEqual(lines);
          expect(() => toHostHardware([r!.ok ? r!.value : (undefined as never)])).not.toThrow();
        } else {
          expect(['parse-error', 'invalid-input']).toContain(r!.error.code);
        }
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('pathological single lines (very long, only separators) stay linear and do not throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(':', '[', ' ', '0', 'a', '\t', '-'), fc.integer({ min: 100, max: 20_000 }), (ch, n) => {
        cases++;
        const started = Date.now();
        expect(() => parseInventory(ch.repeat(n) + '\n' + REAL[0], 'long.txt')).not.toThrow();
        expect(Date.now() - started).toBeLessThan(2000);
      }),
      { numRuns: 200 },
    );
    console.log(`inventory parser fuzz: ${cases} cases`);
  }, 120_000);
});
