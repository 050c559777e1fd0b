/**
 * Fleet plans made in the test (no checked-in fixtures): N stores, a mix of one-node and two-node stores,
 * models given as ids and as texts, columns in a shuffled order plus a column Sitekit does not know.
 */
import ExcelJS from 'exceljs';

/** Column order of the generated plans: deliberately not the documented order, with one extra column. */
export const PLAN_HEADER = ['site_name', 'site_id', 'topology', 'host1', 'host1_ip', 'host1_model', 'host2', 'host2_ip', 'host2_model', 'subnet', 'gateway', 'vlan', 'dns', 'ntp', 'release', 'location', 'technician', 'region_manager'];

const MODELS = ['intel-nuc13anh', 'NUC 13 Pro', 'asus-nuc14rvh', 'Dell OptiPlex 7000 Micro', 'ThinkEdge SE30', 'minisforum-ms-01'];

export interface PlanStore {
  readonly [column: string]: string;
}

/** Store i: every third store is one-node, the rest two-node with both hosts. */
export function planStore(i: number): PlanStore {
  const id = `store-${String(i).padStart(4, '0')}`;
  const a = Math.floor(i / 250);
  const b = i % 250;
  const two = i % 3 !== 0;
  const vlan = i % 4 === 0 ? '0' : String(10 + (i % 5));
  return {
    site_name: `Store ${String(i).padStart(4, '0')} ${['Leeds', 'York', 'Hull', 'Derby'][i % 4]}`,
    site_id: id,
    topology: two ? 'two-node' : 'one-node',
    host1: 'esx01',
    host1_ip: `10.${a}.${b}.11`,
    host1_model: MODELS[i % MODELS.length] as string,
    host2: two ? 'esx02' : '',
    host2_ip: two ? `10.${a}.${b}.12` : '',
    host2_model: two ? (MODELS[(i + 1) % MODELS.length] as string) : '',
    subnet: `10.${a}.${b}.0/24`,
    gateway: `10.${a}.${b}.1`,
    vlan,
    dns: `10.${a}.${b}.2;10.${a}.${b}.3`,
    ntp: '0.pool.ntp.org;1.pool.ntp.org',
    release: i % 5 === 0 ? '8.0U2' : '8.0U3',
    location: `${100 + i} High Street, "Unit ${i}"`,
    technician: `Tech ${i % 7}`,
    region_manager: `RM ${i % 3}`,
  };
}

export function planStores(n: number, from = 1): PlanStore[] {
  return Array.from({ length: n }, (_, k) => planStore(from + k));
}

/**
 * One CSV cell, quoted as RFC 4180 says when it holds a comma, quote or line break. Written here rather than
 * with a library because csv-stringify is not a dependency; the reader under test is csv-parse.
 */
export const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text of a plan (the location has commas and quotes, so it is quoted). */
export function planCsv(stores: readonly PlanStore[], header: readonly string[] = PLAN_HEADER): string {
  return [header, ...stores.map((s) => header.map((h) => s[h] ?? ''))].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** XLSX bytes of a plan (first worksheet). */
export async function planXlsx(stores: readonly PlanStore[], header: readonly string[] = PLAN_HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Plan');
  ws.addRow([...header]);
  for (const s of stores) ws.addRow(header.map((h) => (h === 'vlan' ? Number(s[h]) : (s[h] ?? ''))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
