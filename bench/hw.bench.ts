/**
 * Hardware step performance (issue 4): check a 50-host site against the full shipped list, and parse a
 * 5,000-line inventory; each target well under 50 ms.
 *
 * Baselines in the same run:
 *   check  vs a naive matcher that scans every PCI pattern and USB record for every device (no index), doing
 *          only the matching, none of the rules: the engine's cost over "just look the IDs up".
 *   parse  vs the cheapest possible pass over the same text (split into lines + one regex per line).
 * The schema caps sites at two hosts, so the 50-host site is built in code for the bench only.
 * Run: `npx tsx bench/hw.bench.ts` (BENCH_RUNS=100).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkSite } from '../test/helpers/plan';
import { keyMatches, pciKey } from '../main/core/hardware/matching';
import { CompatList } from '../main/core/hardware/schema';
import { parseInventory } from '../main/core/inventory/parse';
import { Host, Site, type Nic } from '../main/core/site/schema';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const root = join(import.meta.dirname, '..');
const list = CompatList.parse(JSON.parse(readFileSync(join(root, 'resources', 'compat', 'compat-list.json'), 'utf8')));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function time(fn: () => unknown): number {
  for (let i = 0; i < 10; i++) fn(); // warm-up: let the JIT settle before timing
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

// ---- a 50-host site: each host a catalogue model with its onboard NICs, plus USB and unknown devices
const pool: Nic[] = [
  ...list.pciNics.flatMap((f) => f.match.slice(0, 2).map((m) => ({ name: 'vmnic0', bus: 'pci' as const, vendorId: m.slice(0, 4), deviceId: m.slice(4, 8), role: 'uplink' as const }))),
  ...list.usbNics.map((u) => ({ name: 'vusb0', bus: 'usb' as const, vendorId: u.vid, deviceId: u.pid, role: 'uplink' as const })),
  { name: 'vmnic0', bus: 'pci', vendorId: '15b3', deviceId: '1015', role: 'uplink' },
  { name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', role: 'uplink', classCode: '020600' },
];
const hosts = Array.from({ length: 50 }, (_, i) => {
  const model = list.hostModels[i % list.hostModels.length]!;
  const nics: Nic[] = [];
  for (let k = 0; k < 6; k++) {
    const n = pool[(i * 7 + k * 13) % pool.length]!;
    const idx = nics.filter((x) => x.bus === n.bus).length;
    nics.push({ ...n, name: n.bus === 'pci' ? `vmnic${idx}` : `vusb${idx}` });
  }
  return Host.parse({ name: `esx${String(i).padStart(2, '0')}`, management: { ip: `10.0.${i >> 8}.${(i % 250) + 1}` }, hardware: { model: model.id, ramGiB: 16 + (i % 4) * 16, bootDiskGB: 256, nics }, vswitches: [{ uplinks: { active: [nics[0]!.name] } }] });
});
const base = Site.parse({
  apiVersion: 'sitekit/v1',
  kind: 'Site',
  metadata: { name: 'Bench', id: 'bench' },
  spec: { topology: 'one-node', release: '8.0U3', managementNetwork: { subnet: '10.0.0.0/16', gateway: '10.0.255.254' }, dns: { servers: ['10.0.255.253'] }, ntp: { servers: ['pool.ntp.org'] }, hosts: [hosts[0]] },
});
const site = { ...base, spec: { ...base.spec, hosts } };
const deviceCount = hosts.reduce((n, h) => n + h.hardware.nics.length, 0);

function naiveMatchAll(): number {
  let found = 0;
  for (const h of hosts) {
    for (const n of h.hardware.nics) {
      if (n.bus === 'pci') {
        const key = pciKey({ ...n, vendorId: n.vendorId ?? '', deviceId: n.deviceId ?? '' });
        for (const f of list.pciNics) for (const p of f.match) if (keyMatches(p, key)) found++;
      } else {
        for (const u of list.usbNics) if (u.vid === n.vendorId && u.pid === n.deviceId) found++;
      }
    }
  }
  return found;
}

// ---- a 5,000-line inventory: lspci -nnk blocks (device + subsystem + driver + modules lines)
const lspciBlock = (i: number): string[] => {
  const bus = (i >> 3).toString(16).padStart(2, '0');
  const fn = i % 8;
  const nic = i % 3 === 0;
  return [
    `${bus}:00.${fn} ${nic ? 'Ethernet controller [0200]: Intel Corporation Ethernet Controller I226-V [8086:125c]' : 'Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO [144d:a80a]'} (rev 04)`,
    `\tSubsystem: Intel Corporation Device [8086:${(0x3000 + i).toString(16).slice(-4)}]`,
    `\tKernel driver in use: ${nic ? 'igc' : 'nvme'}`,
    `\tKernel modules: ${nic ? 'igc' : 'nvme'}`,
  ];
};
const lines: string[] = [];
for (let i = 0; lines.length < 5000; i++) lines.push(...lspciBlock(i % 2048));
const inventory = lines.slice(0, 5000).join('\n') + '\n';
const LINE = /^(\S+)\s+(.*)$/;
function baselineScan(): number {
  let n = 0;
  for (const l of inventory.split('\n')) if (LINE.test(l)) n++;
  return n;
}

const check = time(() => checkSite(site, list));
const naive = time(naiveMatchAll);
const parse = time(() => {
  const r = parseInventory(inventory);
  if (!r.ok || r.value.devices.length < 1000) throw new Error('bench inventory was not parsed');
});
const scan = time(baselineScan);

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
console.log(`list ${list.listVersion}: ${list.hostModels.length} models, ${list.pciNics.length} PCI families, ${list.usbNics.length} USB NICs; ${RUNS} runs, medians`);
console.log(`check 50 hosts / ${deviceCount} devices : ${fmt(check)}   (naive ID scan only: ${fmt(naive)}, ratio ${(check / naive).toFixed(2)}×)`);
console.log(`parse 5,000-line lspci -nnk     : ${fmt(parse)}   (split + 1 regex/line: ${fmt(scan)}, ratio ${(parse / scan).toFixed(2)}×)`);
console.log(`README: hw check of a 50-host site ${fmt(check)}, parse of a 5,000-line inventory ${fmt(parse)} (targets < 50 ms each)`);
if (check >= 50 || parse >= 50) process.exitCode = 1;
