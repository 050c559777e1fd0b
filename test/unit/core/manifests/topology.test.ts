import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topologyWithPlan } from '../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import { Site } from '../../../../main/core/site/schema';
import { oneNodeSite, twoNodeInput, twoNodeSite } from '../../../helpers/manifest-sites';

describe('renderTopology', () => {
  it('draws hosts, NICs, vSwitches, port groups with VLANs, VMs and the worker node', () => {
    const svg = topologyWithPlan(twoNodeSite());
    for (const s of ['esx01', 'esx02', 'vmnic0', 'vusb0', 'vmnic1', 'vSwitch0 · MTU 1500', 'vSwitch1 · MTU 1500', 'Management Network', 'VLAN 10', 'Cameras', 'VLAN 20', 'nvr', 'kiosk', 'Kubernetes worker', 'management 192.168.10.11 · VLAN 10']) {
      expect(svg, s).toContain(`>${s}`);
    }
    expect(svg).toContain('>2 vCPU · 8 GiB · 192.168.10.20<');
  });

  it('draws each host\'s worker with that host\'s own address', () => {
    const svg = topologyWithPlan(twoNodeSite());
    const worker = [...svg.matchAll(/>2 vCPU · 8 GiB · ([0-9.]+)</g)].map((m) => m[1]);
    expect(worker).toEqual(['192.168.10.20', '192.168.10.21']);
  });

  it('is a self-contained, accessible SVG: title and desc, no external references, no scripts or classes', () => {
    const svg = topologyWithPlan(twoNodeSite());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/role="img" aria-labelledby="topology-title topology-desc"/);
    expect(svg).toContain('<title id="topology-title">Network topology of Depot 7</title>');
    expect(svg).toMatch(/<desc id="topology-desc">Host esx01: vSwitch0 \(MTU 1500, uplinks vmnic0; port groups Management Network VLAN 10, VM Network untagged\)/);
    expect(svg).not.toMatch(/href|<script|class=|<style|url\(/);
    expect(svg.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:/);
    // Balanced elements: every opened <g>/<svg> is closed.
    expect((svg.match(/<g[ >]/g) ?? []).length).toBe((svg.match(/<\/g>/g) ?? []).length);
  });

  it('escapes names and is deterministic', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, metadata: { ...input.metadata, name: 'Fish & Chips <Leeds>' } });
    const svg = topologyWithPlan(site);
    expect(svg).toContain('Fish &amp; Chips &lt;Leeds&gt;');
    expect(topologyWithPlan(site)).toBe(svg);
  });

  it('marks an uplink that is not one of the host\'s NICs', () => {
    const s = oneNodeSite();
    const h = s.spec.hosts[0]!;
    const site = Site.parse({ ...s, spec: { ...s.spec, hosts: [{ ...h, hardware: { nics: [{ name: 'vmnic1', bus: 'pci', vendorId: '8086', deviceId: '15f3' }] }, vswitches: h.vswitches.map((sw) => ({ ...sw, uplinks: { active: ['vmnic0'], standby: [] } })) }] } });
    expect(topologyWithPlan(site)).toContain('not on this host!');
    // Left to the plan, vSwitch0 gets the host's install NIC, which the picture names.
    const planned = Site.parse({ ...s, spec: { ...s.spec, hosts: [{ ...h, hardware: { nics: [{ name: 'vmnic1', bus: 'pci', vendorId: '8086', deviceId: '15f3' }] }, vswitches: h.vswitches.map((sw) => ({ ...sw, uplinks: { standby: [] } })) }] } });
    expect(topologyWithPlan(planned)).toContain('2.5 G · install NIC');
    expect(topologyWithPlan(planned)).not.toContain('not on this host!');
  });
});

describe('the picture, as reviewed', () => {
  const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'topology');
  /** Compares with the reviewed SVG; `UPDATE_GOLDEN=1` rewrites it (open the file and look at it before committing). */
  const matchesGolden = async (name: string, svg: string) => {
    const file = join(GOLDEN, `${name}.svg`);
    if (process.env.UPDATE_GOLDEN) {
      await mkdir(GOLDEN, { recursive: true });
      await writeFile(file, svg);
    }
    expect(svg).toBe(await readFile(file, 'utf8'));
  };

  it('two-node site: every box, line, label and colour where the reviewed picture has it', async () => {
    await matchesGolden('two-node', topologyWithPlan(twoNodeSite()));
  });

  it('one-node site with one NIC and the worker on DHCP', async () => {
    await matchesGolden('one-node', topologyWithPlan(oneNodeSite()));
  });
});
