/** Plan rows → sites: the Site schema, model matching, and every problem named by line and column. */
import { describe, expect, it } from 'vitest';
import compat from '../../../../resources/compat/compat-list.json' with { type: 'json' };
import { validateCompatList } from '../../../../main/core/hardware/list';
import { formatPlanProblem, matchModel, planSites, type PlanRow, type PlanTable } from '../../../../main/core/fleet/plan';
import { mergePlanIntoSite, prepareSite, type PrepareOptions } from '../../../../main/core/fleet/import';
import { Site } from '../../../../main/core/site/schema';
import { parseSiteYaml } from '../../../../main/core/site/yaml';

const list = validateCompatList(compat);
if (!list.ok) throw new Error('shipped list invalid');
const models = list.value.hostModels;

const HEADER = ['site_id', 'site_name', 'topology', 'subnet', 'gateway', 'dns', 'ntp', 'vlan', 'host1', 'host1_ip', 'host1_model', 'host2', 'host2_ip', 'host2_model', 'technician'];
const good = (i: number): Record<string, string> => ({
  site_id: `store-${i}`,
  site_name: `Store ${i}`,
  topology: 'two-node',
  subnet: `10.0.${i}.0/24`,
  gateway: `10.0.${i}.1`,
  dns: `10.0.${i}.2; 10.0.${i}.3`,
  ntp: 'pool.ntp.org',
  vlan: '20',
  host1: 'esx01',
  host1_ip: `10.0.${i}.11`,
  host1_model: 'intel-nuc13anh',
  host2: 'esx02',
  host2_ip: `10.0.${i}.12`,
  host2_model: 'Dell OptiPlex 7000 Micro',
  technician: 'Ana',
});
const table = (rows: Record<string, string>[], header = HEADER): PlanTable => ({
  file: 'PLAN.csv',
  header,
  headerLine: 1,
  rows: rows.map((cells, i): PlanRow => ({ line: i + 2, cells })),
});

describe('matchModel', () => {
  it('takes an id, an exact name, or a text that matches exactly one model', () => {
    expect(matchModel('intel-nuc13anh', models)).toMatchObject({ model: { id: 'intel-nuc13anh' } });
    expect(matchModel('Dell OptiPlex 7000 Micro', models)).toMatchObject({ model: { id: 'dell-optiplex-7000-micro' } });
    expect(matchModel('NUC 13 Pro', models)).toMatchObject({ model: { id: 'intel-nuc13anh' } });
    expect(matchModel('ThinkEdge SE30', models)).toMatchObject({ model: { id: 'lenovo-thinkedge-se30' } });
  });

  it('knows a model by the product name the machine reports, alone or after the vendor (issue 28)', () => {
    expect(matchModel('Lenovo M70q Gen 3', models)).toMatchObject({ model: { id: 'lenovo-thinkcentre-tiny-gen3' } });
    expect(matchModel('M90q Gen 4', models)).toMatchObject({ model: { id: 'lenovo-thinkcentre-tiny-gen4' } });
    expect(matchModel('Lenovo ThinkCentre M70q Gen 3', models)).toMatchObject({ model: { id: 'lenovo-thinkcentre-tiny-gen3' } });
  });

  it('suggests the nearest model ids when a text matches none', () => {
    const gen5 = matchModel('Lenovo M70q Gen 5', models);
    expect('problem' in gen5 && gen5.problem).toMatch(/^"Lenovo M70q Gen 5" is not a model of the compatibility list; the nearest are lenovo-thinkcentre-tiny-gen\d \(Lenovo ThinkCentre .*\) and lenovo-thinkcentre-tiny-gen\d/);
    const typo = matchModel('Dell Optiplex 700 Micro', models);
    expect('problem' in typo && typo.problem).toContain('the nearest is dell-optiplex-7000-micro (Dell OptiPlex 7000 Micro)');
    const far = matchModel('Raspberry Pi 5', models);
    expect('problem' in far && far.problem).toMatch(/matches no model of the compatibility list, not even nearly/);
  });

  it('refuses a text that matches several models or none, naming the candidates', () => {
    const many = matchModel('NUC', models);
    expect('problem' in many && many.problem).toMatch(/matches \d+ models \(intel-nuc8i5beh, .*give the model id/);
    const none = matchModel('Raspberry Pi 5', models);
    expect('problem' in none && none.problem).toMatch(/matches no model/);
  });
});

describe('planSites', () => {
  it('builds valid sites: two hosts for two-node stores, VLAN on management and its port group, ;-separated lists', () => {
    const r = planSites(table([good(1), { ...good(2), topology: 'one-node', host2: '', host2_ip: '', host2_model: '', vlan: '' }]), models);
    expect(r.problems).toEqual([]);
    expect(r.sites.map((s) => s.line)).toEqual([2, 3]);
    const [a, b] = r.sites.map((s) => s.site);
    expect(a?.spec.hosts.map((h) => [h.name, h.management.ip, h.management.vlan, h.hardware.model])).toEqual([
      ['esx01', '10.0.1.11', 20, 'intel-nuc13anh'],
      ['esx02', '10.0.1.12', 20, 'dell-optiplex-7000-micro'],
    ]);
    expect(a?.spec.hosts[0]?.vswitches[0]?.portGroups.find((p) => p.name === 'Management Network')?.vlan).toBe(20);
    expect(a?.spec.hosts[0]?.hardware.nics.map((n) => n.name)).toEqual(['vmnic0']);
    expect(a?.spec.dns.servers).toEqual(['10.0.1.2', '10.0.1.3']);
    expect(a?.metadata.technician).toBe('Ana');
    expect(b?.spec.topology).toBe('one-node');
    expect(b?.spec.hosts).toHaveLength(1);
    expect(b?.spec.hosts[0]?.management.vlan).toBe(0);
  });

  it('names every problem of every row by line and column, in the PLAN:LINE: column: problem form', () => {
    const rows = [
      good(1),
      { ...good(2), site_id: 'Store 2', host1_ip: '10.9.9.11', dns: '' },
      { ...good(3), topology: 'two-node', host2: '', host2_ip: '' },
      { ...good(4), host2_model: 'NUC', vlan: '5000' },
      { ...good(1), site_name: 'Again' },
      { ...good(6), topology: 'three-node' },
      { ...good(7), host2_ip: `10.0.7.11` },
    ];
    const r = planSites(table(rows), models);
    const text = r.problems.map(formatPlanProblem);
    expect(text).toContain('PLAN.csv:3: site_id: "Store 2" must be lower-case letters, digits and hyphens (a DNS label), e.g. store-0421');
    expect(text.some((t) => /^PLAN\.csv:3: host1_ip: 10\.9\.9\.11 \(.*\) is outside the management subnet 10\.0\.2\.0\/24$/.test(t))).toBe(true);
    expect(text).toContain('PLAN.csv:3: dns: is empty');
    expect(text.some((t) => t.startsWith('PLAN.csv:4: host2: a two-node site needs a second host'))).toBe(true);
    expect(text.some((t) => /^PLAN\.csv:5: host2_model: "NUC" matches \d+ models/.test(t))).toBe(true);
    expect(text.some((t) => t.startsWith('PLAN.csv:5: vlan: "5000" is not a VLAN ID'))).toBe(true);
    expect(text).toContain('PLAN.csv:6: site_id: "store-1" is already the site on line 2');
    expect(text).toContain('PLAN.csv:7: topology: "three-node" is not a topology: use one-node or two-node');
    expect(text.some((t) => /^PLAN\.csv:8: host(1|2)_ip: .* has the same IP as .* \(10\.0\.7\.11\)/.test(t))).toBe(true);
    expect(text.every((t) => !t.startsWith('PLAN.csv:2:'))).toBe(true);
  });

  it('names every problem of a row with many, in the order of the columns and in a planner\'s words (issue 28)', () => {
    const row = { ...good(1), site_id: 'Store 1', site_name: '', topology: 'three-node', release: '8.1', subnet: '10.0.1.0/24', gateway: '10.9.9.1', vlan: '5000', host1_model: 'Lenovo M70q Gen 5', host2_ip: '10.0.1.11' };
    const text = planSites(table([row]), models).problems.map(formatPlanProblem);
    expect(text).toEqual([
      'PLAN.csv:2: site_id: "Store 1" must be lower-case letters, digits and hyphens (a DNS label), e.g. store-0421',
      'PLAN.csv:2: site_name: is empty',
      'PLAN.csv:2: topology: "three-node" is not a topology: use one-node or two-node',
      'PLAN.csv:2: release: "8.1" is not a release Sitekit knows: use one of 7.0U3, 8.0, 8.0U1, 8.0U2, 8.0U3, 9.0',
      'PLAN.csv:2: gateway: the gateway 10.9.9.1 is outside the management subnet 10.0.1.0/24',
      'PLAN.csv:2: vlan: "5000" is not a VLAN ID: use a whole number from 0 (untagged) to 4094',
      expect.stringMatching(/^PLAN\.csv:2: host1_model: "Lenovo M70q Gen 5" is not a model of the compatibility list; the nearest are lenovo-thinkcentre-tiny-gen/),
      'PLAN.csv:2: host2_ip: host esx02 has the same IP as host esx01 (10.0.1.11); every address must be unique',
    ]);
    // No validator's own phrasing reaches a planner.
    expect(text.join('\n')).not.toMatch(/Invalid option|expected one of|Invalid input/);
  });

  it('an unknown choice in a cell is named with the choices, never in the validator\'s words', () => {
    const text = planSites(table([{ ...good(1), release: '8.0u3' }]), models).problems.map(formatPlanProblem);
    expect(text).toEqual(['PLAN.csv:2: release: "8.0u3" is not a release Sitekit knows: use one of 7.0U3, 8.0, 8.0U1, 8.0U2, 8.0U3, 9.0']);
  });

  it('checks the header: missing required columns are problems, unknown columns a note', () => {
    const missing = planSites(table([good(1)], HEADER.filter((h) => h !== 'host1_ip' && h !== 'gateway')), models);
    expect(missing.problems.map(formatPlanProblem)).toEqual([
      expect.stringMatching(/^PLAN\.csv:1: header: missing column "gateway"/),
      expect.stringMatching(/^PLAN\.csv:1: header: missing column "host1_ip"/),
    ]);
    const extra = planSites(table([{ ...good(1), budget: '3' }], [...HEADER, 'budget']), models);
    expect(extra.problems).toEqual([]);
    expect(extra.notes).toEqual(['PLAN.csv:1: ignored column "budget" (not a plan column)']);
  });
});

/** Every planned site through prepareSite, as the fleet import flow does it (its loop, without the staging). */
function prepareAll(plan: ReturnType<typeof planSites>, existing: ReadonlyMap<string, Parameters<typeof prepareSite>[2]>, options: PrepareOptions) {
  const parts = plan.sites.map((planned) => prepareSite(planned, 'PLAN.csv', existing.get(planned.site.metadata.id), options));
  return { sites: parts.flatMap((p) => (p.site ? [p.site] : [])), problems: [...plan.problems, ...parts.flatMap((p) => p.problems)], notes: [...plan.notes, ...parts.flatMap((p) => p.notes)] };
}

describe('prepareSite (the fleet import flow prepares each planned site with it)', () => {
  it('gives plan-made sites what the hardware check requires of their models, in site.yaml and the manifests', () => {
    const plan = planSites(table([good(1)]), models);
    const checked = prepareAll(plan, new Map(), { list: list.value });
    const siteYaml = (r: typeof checked) => r.sites[0]?.files.find((f) => f.path.endsWith('/site.yaml'))?.content ?? '';
    // The NUC 13 Pro has performance and efficiency cores: ESXi needs this kernel option to install at all.
    expect(plan.sites[0]!.site.spec.hosts[0]!.requirements.kernelOptions).toEqual([]);
    expect(siteYaml(checked)).toMatch(/kernelOptions:\n\s+- cpuUniformityHardCheckPanic=FALSE/);
    // Host 2, an OptiPlex 7000 Micro (12th-generation Core, also hybrid), gets the same from the check.
    const read = parseSiteYaml(siteYaml(checked), 'site.yaml');
    expect(read.ok && read.value.spec.hosts.map((h) => h.requirements.kernelOptions.some((k) => k.startsWith('cpuUniformityHardCheckPanic')))).toEqual([true, true]);
  });

  it('keeps existing sites unless update is given, and an update carries the diff of every changed file', () => {
    const plan = planSites(table([good(1), good(2)]), models);
    const first = prepareAll(plan, new Map(), { list: list.value });
    expect(first.problems).toEqual([]);
    expect(first.sites.map((s) => s.action)).toEqual(['add', 'add']);
    const files = new Map((first.sites[0]?.files ?? []).map((f) => [f.path, f.content]));
    const existing = new Map([['store-1', { site: plan.sites[0]?.site, files }]]);
    const changed = planSites(table([{ ...good(1), site_name: 'Store One' }, good(2)]), models);
    const kept = prepareAll(changed, existing, { list: list.value });
    expect(kept.sites.map((s) => s.action)).toEqual(['kept', 'add']);
    expect(kept.notes[0]).toMatch(/^PLAN\.csv:2: store-1 is already in the repo and differs from the plan/);
    const updated = prepareAll(changed, existing, { update: true, list: list.value });
    expect(updated.sites[0]?.action).toBe('update');
    expect(updated.sites[0]?.diffs.map((d) => d.path)).toContain('sites/store-1/site.yaml');
    expect(updated.sites[0]?.diffs.find((d) => d.path.endsWith('site.yaml'))?.text).toMatch(/^-  name: Store 1$\n^\+  name: Store One$/m);
  });

  it('keeps records and unplanned settings of an existing site when the plan updates it', () => {
    const plan = planSites(table([good(1)]), models);
    const old = plan.sites[0]!.site;
    const withRecords = Site.parse({
      ...old,
      spec: { ...old.spec, dns: { ...old.spec.dns, domain: 'store1.example.com' } },
      records: { ...old.records, media: [{ at: '2026-12-01T10:00:00Z', target: '/dev/sdb', imageSha256: 'a'.repeat(64), verified: true }] },
    });
    const next = planSites(table([{ ...good(1), host1_ip: '10.0.1.21', vlan: '30' }]), models).sites[0]!.site;
    const merged = mergePlanIntoSite(withRecords, next);
    expect(merged.records.media).toHaveLength(1);
    expect(merged.spec.dns.domain).toBe('store1.example.com');
    expect(merged.spec.hosts[0]?.management).toMatchObject({ ip: '10.0.1.21', vlan: 30 });
    expect(merged.spec.hosts[0]?.vswitches[0]?.portGroups.find((p) => p.name === 'Management Network')?.vlan).toBe(30);
  });
});
