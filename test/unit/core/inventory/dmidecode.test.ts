/** `dmidecode -t system` (and -t memory / -t processor): identity, memory and cores; vendor placeholders dropped. */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { sizeToMiB } from '../../../../main/core/inventory/dmidecode';
import { sample } from '../../../helpers/hardware';

const parse = (t: string) => {
  const r = parseInventory(t, 't');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('dmidecode parser', () => {
  it('reads the System Information block of a real sample', () => {
    const p = parse(sample('esx01-dmidecode.txt'));
    expect(p.formats).toEqual(['dmidecode-system']);
    expect(p.issues).toEqual([]);
    expect(p.system).toEqual({
      manufacturer: 'Intel(R) Client Systems',
      productName: 'NUC13ANHi7',
      version: 'M89903-204',
      serial: 'G6AN3120045Q',
      uuid: '5e3a1c8b-7f21-4d0e-9b42-48210b5a1c07',
      sku: 'RNUC13ANHI70000',
      family: 'AN',
    });
  });

  it('drops "To Be Filled By O.E.M." and "Default string" placeholders', () => {
    const p = parse(sample('esx02-dmidecode.txt'));
    expect(p.system).toEqual({ manufacturer: 'SECO', productName: 'UDOO BOLT V8', serial: 'UB8A21060213', uuid: '03000200-0400-0500-0006-000700080009' });
  });

  it('reads a block without preamble, with missing serial and odd spacing', () => {
    const p = parse('Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n    Manufacturer:    HPE  \n\tProduct Name: ProLiant MicroServer Gen10 Plus\n\tSerial Number:\n');
    expect(p.system).toEqual({ manufacturer: 'HPE', productName: 'ProLiant MicroServer Gen10 Plus' });
  });
});

describe('dmidecode -t memory / -t processor', () => {
  it('sums module sizes in GB and MB, skips empty slots, and reads cores, threads and the CPU name', () => {
    const p = parse(sample('esx01-dmidecode-memory-processor.txt'));
    expect(p.issues).toEqual([]);
    expect(p.system).toEqual({ memoryMiB: 65536, cpuCores: 12, cpuThreads: 16, cpu: '13th Gen Intel(R) Core(TM) i7-1360P' });
  });

  it('sums core counts over two sockets', () => {
    const block = (n: number) => `Handle 0x000${n}, DMI type 4, 48 bytes\nProcessor Information\n\tVersion: Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz\n\tCore Count: 16\n\tThread Count: 32\n`;
    expect(parse(block(1) + '\n' + block(2)).system).toMatchObject({ cpuCores: 32, cpuThreads: 64 });
  });
});

describe('sizeToMiB', () => {
  it('reads GB, MB, GiB, TB and decimal commas', () => {
    expect(sizeToMiB('32 GB')).toBe(32768);
    expect(sizeToMiB('16384 MB')).toBe(16384);
    expect(sizeToMiB('8 GiB')).toBe(8192);
    expect(sizeToMiB('1 TB')).toBe(1048576);
    expect(sizeToMiB('1,5 GB')).toBe(1536);
    expect(sizeToMiB('No Module Installed')).toBeUndefined();
  });
});
