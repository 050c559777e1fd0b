/** The real shipped compatibility list: every record validates, carries provenance, and covers what the issue asks. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { CompatList, EVIDENCE_LEVELS, FlingBuild, HostModel, PciNicFamily, Quirk, ReleaseRecord, UsbClassMatch, UsbNic } from '../../../../main/core/hardware/schema';
import { RELEASES } from '../../../../main/core/site/schema';
import { COMPAT_LIST_PATH } from '../../../helpers/hardware';

const text = readFileSync(COMPAT_LIST_PATH, 'utf8');
const raw = JSON.parse(text) as Record<string, unknown[]>;
const parsed = CompatList.safeParse(raw);
const list = parsed.success ? parsed.data : (undefined as never);

/** Every USB VID:PID the USB NIC Fling lists (docs/FIELD-NOTES.md "USB NIC IDs the Fling lists"). */
const HARDWARE_MD_USB = [
  '0b95:1790', '0b95:178a', '2001:4a00', '0df6:0072', '17ef:304b', '0bda:8152', '0bda:8153', '0bda:8156', '0bda:8157',
  '2357:0601', '13b1:0041', '045e:07c6', '0955:09ff', '17ef:7205', '17ef:3069', '17ef:3062', '17ef:720a', '0b05:1976',
  '2001:b301', '2eca:c101', '20f4:e05a', '1c04:0015', '413c:a102', '04b3:4010', '17ef:b001', '2c23:1b83', '15d9:1b83',
  '046b:ffb0', '18d1:0215', '0b1f:8153', '0b1f:03ee', '1a56:3100', '2cc8:2927',
];

describe('shipped compatibility list', () => {
  it('validates against the schema as a whole', () => {
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([]);
    expect(list.schemaVersion).toBe(1);
    expect(list.listVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(list.dataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('validates every record on its own and every record has provenance with a known evidence level', () => {
    const groups = { releases: ReleaseRecord, flingBuilds: FlingBuild, pciNics: PciNicFamily, usbNics: UsbNic, usbClassMatches: UsbClassMatch, quirks: Quirk, hostModels: HostModel } as const;
    let records = 0;
    for (const [g, element] of Object.entries(groups)) {
      for (const [i, rec] of (raw[g] ?? []).entries()) {
        records++;
        expect(element.safeParse(rec).success, `${g}[${i}]`).toBe(true);
        const prov = (rec as { provenance: { evidence: string; sources: string[] } }).provenance;
        expect(EVIDENCE_LEVELS, `${g}[${i}]`).toContain(prov.evidence);
        expect(prov.sources.length, `${g}[${i}] sources`).toBeGreaterThan(0);
      }
    }
    expect(records).toBeGreaterThan(100);
  });

  it('covers every release with its matching USB NIC Fling build and vusb limit', () => {
    expect(list.releases.map((r) => r.id)).toEqual([...RELEASES]);
    const builds = new Map(list.flingBuilds.map((b) => [b.id, b]));
    const expected: Record<string, [string, number]> = {
      '7.0U3': ['1.10-1vmw.703.0.50.55634242', 8],
      '8.0': ['1.12-1vmw.800.1.20.64098182', 12],
      '8.0U1': ['1.12-1vmw.801.0.0.64098092', 12],
      '8.0U2': ['1.12-2vmw.802.0.0.67561870', 12],
      '8.0U3': ['1.14-7vmw.803.0.95.93415869', 12],
      '9.0': ['1.15-1vmw.900.0.84947163', 12],
    };
    for (const r of list.releases) {
      const b = builds.get(r.usbFlingBuild)!;
      expect([b.vibVersion, b.maxVusb], r.id).toEqual(expected[r.id]);
    }
  });

  it('lists every USB NIC VID:PID of docs/FIELD-NOTES.md "USB NIC IDs the Fling lists" with chip, first build and role', () => {
    const ids = list.usbNics.map((u) => `${u.vid}:${u.pid}`);
    for (const id of HARDWARE_MD_USB) expect(ids, id).toContain(id);
    expect(list.usbNics.filter((u) => u.role === 'bmc-virtual-nic').map((u) => `${u.vid}:${u.pid}`)).toEqual(expect.arrayContaining(['413c:a102', '2c23:1b83', '046b:ffb0']));
    const r8157 = list.usbNics.find((u) => u.pid === '8157')!;
    expect(r8157.flingBuilds).toEqual(['803-93415869']);
  });

  it('covers the onboard NIC families the issue names, with a driver cell per release', () => {
    const pci = (vid: string, did: string) => list.pciNics.find((f) => f.match.some((m) => m.startsWith(vid + did)));
    const wanted = [
      ['8086', '15bc'], ['8086', '0d4f'], ['8086', '1a1c'], ['8086', '0dc5'], ['8086', '15f3'], ['8086', '125c'], ['8086', '1533'], ['8086', '1539'],
      ['8086', '1521'], ['8086', '1563'], ['8086', '15ad'], ['8086', '15c8'], ['8086', '1572'], ['8086', '37d2'], ['8086', '1593'],
      ['10ec', '8168'], ['10ec', '8125'], ['10ec', '8126'], ['1d6a', 'd107'], ['1d6a', '94c0'], ['14e4', '165f'],
    ];
    for (const [v, d] of wanted) {
      const fam = pci(v!, d!);
      expect(fam, `${v}:${d}`).toBeDefined();
      expect(Object.keys(fam!.support).sort()).toEqual([...RELEASES].sort());
    }
  });

  it('has at least 20 host models with CPU, cores, hybrid flag, max RAM and onboard NICs', () => {
    expect(list.hostModels.length).toBeGreaterThanOrEqual(20);
    for (const m of list.hostModels) {
      expect(m.cores, m.id).toBeGreaterThan(0);
      expect(m.maxRamGiB, m.id).toBeGreaterThan(0);
      expect(m.onboardNics.length, m.id).toBeGreaterThan(0);
    }
    expect(list.hostModels.filter((m) => m.hybridCores).length).toBeGreaterThanOrEqual(5);
    expect(list.minimums).toMatchObject({ cores: 2, ramGiB: 8, bootDiskGB: 32, nicSpeedMbps: 1000 });
  });

  it('every onboard NIC of every model is in the PCI table (so picking a model never yields "not in list")', () => {
    const keys = new Set(list.pciNics.flatMap((f) => f.match.map((m) => m.slice(0, 8))));
    for (const m of list.hostModels) for (const n of m.onboardNics) expect(keys.has(n.vendorId + n.deviceId), `${m.id} ${n.vendorId}:${n.deviceId}`).toBe(true);
  });

  it('is stored canonically and matches its SHA-256 file', () => {
    expect(text).toBe(JSON.stringify(raw, null, 2) + '\n');
    const sum = readFileSync(COMPAT_LIST_PATH + '.sha256', 'utf8');
    expect(sum).toBe(`${createHash('sha256').update(text).digest('hex')}  compat-list.json\n`);
  });
});
