import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSiteYaml } from '../../../main/core/site/yaml';
import { lintFiles } from '../../../main/core/manifests/lint';
import { workerAddresses } from '../../../main/core/site/worker-addresses';
import { generateWithPlan } from '../../helpers/plan';

const root = join(import.meta.dirname, '..', '..', '..');

describe('shipped sample site', () => {
  it('is a valid two-node site with a USB NIC uplink, a VM and the worker node', async () => {
    const r = parseSiteYaml(await readFile(join(root, 'resources', 'samples', 'site.yaml'), 'utf8'), 'resources/samples/site.yaml');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const s = r.value;
    expect(s.spec.topology).toBe('two-node');
    expect(s.spec.hosts.some((h) => h.hardware.nics.some((n) => n.bus === 'usb' && n.role === 'uplink'))).toBe(true);
    expect(s.spec.workloads.vms.length).toBeGreaterThan(0);
    expect(s.spec.workloads.worker.enabled).toBe(true);
  });

  it('gives each host\'s worker its own address, and its generated repo lints without an error', async () => {
    const r = parseSiteYaml(await readFile(join(root, 'resources', 'samples', 'site.yaml'), 'utf8'), 'resources/samples/site.yaml');
    if (!r.ok) throw new Error(r.error.message);
    const ips = workerAddresses(r.value).map((a) => a.ip);
    expect(ips).toHaveLength(2);
    expect(new Set(ips).size).toBe(2);
    const files = generateWithPlan(r.value);
    const errors = lintFiles(files, { site: r.value }).filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.code} ${f.file} ${f.path}`)).toEqual([]);
    // Each host applies its own worker netplan.
    for (const [i, h] of r.value.spec.hosts.entries()) {
      expect(files.find((f) => f.path === `sites/demo-store-0421/workloads/hosts/${h.name}/worker-config.yaml`)?.content).toContain(`- ${ips[i]}/24`);
    }
  });
});
