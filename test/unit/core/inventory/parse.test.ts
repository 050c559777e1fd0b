/** Auto-detection, mixed pastes, garbage input, and property tests that the parsers never throw. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { sample } from '../../../helpers/hardware';

describe('parseInventory', () => {
  it('detects each sample format on its own', () => {
    const cases: [string, string[]][] = [
      ['esx01-lspci.txt', ['lspci']],
      ['esx01-dmidecode.txt', ['dmidecode-system']],
      ['esx01-esxcli-nic-list.txt', ['esxcli-nic-list']],
      ['esx01-esxcli-pci-list.txt', ['esxcli-pci-list']],
      ['xr11-lsusb.txt', ['lsusb']],
    ];
    for (const [file, formats] of cases) {
      const r = parseInventory(sample(file), file);
      expect(r.ok && r.value.formats, file).toEqual(formats);
      expect(r.ok && r.value.issues, file).toEqual([]);
    }
  });

  it('reads a paste that mixes several tools with shell prompts in between', () => {
    const text = ['$ sudo dmidecode -t system', sample('esx02-dmidecode.txt'), 'user@box:~$ lspci -nnk', sample('esx02-lspci.txt'), sample('esx02-lsusb.txt')].join('\n');
    const r = parseInventory(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new Set(r.value.formats)).toEqual(new Set(['dmidecode-system', 'lspci', 'lsusb', 'lsusb-verbose']));
    expect(r.value.issues).toEqual([]);
    expect(r.value.system?.serial).toBe('UB8A21060213');
    expect(r.value.devices.some((d) => d.deviceId === '8168')).toBe(true);
  });

  it('answers garbage with "not recognised" and the line numbers, as an error', () => {
    const r = parseInventory('hello world\n\nthis is a shopping list\n  - eggs\n', 'notes.txt');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('parse-error');
    expect(r.error.message).toContain('notes.txt was not recognised');
    expect(r.error.issues?.map((i) => i.line)).toEqual([1, 3, 4]);
    expect(r.error.issues?.[0]?.message).toContain('Line 1:');
  });

  it('answers empty input with an error, never an empty success', () => {
    for (const t of ['', '   \n\n\t']) {
      const r = parseInventory(t, 'empty.txt');
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toContain('empty');
    }
  });

  it('never throws, whatever the text (property)', () => {
    const lineish = fc.oneof(
      fc.string(),
      fc.constantFrom('Bus 001 Device 002: ID ', '00:1f.6 Ethernet controller [0200]: ', '0000:00:1f.6', 'Handle 0x0001, DMI type 1, 27 bytes', 'System Information', '\tSerial Number: ', 'Name    PCI Device    Driver', 'vmnic0 ', '   Vendor ID: 0x', '      bInterfaceClass ', '[8086:', ']', '   Physical Memory: ', '   CPU Cores: ', 'Memory Device', '\tSize: ', 'Processor Information', '\tCore Count: '),
    );
    fc.assert(
      fc.property(fc.array(lineish, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r', ''), (parts, sep) => {
        const r = parseInventory(parts.join(sep));
        // either recognised something, or an error with at least one located line (or the empty message)
        if (!r.ok) expect(r.error.issues?.length ?? 0).toBeGreaterThan(0);
        else expect(r.value.formats.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('stays fast on a pathological line (a 100,000-character lspci-like line is refused, not backtracked)', () => {
    const evil = '00:1f.6 ' + 'x [0200]: '.repeat(10_000);
    const t = performance.now();
    const r = parseInventory(evil + '\n' + sample('esx01-lspci.txt'));
    expect(performance.now() - t).toBeLessThan(500);
    expect(r.ok && r.value.issues[0]).toMatchObject({ code: 'not-recognised', line: 1 });
  });

  it('never throws on mutated real samples (property)', () => {
    const base = [sample('esx01-lspci.txt'), sample('esx02-lsusb.txt'), sample('esx01-esxcli-pci-list.txt'), sample('xr11-esxcli-nic-list.txt'), sample('esx01-dmidecode.txt')].join('\n');
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(200), fc.string({ maxLength: 20 }), (at, del, insert) => {
        const text = base.slice(0, at) + insert + base.slice(at + del);
        expect(() => parseInventory(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
