/**
 * A fleet plan (one row per store) turned into sites: pure.
 *
 * The reading of CSV or XLSX is done in main/services/fleet/plan-file.ts with maintained parsers; this module
 * receives the header and the rows with their line numbers and builds one `Site` per row through the same zod
 * schema the Site step uses, so a plan row is valid exactly when the same site typed into the wizard would be.
 * Every problem is reported at once as `PLAN.csv:LINE: column: problem`, never only the first.
 */
import type { HostModel } from '../hardware/schema';
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
 * Finds the compatibility-list model a plan cell means: its id, or a text that matches exactly one model
 * (vendor + model name, model name, codename, or a word-aligned part of them).
 */
export function matchModel(text: string, models: readonly HostModel[]): { model: HostModel } | { problem: string } {
  const t = text.trim();
  const byId = models.find((m) => m.id === t.toLowerCase());
  if (byId) return { model: byId };
  const n = norm(t);
  if (!n) return { problem: 'is empty' };
  const names = (m: HostModel): string[] => [norm(`${m.vendor} ${m.model}`), norm(m.model), norm(m.id), ...(m.codename ? [norm(m.codename)] : [])];
  const exact = models.filter((m) => names(m).includes(n));
  if (exact.length === 1) return { model: exact[0] as HostModel };
  const partial = exact.length > 1 ? exact : models.filter((m) => names(m).some((h) => ` ${h} `.includes(` ${n} `)));
  if (partial.length === 1) return { model: partial[0] as HostModel };
  if (partial.length === 0) return { problem: `"${t}" is not a model id of the compatibility list and matches no model name (example id: ${models[0]?.id ?? 'none'})` };
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
function rowToInput(row: PlanRow, models: readonly HostModel[], problem: (column: string, message: string) => void): SiteInput | undefined {
  const cell = (c: PlanColumn): string => (row.cells[c] ?? '').trim();
  let vlan = 0;
  if (cell('vlan')) {
    if (!/^\d{1,4}$/.test(cell('vlan')) || Number(cell('vlan')) > 4094) problem('vlan', `"${cell('vlan')}" is not a VLAN ID: use a whole number from 0 (untagged) to 4094`);
    else vlan = Number(cell('vlan'));
  }
  const topologyCell = cell('topology').toLowerCase();
  let topology: 'one-node' | 'two-node';
  if (topologyCell === 'one-node' || topologyCell === 'two-node') topology = topologyCell;
  else if (!topologyCell) topology = cell('host2') ? 'two-node' : 'one-node';
  else {
    problem('topology', `"${cell('topology')}" is not a topology: use one-node or two-node`);
    return undefined;
  }
  if (topology === 'two-node' && !cell('host2')) problem('host2', 'a two-node site needs a second host: fill host2, host2_ip (and host2_model)');
  if (topology === 'one-node' && (cell('host2') || cell('host2_ip'))) problem('host2', 'a one-node site has one host: leave host2 and host2_ip empty, or set topology to two-node');
  if (cell('release') && !(RELEASES as readonly string[]).includes(cell('release'))) {
    problem('release', `"${cell('release')}" is not a release Sitekit knows: use one of ${RELEASES.join(', ')}`);
  }
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
      ...(cell('release') ? { release: cell('release') as SiteInput['spec']['release'] } : {}),
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
    if (!input) continue;
    const parsed = Site.safeParse(input);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = columnOf(issue.path as PropertyKey[]);
        const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message;
        const key = `${column}|${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Empty required cells are reported as such, not by the regex they fail.
        const path = formatPath(issue.path as PropertyKey[]);
        const emptyCell = column in row.cells || (PLAN_COLUMNS as readonly string[]).includes(column) ? (row.cells[column] ?? '').trim() === '' : false;
        problem(column, emptyCell && /^(site_id|site_name|subnet|gateway|dns|ntp|host\d|host\d_ip)$/.test(column) ? 'is empty' : `${message}${path && column === 'row' ? ` (${path})` : ''}`);
      }
    }
    if (problems.length === before && parsed.success) sites.push({ line: row.line, site: parsed.data });
  }
  return { sites, problems: dedupe(problems), notes: header.notes };
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
