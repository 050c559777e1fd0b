import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSiteYaml } from '../../../main/core/site/yaml';

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
});
