/**
 * A fleet plan (one row per store) turned into sites: pure.
 *
 * The reading of CSV or XLSX is done in main/services/fleet/plan-file.ts with maintained parsers; this module
 * receives the header and the rows with their line numbers and builds one `Site` per row through the same zod
 * schema the Site step uses, so a plan row is valid exactly when the same site typed into the wizard would be.
 * Every problem is reported at once as `PLAN.csv:LINE: column: problem`, never only the first.
 */
import type { z } from 'zod';
import type { HostModel } from '../hardware/schema';
import { describeNetworkProblem, networkProblems } from '../site/network-rules';
import { RELEASES, Site, type SiteInput } from '../site/schema';
import { formatPath } from '../site/yaml';

/** Every column a plan may have, in the order the issue lists them. */
export const PLAN_COLUMNS = [
  'site_id',
  'site_name',
  'location',
  'topology',
  'release',
  'subnet',
  'gateway',
  'dns',
  'ntp',
  'vlan',
  'host1',
  'host1_ip',
  'host1_model',
  'host2',
  'host2_ip',
  'host2_model',
  'technician',
] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/** Columns without which no row can become a site. */
export const REQUIRED_COLUMNS: readonly PlanColumn[] = ['site_id', 'site_name', 'subnet', 'gateway', 'dns', 'ntp', 'host1', 'host1_ip'];

/** One data row: its 1-based line in the file (the first line of a quoted multi-line row) and its cells. */
export interface PlanRow {
  readonly line: number;
  /** Cell text by header name (lower-cased, trimmed header). */
  readonly cells: Readonly<Record<string, string>>;
  /** How many cells the row had, when it differs from the header (CSV only). */
  readonly fieldCount?: number;
}

/** A plan as read from a file: the header (with its line) and the rows. */
export interface PlanTable {
  /** File name as the technician gave it, used in every message. */
  readonly file: string;
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: readonly PlanRow[];
}

/** One problem, located: `file:line: column: message`. `column` is a plan column, `header`, `row` or `file`. */
export interface PlanProblem {
  readonly file: string;
  readonly line: number;
  readonly column: string;
  readonly message: string;
}

export const formatPlanProblem = (p: PlanProblem): string => `${p.file}:${p.line}: ${p.column}: ${p.message}`;

/** A row that became a valid site. */
export interface PlannedSite {
  readonly line: number;
  readonly site: Site;
}

export interface PlanResult {
  /** The rows that are valid on their own (also when other rows have problems, so all problems show at once). */
  readonly sites: readonly PlannedSite[];
  readonly problems: readonly PlanProblem[];
  /** Things worth saying that are not problems, e.g. columns that were ignored. */
  readonly notes: readonly string[];
}

/** Lower-case words only, so "Intel NUC 13 Pro" and "intel-nuc-13-pro" compare equal. */
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Every name a model goes by: vendor + model, model, id, codename, and the product names the machine itself
 * reports (the list's `productMatch`, e.g. "m70q gen 3"), alone and after the vendor.
 */
const modelNames = (m: HostModel): string[] => [
  norm(`${m.vendor} ${m.model}`),
  norm(m.model),
  norm(m.id),
  ...(m.codename ? [norm(m.codename)] : []),
  ...m.productMatch.flatMap((p) => [norm(p), norm(`${m.vendor} ${p}`)]),
];
const wordsOf = (m: HostModel): Set<string> => new Set(modelNames(m).flatMap((n) => n.split(' ')));

/** Letter pairs of a text, for a similarity that forgives a typo or a missing word. */
function pairs(s: string): string[] {
  const t = s.replace(/ /g, '');
  return Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2));
}
function dice(a: string, b: string): number {
  const x = pairs(a);
  const y = pairs(b);
  if (x.length + y.length === 0) return 0;
  const pool = [...y];
  let hits = 0;
  for (const p of x) {
    const i = pool.indexOf(p);
    if (i >= 0) {
      hits++;
      pool.splice(i, 1);
    }
  }
  return (2 * hits) / (x.length + y.length);
}

/** The models nearest to a text: most of its words in the model's names, then the closest spelling. */
export function nearestModels(text: string, models: readonly HostModel[], count = 2): HostModel[] {
  const words = norm(text).split(' ').filter(Boolean);
  const scored = models.map((m) => {
    const known = wordsOf(m);
    const shared = words.filter((w) => known.has(w)).length / Math.max(1, words.length);
    const spelling = Math.max(...modelNames(m).map((n) => dice(norm(text), n)));
    return { m, score: shared + spelling };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0]?.score ?? 0;
  // The best and any close second (two generations of one family score alike); nothing when nothing is near.
  return best < 0.5 ? [] : scored.filter((s) => s.score >= best - 0.05).slice(0, count).map((s) => s.m);
}

const describeModel = (m: HostModel): string => `${m.id} (${m.vendor} ${m.model})`;

/**
 * Finds the compatibility-list model a plan cell means: its id, or a text that matches exactly one model
 * (vendor + model name, model name, codename, a product name the machine reports, a word-aligned part of
 * them, or words all found in one model's names). When none matches, the nearest model ids are suggested.
 */
export function matchModel(text: string, models: readonly HostModel[]): { model: HostModel } | { problem: string } {
  const t = text.trim();
  const byId = models.find((m) => m.id === t.toLowerCase());
  if (byId) return { model: byId };
  const n = norm(t);
  if (!n) return { problem: 'is empty' };
  const exact = models.filter((m) => modelNames(m).includes(n));
  if (exact.length === 1) return { model: exact[0] as HostModel };
  let partial = exact.length > 1 ? exact : models.filter((m) => modelNames(m).some((h) => ` ${h} `.includes(` ${n} `)));
  if (partial.length === 0) {
    const words = n.split(' ');
    partial = models.filter((m) => {
      const known = wordsOf(m);
      return words.every((w) => known.has(w));
    });
  }
  if (partial.length === 1) return { model: partial[0] as HostModel };
  if (partial.length === 0) {
    const near = nearestModels(t, models);
    return {
      problem: near.length
        ? `"${t}" is not a model of the compatibility list; the nearest ${near.length === 1 ? 'is' : 'are'} ${near.map(describeModel).join(' and ')}: put the model id in the cell if it is that machine (sitekit hw list shows every model)`
        : `"${t}" matches no model of the compatibility list, not even nearly: put a model id from sitekit hw list in the cell, or leave it empty and check the host later`,
    };
  }
  const ids = partial.map((m) => m.id);
  return { problem: `"${t}" matches ${ids.length} models (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}); give the model id` };
}

/** The column a schema issue belongs to, from its path in the site. */
function columnOf(path: readonly PropertyKey[]): string {
  const [a, b, c, d, e] = path.map(String);
  if (a === 'metadata') return ({ id: 'site_id', name: 'site_name', location: 'location', technician: 'technician' } as Record<string, string>)[b ?? ''] ?? 'row';
  if (a !== 'spec') return 'row';
  if (b === 'topology') return 'topology';
  if (b === 'release') return 'release';
  if (b === 'managementNetwork') return c === 'gateway' ? 'gateway' : 'subnet';
  if (b === 'dns') return 'dns';
  if (b === 'ntp') return 'ntp';
  if (b === 'hosts') {
    if (c === undefined) return 'topology';
    const n = Number(c) + 1;
    if (d === 'name') return `host${n}`;
    if (d === 'management') return e === 'vlan' ? 'vlan' : `host${n}_ip`;
    if (d === 'hardware') return `host${n}_model`;
    if (d === 'vswitches') return 'vlan';
    return `host${n}`;
  }
  return 'row';
}

const list = (cell: string): string[] =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Host hardware from a model: its id and its standard onboard NICs as vmnic0… (as the Hardware step does). */
function hardwareOf(model: HostModel | undefined): SiteInput['spec']['hosts'][number]['hardware'] {
  if (!model) return {};
  const nics: { name: string; bus: 'pci'; vendorId: string; deviceId: string; role: 'uplink'; label: string }[] = [];
  for (const o of model.onboardNics.filter((x) => !x.skuVariant)) {
    for (let i = 0; i < o.count; i++) nics.push({ name: `vmnic${nics.length}`, bus: 'pci', vendorId: o.vendorId, deviceId: o.deviceId, role: 'uplink', label: o.label });
  }
  return { model: model.id, vendor: model.vendor, productName: model.model, nics };
}

/** Builds one row's site input; problems found before the schema runs are pushed to `problems`. */
function rowToInput(row: PlanRow, models: readonly HostModel[], problem: (column: string, message: string) => void): SiteInput & { spec: { managementNetwork: { subnet: string; gateway: string } } } {
  const cell = (c: PlanColumn): string => (row.cells[c] ?? '').trim();
  let vlan = 0;
  if (cell('vlan')) {
    if (!/^\d{1,4}$/.test(cell('vlan')) || Number(cell('vlan')) > 4094) problem('vlan', `"${cell('vlan')}" is not a VLAN ID: use a whole number from 0 (untagged) to 4094`);
    else vlan = Number(cell('vlan'));
  }
  const topologyCell = cell('topology').toLowerCase();
  let topology: 'one-node' | 'two-node';
  if (topologyCell === 'one-node' || topologyCell === 'two-node') topology = topologyCell;
  else {
    // An unknown topology is a problem, and the rest of the row is still checked (as if it followed host2).
    if (topologyCell) problem('topology', `"${cell('topology')}" is not a topology: use one-node or two-node`);
    topology = cell('host2') ? 'two-node' : 'one-node';
  }
  if (topology === 'two-node' && !cell('host2')) problem('host2', 'a two-node site needs a second host: fill host2, host2_ip (and host2_model)');
  if (topology === 'one-node' && (cell('host2') || cell('host2_ip'))) problem('host2', 'a one-node site has one host: leave host2 and host2_ip empty, or set topology to two-node');
  const release = cell('release');
  const knownRelease = (RELEASES as readonly string[]).includes(release);
  // An unknown release is said once here; it is not passed on, so the schema does not say it again in its words.
  if (release && !knownRelease) problem('release', `"${release}" is not a release Sitekit knows: use one of ${RELEASES.join(', ')}`);
  const hostCount = topology === 'two-node' ? 2 : 1;
  const hosts: SiteInput['spec']['hosts'] = [];
  for (let n = 1; n <= hostCount; n++) {
    const name = cell(`host${n}` as PlanColumn);
    const ip = cell(`host${n}_ip` as PlanColumn);
    const modelText = cell(`host${n}_model` as PlanColumn);
    let model: HostModel | undefined;
    if (modelText) {
      const m = matchModel(modelText, models);
      if ('problem' in m) problem(`host${n}_model`, m.problem);
      else model = m.model;
    }
    if (!name && n === 2 && topology === 'two-node') continue; // reported above
    if (!ip) problem(`host${n}_ip`, `host ${name || n} needs a management IP address`);
    hosts.push({
      name,
      management: { mode: 'static', ip: ip || undefined, vlan },
      hardware: hardwareOf(model),
      vswitches: [
        {
          name: 'vSwitch0',
          uplinks: { active: ['vmnic0'] },
          portGroups: [
            { name: 'Management Network', vlan },
            { name: 'VM Network', vlan: 0 },
          ],
        },
      ],
    });
  }
  return {
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: {
      id: cell('site_id'),
      name: cell('site_name'),
      ...(cell('location') ? { location: cell('location') } : {}),
      ...(cell('technician') ? { technician: cell('technician') } : {}),
    },
    spec: {
      topology,
      ...(knownRelease ? { release: release as SiteInput['spec']['release'] } : {}),
      managementNetwork: { subnet: cell('subnet'), gateway: cell('gateway') },
      dns: { servers: list(cell('dns')) },
      ntp: { servers: list(cell('ntp')) },
      hosts,
    },
  };
}

/** Checks the header: required columns present, none twice; unknown columns become a note. */
function checkHeader(table: PlanTable): { problems: PlanProblem[]; notes: string[] } {
  const problems: PlanProblem[] = [];
  const at = (column: string, message: string): void => void problems.push({ file: table.file, line: table.headerLine, column, message });
  const counts = new Map<string, number>();
  for (const h of table.header) counts.set(h, (counts.get(h) ?? 0) + 1);
  for (const [h, n] of counts) if (n > 1 && h) at('header', `column "${h}" appears ${n} times`);
  for (const c of REQUIRED_COLUMNS) if (!counts.has(c)) at('header', `missing column "${c}" (columns: ${PLAN_COLUMNS.join(', ')})`);
  const extra = [...counts.keys()].filter((h) => h && !(PLAN_COLUMNS as readonly string[]).includes(h));
  const notes = extra.length ? [`${table.file}:${table.headerLine}: ignored column${extra.length > 1 ? 's' : ''} ${extra.map((e) => `"${e}"`).join(', ')} (not a plan column)`] : [];
  return { problems, notes };
}

/**
 * Turns a plan table into sites, one per row. A row is valid when the Site schema accepts it, its models
 * resolve and its addresses fit the subnet; site ids must be unique within the plan.
 */
export function planSites(table: PlanTable, models: readonly HostModel[]): PlanResult {
  const header = checkHeader(table);
  if (header.problems.length > 0) return { sites: [], problems: header.problems, notes: header.notes };
  const problems: PlanProblem[] = [];
  const sites: PlannedSite[] = [];
  const firstLine = new Map<string, number>();
  if (table.rows.length === 0) problems.push({ file: table.file, line: table.headerLine, column: 'file', message: 'the plan has a header but no rows' });
  for (const row of table.rows) {
    const before = problems.length;
    const problem = (column: string, message: string): void => void problems.push({ file: table.file, line: row.line, column, message });
    if (row.fieldCount !== undefined) problem('row', `has ${row.fieldCount} fields, the header has ${table.header.length}`);
    const id = (row.cells.site_id ?? '').trim();
    const dup = firstLine.get(id);
    if (id && dup !== undefined) problem('site_id', `"${id}" is already the site on line ${dup}`);
    else if (id) firstLine.set(id, row.line);
    const input = rowToInput(row, models, problem);
    const parsed = Site.safeParse(input);
    if (!parsed.success) {
      // The host count is the plan's own check (topology, host2 above): the schema's sentence would say it twice.
      const counted = (i: z.core.$ZodIssue) => i.path.length === 2 && i.path[0] === 'spec' && i.path[1] === 'hosts';
      const issues = parsed.error.issues.filter((i) => !counted(i));
      for (const p of schemaProblems({ issues }, row.cells)) problem(p.column, p.message);
      // The address rules run inside the schema only once everything else parses: run them here too, so a row
      // with a bad site id still hears that its gateway is outside its subnet.
      const spec = input.spec;
      const hosts = spec.hosts.map((h) => ({ name: h.name, ip: h.management?.ip }));
      for (const n of networkProblems({ subnet: spec.managementNetwork.subnet, gateway: spec.managementNetwork.gateway, hosts })) problem(columnOf(n.path), describeNetworkProblem(n));
    }
    if (problems.length === before && parsed.success) sites.push({ line: row.line, site: parsed.data });
  }
  // Row by row, each row's problems in the order of the plan's columns.
  const order = (c: string): number => {
    const i = (PLAN_COLUMNS as readonly string[]).indexOf(c);
    return i < 0 ? PLAN_COLUMNS.length : i;
  };
  const sorted = dedupe(problems)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || order(a.p.column) - order(b.p.column) || a.i - b.i)
    .map((x) => x.p);
  return { sites, problems: sorted, notes: header.notes };
}

/** Columns whose empty cell is said as "is empty" rather than by the rule the empty text fails. */
const REQUIRED_CELL = /^(site_id|site_name|subnet|gateway|dns|ntp|host\d|host\d_ip)$/;

/**
 * The Site schema's issues as plan problems, in a planner's words: the column, the cell's text, and what it
 * must be — never a validator's own phrasing ("Invalid option: expected one of …"). `cells` is the row's (or
 * undefined for a site merged with the repo's copy, where only the column is known).
 */
export function schemaProblems(error: Pick<z.ZodError, 'issues'>, cells: PlanRow['cells'] | undefined): { column: string; message: string }[] {
  const out: { column: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    const column = columnOf(path);
    const cell = (cells?.[column] ?? '').trim();
    // dns and ntp hold several values: name the one that fails.
    const index = (column === 'dns' || column === 'ntp') && typeof path[3] === 'number' ? path[3] : undefined;
    const value = index !== undefined ? (list(cell)[index] ?? cell) : cell;
    let message: string;
    if (cells && cell === '' && REQUIRED_CELL.test(column)) message = 'is empty';
    else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'is required';
    else if (issue.code === 'invalid_value') message = `${value ? `"${value}" ` : ''}is not one of: ${issue.values.map(String).join(', ')}`;
    else if (value && /^must /.test(issue.message)) message = `"${value}" ${issue.message}`;
    else message = issue.message;
    const where = formatPath(path);
    if (column === 'row' && where) message += ` (${where})`;
    const key = `${column}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ column, message });
  }
  return out;
}

function dedupe(problems: readonly PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = formatPlanProblem(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
