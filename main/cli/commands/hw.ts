/** `sitekit hw check|parse|list|import-list`: the hardware verdict, inventory parsing and the list in use. */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeAction, describeEvidence, describeFinding, describeInventoryIssue, describeStatus } from '../../core/hardware/messages';
import type { CompatList, CompatListInfo } from '../../core/hardware/schema';
import type { DeviceVerdict, Finding, HostVerdict, SiteVerdict, VerdictStatus } from '../../core/hardware/verdict';
import { parseInventory } from '../../core/inventory/parse';
import { toHostHardware } from '../../core/inventory/hardware';
import type { ParsedInventory } from '../../core/inventory/types';
import { EXIT, groupCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { readSiteArg } from '../site-file';
import { assignInventories } from '../../core/site/inventory-assign';

const USAGE = `Usage:
  sitekit hw check SITE.yaml [--inventory [HOST=]FILE[,FILE]]... [--json]
      Checks every host of the site against the compatibility list in use, for the site's ESXi release.
      Inventory files (lspci -nn[k], lsusb [-v], esxcli network nic list, esxcli hardware pci list,
      dmidecode -t system) are merged into the hosts first; a file belongs to the host its name starts
      with (esx01-lspci.txt → esx01), or name it: --inventory esx01=box-a.txt.
      Exit 0 every host can be installed (maybe with actions), 1 a host is unsupported, 2 usage, 3 bad input.
  sitekit hw parse FILE... [--json]
      Shows what the inventory files describe (model, serial, NICs with MACs) and every line not recognised.
  sitekit hw list [--json]
      Shows the compatibility list in use: version, data date, origin, counts.
  sitekit hw import-list FILE [--checksum FILE.sha256]
      Imports an updated list (checksum verified, validated, rejected whole if invalid).
`;

const MARK: Readonly<Record<VerdictStatus, string>> = { supported: 'OK ', 'supported-with-actions': 'OK+', unsupported: 'NO ', unknown: '?? ' };
const SEV: Readonly<Record<Finding['severity'], string>> = { error: 'x', warning: '!', info: '-' };

async function currentList(io: CliIO): Promise<{ list: CompatList; info: CompatListInfo; note?: string } | number> {
  const cur = await io.services().compat.current();
  if (!cur.ok) return fail(io, cur.error);
  return cur.value;
}

const listLine = (info: CompatListInfo): string => `compatibility list ${info.listVersion} (data ${info.dataDate}, ${info.origin}${info.sha256 ? `, sha256 ${info.sha256.slice(0, 12)}…` : ''})`;

async function readInventories(files: readonly string[], io: CliIO): Promise<{ parsed: ParsedInventory[] } | { code: number }> {
  const parsed: ParsedInventory[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, f), 'utf8');
    } catch (e) {
      return { code: fail(io, { code: 'not-found', message: `Cannot read ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.` }) };
    }
    const r = parseInventory(text, f);
    if (!r.ok) return { code: fail(io, r.error) };
    for (const issue of r.value.issues) io.err(`warning: ${f}: ${describeInventoryIssue(issue)}\n`);
    parsed.push(r.value);
  }
  return { parsed };
}

function deviceLines(d: DeviceVerdict): string[] {
  const role = d.role === 'bmc' ? 'BMC virtual NIC' : d.used ? 'uplink' : d.role === 'unused' ? 'unused' : 'not used';
  const head = `    ${MARK[d.status]} ${d.nic.padEnd(7)} ${`${d.vendorId}:${d.deviceId}`.padEnd(10)} ${describeStatus(d.status).padEnd(23)} ${role.padEnd(15)} ${d.label}${d.mac ? ` [${d.mac}]` : ''}`;
  const lines = [head];
  for (const f of d.findings) if (f.code !== 'nic-unused') lines.push(`          ${SEV[f.severity]} ${describeFinding(f)}${f.evidence ? ` (${describeEvidence(f.evidence)})` : ''}`);
  return lines;
}

function hostLines(h: HostVerdict): string[] {
  const lines = [`${MARK[h.status]} ${h.host}: ${describeStatus(h.status).toUpperCase()}${h.model ? ` — ${h.model.name}` : ''}`];
  for (const d of h.devices) lines.push(...deviceLines(d));
  const hostFindings = h.findings.filter((f) => f.severity !== 'info' || f.code === 'model-known' || f.code === 'nics-from-model');
  for (const f of hostFindings) lines.push(`    ${SEV[f.severity]} ${describeFinding(f)}`);
  if (h.actions.length) {
    lines.push('    actions:');
    for (const a of h.actions) lines.push(`      -> ${describeAction(a)}`);
  }
  return lines;
}

/** The human report of a site verdict. */
export function formatVerdict(siteId: string, v: SiteVerdict, info: CompatListInfo): string {
  const lines = [`Hardware check of ${siteId} for ESXi ${v.release}, ${listLine(info)}`, ''];
  for (const h of v.hosts) lines.push(...hostLines(h), '');
  for (const f of v.findings) lines.push(`${SEV[f.severity]} ${describeFinding(f)}`);
  const bad = v.hosts.filter((h) => h.status === 'unsupported').length;
  lines.push(`Result: ${describeStatus(v.status)}${bad ? ` (${bad} host${bad === 1 ? '' : 's'} not supported)` : ''}.`);
  return lines.join('\n') + '\n';
}

async function hwCheck(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { inventory: { type: 'string', multiple: true }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`error: hw check needs exactly one SITE (a site.yaml or a draft id).\n${USAGE}`);
    return EXIT.usage;
  }
  const read = await readSiteArg(file, io);
  if (!read.ok) return fail(io, read.error);
  if (read.value.note) io.err(`note: ${read.value.note}\n`);
  const assigned = assignInventories(values.inventory ?? [], read.value.site.spec.hosts.map((h) => h.name));
  if ('error' in assigned) {
    io.err(`error: ${assigned.error}\n`);
    return EXIT.usage;
  }
  const inventories: { host: string; name: string; text: string }[] = [];
  for (const [host, files] of assigned.byHost) {
    for (const f of files) {
      try {
        inventories.push({ host, name: f, text: await readFile(resolve(io.cwd, f), 'utf8') });
      } catch (e) {
        return fail(io, { code: 'not-found', message: `Cannot read ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.` });
      }
    }
  }
  // The same check the app and the media build run (main/flows/check-hardware.ts), through the contract.
  const r = await io.runtime().call('hardware:check', { ...read.value.ref, ...(inventories.length ? { inventories } : {}) });
  if (!r.ok) return fail(io, r.error);
  const { verdict, info, site, note, inventoryIssues, problems } = r.value;
  if (note) io.err(`note: ${note}\n`);
  for (const x of inventoryIssues) io.err(`warning: ${x.path}${x.line !== undefined ? `:${x.line}` : ''}: ${x.message}\n`);
  if (values.json) {
    const requirements = Object.fromEntries(site.spec.hosts.map((h) => [h.name, h.requirements]));
    io.out(JSON.stringify({ list: info, verdict, requirements, hardware: Object.fromEntries(site.spec.hosts.map((h) => [h.name, h.hardware])) }, null, 2) + '\n');
  } else {
    io.out(formatVerdict(site.metadata.id, verdict, info));
  }
  return problems ? EXIT.problems : EXIT.ok;
}

async function hwParse(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (!positionals.length) {
    io.err(`error: hw parse needs at least one FILE.\n${USAGE}`);
    return EXIT.usage;
  }
  const cur = await currentList(io);
  if (typeof cur === 'number') return cur;
  const inv = await readInventories(positionals, io);
  if ('code' in inv) return inv.code;
  const { hardware, issues } = toHostHardware(inv.parsed, cur.list);
  if (values.json) {
    const all = [...inv.parsed.flatMap((p, i) => p.issues.map((x) => ({ file: positionals[i], ...x }))), ...issues];
    io.out(JSON.stringify({ formats: [...new Set(inv.parsed.flatMap((p) => p.formats))], hardware, issues: all }, null, 2) + '\n');
    return EXIT.ok;
  }
  const lines = [
    `Formats     ${[...new Set(inv.parsed.flatMap((p) => p.formats))].join(', ')}`,
    `Model       ${hardware.model ?? '(not in the list)'}${hardware.productName ? ` — ${hardware.vendor ?? ''} ${hardware.productName}` : ''}`,
    `Serial      ${hardware.serial ?? '—'}`,
    ...hardware.nics.map((n) => `NIC         ${n.name.padEnd(7)} ${n.bus} ${n.vendorId}:${n.deviceId}  ${n.mac ?? 'no MAC'}  ${n.role}  ${n.label ?? ''}`),
  ];
  if (!hardware.nics.length) lines.push('NIC         none found');
  for (const x of issues) lines.push(`Note        ${describeInventoryIssue(x)}`);
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}

async function hwList(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, strict: true });
  const cur = await currentList(io);
  if (typeof cur === 'number') return cur;
  const l = cur.list;
  if (values.json) {
    io.out(JSON.stringify({ ...cur.info, note: cur.note, releases: l.releases.map((r) => r.id), models: l.hostModels.length, pciFamilies: l.pciNics.length, usbNics: l.usbNics.length }, null, 2) + '\n');
    return EXIT.ok;
  }
  io.out(
    [
      `In use      ${listLine(cur.info)}`,
      ...(cur.note ? [`Note        ${cur.note}`] : []),
      `Releases    ${l.releases.map((r) => `${r.id} (Fling ${l.flingBuilds.find((b) => b.id === r.usbFlingBuild)?.vibVersion ?? '?'})`).join(', ')}`,
      `Contents    ${l.hostModels.length} host models, ${l.pciNics.length} PCI NIC families, ${l.usbNics.length} USB NICs, ${l.quirks.length} quirks`,
    ].join('\n') + '\n',
  );
  return EXIT.ok;
}

async function hwImport(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { checksum: { type: 'string' } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file) {
    io.err(`error: hw import-list needs a FILE.\n${USAGE}`);
    return EXIT.usage;
  }
  const full = resolve(io.cwd, file);
  const r = await io.services().compat.importFile(full, values.checksum ? resolve(io.cwd, values.checksum) : undefined);
  if (!r.ok) return fail(io, r.error);
  io.out(`Imported; now in use: ${listLine(r.value)}\n`);
  return EXIT.ok;
}

export const hwCommand = groupCommand({
  name: 'hw',
  summary: 'check hosts against the compatibility list; parse inventories',
  usage: USAGE,
  subcommands: { check: hwCheck, parse: hwParse, list: hwList, 'import-list': hwImport },
});
