/**
 * The topology picture: a self-contained SVG of the site (hosts, NICs, vSwitches, port groups with VLANs,
 * VMs and the worker node). No external references, no scripts, no CSS classes: presentation attributes
 * only, so it renders the same in the app, in the HTML report and in a PDF. Accessible name via <title>
 * and <desc>. Deterministic for the same model.
 */
import { workerAddressOf } from '../site/worker-addresses';
import type { Host, Site } from '../site/schema';
import type { HostPlan, PlannedVSwitch, SitePlan } from '../host-plan/types';
import { requirePlan } from '../host-plan/plan';
import { vmHost } from './generate';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COL = 560;
const NIC_X = 16;
const NIC_W = 92;
const SW_X = 150;
const SW_W = 210;
const VM_X = 400;
const VM_W = 150;
const ROW = 26;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const COLORS = { host: '#f5f7fa', border: '#8492a6', nic: '#e3f2fd', usb: '#fff3e0', sw: '#e8f5e9', pg: '#ffffff', vm: '#f3e5f5', worker: '#ede7f6', text: '#1f2d3d', muted: '#52606d' };

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function rect(b: Box, fill: string, extra = ''): string {
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${fill}" stroke="${COLORS.border}" stroke-width="1"${extra}/>`;
}

function text(x: number, y: number, s: string, opts: { size?: number; weight?: string; fill?: string; anchor?: string } = {}): string {
  return `<text x="${x}" y="${y}" ${FONT} font-size="${opts.size ?? 12}"${opts.weight ? ` font-weight="${opts.weight}"` : ''} fill="${opts.fill ?? COLORS.text}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''}>${esc(s)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, dashed = false): string {
  return `<path d="M${x1} ${y1} C${(x1 + x2) / 2} ${y1} ${(x1 + x2) / 2} ${y2} ${x2} ${y2}" fill="none" stroke="${COLORS.muted}" stroke-width="1.5"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`;
}

const vlanLabel = (vlan: number): string => (vlan === 0 ? 'untagged' : `VLAN ${vlan}`);

function hostUplinks(plan: HostPlan): { name: string; usb: boolean; label: string }[] {
  const names = new Set<string>();
  const out: { name: string; usb: boolean; label: string }[] = [];
  for (const n of plan.nics.filter((n) => n.role !== 'bmc')) {
    names.add(n.name);
    const speed = n.speedMbps ? `${n.speedMbps >= 1000 ? `${n.speedMbps / 1000} G` : `${n.speedMbps} M`}` : n.bus.toUpperCase();
    out.push({ name: n.name, usb: n.bus === 'usb', label: `${speed}${n.install ? ' · install NIC' : n.role === 'unused' ? ' · unused' : ''}` });
  }
  for (const sw of plan.vswitches) {
    for (const u of [...sw.uplinks.active, ...sw.uplinks.standby]) {
      if (!names.has(u)) {
        names.add(u);
        out.push({ name: u, usb: u.startsWith('vusb'), label: plan.nics.length > 0 ? 'not on this host!' : '' });
      }
    }
  }
  return out;
}

function renderHost(site: Site, host: Host, plan: HostPlan, x0: number): { svg: string; height: number } {
  const parts: string[] = [];
  const nics = hostUplinks(plan);
  const nicY = new Map<string, number>();
  nics.forEach((n, i) => nicY.set(n.name, 70 + i * 44));
  // Switch blocks stacked; port-group rows inside.
  const pgY = new Map<string, number>();
  let y = 64;
  const swBlocks: { sw: PlannedVSwitch; box: Box }[] = [];
  for (const sw of plan.vswitches) {
    const h = 30 + sw.portGroups.length * ROW + 8;
    const box = { x: x0 + SW_X, y, w: SW_W, h };
    swBlocks.push({ sw, box });
    sw.portGroups.forEach((pg, i) => {
      if (!pgY.has(pg.name)) pgY.set(pg.name, y + 30 + i * ROW + ROW / 2);
    });
    y += h + 16;
  }
  const wl = site.spec.workloads;
  const vms = wl.vms.filter((vm) => vmHost(site, vm.host).name === host.name).sort((a, b) => a.name.localeCompare(b.name));
  const guests: { name: string; sub: string; networks: readonly string[]; worker: boolean }[] = [
    // Every host applies workloads/common, so every host runs its own worker node, with its own address.
    ...(wl.worker.enabled
      ? [{ name: 'Kubernetes worker', sub: `${wl.worker.cpus} vCPU · ${wl.worker.memoryGiB} GiB · ${wl.worker.network.mode === 'static' ? (workerAddressOf(site, host.name) ?? '') : 'DHCP'}`, networks: ['VM Network'], worker: true }]
      : []),
    ...vms.map((vm) => ({ name: vm.name, sub: `${vm.className}${vm.powerState === 'poweredOff' ? ' · off' : ''}`, networks: vm.networks, worker: false })),
  ];
  const vmBoxes = guests.map((g, i) => ({ g, box: { x: x0 + VM_X, y: 64 + i * 52, w: VM_W, h: 40 } }));
  const height = Math.max(y, 70 + nics.length * 44, 64 + guests.length * 52) + 16;

  parts.push(rect({ x: x0 + 4, y: 8, w: COL - 8, h: height - 8 }, COLORS.host));
  const mgmt = host.management.mode === 'dhcp' ? 'DHCP' : (host.management.ip ?? '');
  parts.push(text(x0 + 18, 32, host.name, { size: 15, weight: 'bold' }));
  parts.push(text(x0 + 18, 50, `management ${mgmt}${host.management.vlan ? ` · VLAN ${host.management.vlan}` : ''}${host.hardware.serial ? ` · S/N ${host.hardware.serial}` : ''}`, { size: 11, fill: COLORS.muted }));

  for (const n of nics) {
    const ny = nicY.get(n.name) ?? 0;
    parts.push(`<g>${rect({ x: x0 + NIC_X, y: ny - 14, w: NIC_W, h: 30 }, n.usb ? COLORS.usb : COLORS.nic)}${text(x0 + NIC_X + 8, ny, n.name, { weight: 'bold' })}${text(x0 + NIC_X + 8, ny + 12, n.label, { size: 9, fill: COLORS.muted })}</g>`);
  }
  for (const { sw, box } of swBlocks) {
    parts.push(rect(box, COLORS.sw));
    parts.push(text(box.x + 10, box.y + 19, `${sw.name} · MTU ${sw.mtu}`, { weight: 'bold' }));
    sw.portGroups.forEach((pg, i) => {
      const ry = box.y + 30 + i * ROW;
      parts.push(rect({ x: box.x + 8, y: ry, w: box.w - 16, h: ROW - 4 }, COLORS.pg));
      parts.push(text(box.x + 16, ry + 15, pg.name, { size: 11 }));
      parts.push(text(box.x + box.w - 14, ry + 15, vlanLabel(pg.vlan), { size: 10, fill: COLORS.muted, anchor: 'end' }));
    });
    sw.uplinks.active.forEach((u) => parts.push(line(x0 + NIC_X + NIC_W, nicY.get(u) ?? 0, box.x, box.y + 14)));
    sw.uplinks.standby.forEach((u) => parts.push(line(x0 + NIC_X + NIC_W, nicY.get(u) ?? 0, box.x, box.y + 14, true)));
  }
  for (const { g, box } of vmBoxes) {
    parts.push(rect(box, g.worker ? COLORS.worker : COLORS.vm));
    parts.push(text(box.x + 8, box.y + 16, g.name, { weight: 'bold', size: 11 }));
    parts.push(text(box.x + 8, box.y + 31, g.sub, { size: 9, fill: COLORS.muted }));
    for (const net of g.networks) {
      const py = pgY.get(net);
      if (py !== undefined) parts.push(line(x0 + SW_X + SW_W - 8, py, box.x, box.y + 20));
      else parts.push(text(box.x - 6, box.y + 20, `${net}?`, { size: 9, fill: '#b71c1c', anchor: 'end' }));
    }
  }
  return { svg: parts.join(''), height };
}

/** Renders the site topology as a standalone SVG document string. */
export function renderTopology(site: Site, plan: SitePlan): string {
  const planOf = (h: Host): HostPlan => requirePlan(plan, h.name);
  const hosts = site.spec.hosts.map((h, i) => renderHost(site, h, planOf(h), i * COL));
  const legendY = Math.max(...hosts.map((h) => h.height)) + 8;
  const width = COL * hosts.length;
  const height = legendY + 28;
  const title = `Network topology of ${site.metadata.name}`;
  const desc = site.spec.hosts
    .map((h) => {
      const sws = planOf(h).vswitches.map((s) => `${s.name} (MTU ${s.mtu}, uplinks ${[...s.uplinks.active, ...s.uplinks.standby.map((u) => `${u} standby`)].join(', ') || 'none'}; port groups ${s.portGroups.map((p) => `${p.name} ${vlanLabel(p.vlan)}`).join(', ') || 'none'})`);
      return `Host ${h.name}: ${sws.join('; ')}.`;
    })
    .join(' ');
  const vmDesc = site.spec.workloads.vms.length > 0 ? ` VMs: ${site.spec.workloads.vms.map((v) => `${v.name} on ${vmHost(site, v.host).name}`).join(', ')}.` : '';
  const workerDesc = site.spec.workloads.worker.enabled ? ` Kubernetes worker node on ${site.spec.hosts.length > 1 ? 'each host' : (site.spec.hosts[0]?.name ?? '')}.` : '';
  const legend = [
    rect({ x: 16, y: legendY, w: 14, h: 14 }, COLORS.nic),
    text(36, legendY + 11, 'PCI NIC', { size: 10 }),
    rect({ x: 96, y: legendY, w: 14, h: 14 }, COLORS.usb),
    text(116, legendY + 11, 'USB NIC', { size: 10 }),
    line(180, legendY + 7, 210, legendY + 7),
    text(216, legendY + 11, 'active uplink', { size: 10 }),
    line(296, legendY + 7, 326, legendY + 7, true),
    text(332, legendY + 11, 'standby uplink', { size: 10 }),
  ].join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="topology-title topology-desc">`,
    `<title id="topology-title">${esc(title)}</title>`,
    `<desc id="topology-desc">${esc(desc + vmDesc + workerDesc)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...hosts.map((h, i) => `<g aria-label="${esc(site.spec.hosts[i]?.name ?? '')}">${h.svg}</g>`),
    legend,
    '</svg>',
    '',
  ].join('\n');
}
