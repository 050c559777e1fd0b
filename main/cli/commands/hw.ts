/** `sitekit hw check|parse|list|import-list`: the hardware verdict, inventory parsing and the list in use. */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeAction, describeEvidence, describeFinding, describeNicIds, describeStatus } from '../../core/hardware/messages';
import type { CompatList, CompatListInfo } from '../../core/hardware/schema';
import type { DeviceVerdict, Finding, VerdictStatus } from '../../core/hardware/verdict';
import type { HostPlan, NicPlan, SitePlan } from '../../core/host-plan/types';
import { driverWords, installNicWords } from '../../core/host-plan/words';
import type { HostInventoryMerge } from '../../core/inventory/merge';
import { EXIT, groupCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { readSiteArg } from '../site-file';
import { assignInventories } from '../../core/site/inventory-assign';

const USAGE = `Usage:
  sitekit hw check SITE.yaml [--inventory [HOST=]FILE[,FILE]]... [--replace] [--json]
      Checks every host of the site against the compatibility list in use, for the site's ESXi release.
      Inventory files (lspci -nn[k], lsusb [-v], esxcli network nic list, esxcli hardware pci list,
      dmidecode -t system, ip link) are merged into the hosts first, and what each adds, changes and
      removes is printed; a file belongs to the host its name starts with (esx01-lspci.txt → esx01), or
      name it: --inventory esx01=box-a.txt. An inventory of another box (another serial or product name)
      is not applied unless --replace is given: the host then takes that box, NICs exactly as shown.
      Exit 0 every host can be installed (maybe with actions), 1 a host is unsupported or an inventory of
      another box was not applied, 2 usage, 3 bad input.
  sitekit hw parse FILE... [--json]
      Shows what the inventory files describe (model, serial, every NIC with its IDs or that they are
      unknown, MAC, driver and link) and every line not recognised.
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


function deviceLines(d: DeviceVerdict, n: NicPlan | undefined): string[] {
  const role = d.role === 'bmc' ? 'BMC virtual NIC' : d.used ? 'uplink' : d.role === 'unused' ? 'unused' : 'not used';
  const mac = n?.mac ? ` [${n.mac}${n.macSource === 'inventory' ? ', from inventory' : n.macSource === 'entered' ? ', typed' : ''}]` : '';
  const head = `    ${MARK[d.status]} ${d.nic.padEnd(7)} ${describeNicIds(d).padEnd(10)} ${describeStatus(d.status).padEnd(23)} ${(n?.install ? `${role}, install` : role).padEnd(17)} ${d.label}${mac}`;
  const lines = [head];
  if (n) lines.push(`          driver: ${driverWords(n)}${n.fromModel ? " (the model's onboard NIC, assumed)" : ''}`);
  for (const f of d.findings) if (f.code !== 'nic-unused') lines.push(`          ${SEV[f.severity]} ${describeFinding(f)}${f.evidence ? ` (${describeEvidence(f.evidence)})` : ''}`);
  return lines;
}

function hostLines(plan: HostPlan): string[] {
  const h = plan.verdict;
  const lines = [`${MARK[h.status]} ${h.host}: ${describeStatus(h.status).toUpperCase()}${h.model ? ` — ${h.model.name}` : ''}`];
  lines.push(`    install NIC: ${installNicWords(plan)}`);
  if (plan.cpu.text) {
    const counts = plan.cpu.cores !== undefined ? `, ${plan.cpu.cores} cores${plan.cpu.threads !== undefined ? `, ${plan.cpu.threads} threads` : ''}` : '';
    const ecores = plan.cpu.hybrid === undefined ? 'E-cores unknown' : plan.cpu.hybrid ? 'P- and E-cores' : 'no E-cores';
    lines.push(`    CPU: ${plan.cpu.text}${counts} (${plan.cpu.source === 'inventory' ? 'this box' : 'the model'}; ${ecores})`);
  }
  for (const d of h.devices) lines.push(...deviceLines(d, plan.nics.find((n) => n.name === d.nic)));
  const hostFindings = h.findings.filter((f) => f.severity !== 'info' || f.code === 'model-known' || f.code === 'nics-from-model' || f.code === 'cpu-quirk-by-inventory');
  for (const f of hostFindings) lines.push(`    ${SEV[f.severity]} ${describeFinding(f)}`);
  if (h.actions.length) {
    lines.push('    actions:');
    for (const a of h.actions) lines.push(`      -> ${describeAction(a)}${a.kind === 'kernel-option' && a.basis === 'cpu' ? " (this box's CPU asks for it)" : ''}`);
  }
  return lines;
}

/** A file named on the command line, or the exit code after saying it cannot be read. */
async function readArgFile(io: CliIO, file: string): Promise<string | number> {
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    return fail(io, { code: 'not-found', message: `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.` });
  }
}

/** What the inventories did to each host, before the verdict: + adds, ~ changes, − removes, = kept. */
export function formatMerges(merges: readonly HostInventoryMerge[]): string {
  const lines: string[] = [];
  for (const m of merges) {
    lines.push(`Inventory for ${m.host} (${m.mode === 'replace' ? 'replace' : 'merge'}): ${m.applied ? 'applied' : 'NOT applied'}`);
    if (m.otherBoxText) lines.push(`  ! ${m.otherBoxText}`);
    if (!m.applied) lines.push('  None of the following was applied:');
    for (const [mark, list] of [['+', m.adds], ['~', m.changes], ['-', m.removes], ['=', m.kept]] as const) for (const l of list) lines.push(`  ${mark} ${l}`);
    if (!m.adds.length && !m.changes.length && !m.removes.length) lines.push('  (adds, changes and removes nothing)');
    lines.push('');
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** The human report of a site's host plan and its verdict. */
export function formatVerdict(siteId: string, plan: SitePlan, info: CompatListInfo): string {
  const v = plan.verdict;
  const lines = [`Hardware check of ${siteId} for ESXi ${v.release}, ${listLine(info)}`, ''];
  for (const h of plan.hosts) lines.push(...hostLines(h), '');
  for (const f of v.findings) lines.push(`${SEV[f.severity]} ${describeFinding(f)}`);
  const bad = v.hosts.filter((h) => h.status === 'unsupported').length;
  lines.push(`Result: ${describeStatus(v.status)}${bad ? ` (${bad} host${bad === 1 ? '' : 's'} not supported)` : ''}.`);
  return lines.join('\n') + '\n';
}

async function hwCheck(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { inventory: { type: 'string', multiple: true }, replace: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
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
      const text = await readArgFile(io, f);
      if (typeof text !== 'string') return text;
      inventories.push({ host, name: f, text });
    }
  }
  // The same check the app and the media build run (main/flows/check-hardware.ts), through the contract.
  const r = await io.runtime().call('hardware:check', { ...read.value.ref, ...(inventories.length ? { inventories } : {}), ...(values.replace ? { replace: true } : {}) });
  if (!r.ok) return fail(io, r.error);
  const { plan, verdict, info, site, note, inventoryIssues, merges, problems } = r.value;
  if (note) io.err(`note: ${note}\n`);
  for (const x of inventoryIssues) io.err(`warning: ${x.path}${x.line !== undefined ? `:${x.line}` : ''}: ${x.message}\n`);
  // another box is refused on stderr too, so a script that only reads the exit code and stderr sees why
  for (const m of merges.filter((x) => !x.applied)) io.err(`error: ${m.host}: ${m.otherBoxText ?? 'the inventory is of another box.'} Nothing of it was applied to ${m.host}.\nnext: if the box was swapped, run it again with --replace; else read the inventory of ${m.host}'s own box.\n`);
  if (values.json) {
    const requirements = Object.fromEntries(site.spec.hosts.map((h) => [h.name, h.requirements]));
    io.out(JSON.stringify({ list: info, merges, verdict, plan: plan.hosts, requirements, hardware: Object.fromEntries(site.spec.hosts.map((h) => [h.name, h.hardware])) }, null, 2) + '\n');
  } else {
    io.out(formatMerges(merges) + formatVerdict(site.metadata.id, plan, info));
  }
  return problems ? EXIT.problems : EXIT.ok;
}

async function hwParse(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (!positionals.length) {
    io.err(`error: hw parse needs at least one FILE.\n${USAGE}`);
    return EXIT.usage;
  }
  const texts: { text: string; fileName: string }[] = [];
  for (const f of positionals) {
    const text = await readArgFile(io, f);
    if (typeof text !== 'string') return text;
    texts.push({ fileName: f, text });
  }
  // The same reading as the Hardware step's preview (main/flows/read-inventory.ts), through the contract.
  const r = await io.runtime().call('hardware:parseInventory', { texts });
  if (!r.ok) return fail(io, r.error);
  const { hardware, issues, seen, formats } = r.value;
  if (values.json) {
    io.out(JSON.stringify({ formats, hardware, seen, issues }, null, 2) + '\n');
    return EXIT.ok;
  }
  // A parser's problem names its file (a warning on stderr, as hw check prints them); the combination's is a note.
  for (const x of issues.filter((i) => i.path)) io.err(`warning: ${x.path}${x.line !== undefined ? `:${x.line}` : ''}: ${x.message}\n`);
  const seenText = (name: string) =>
    seen
      .filter((x) => x.name === name)
      .map((x) => `${x.source === 'ip-link' ? 'ip link' : 'esxcli'}: ${[x.driver ? `driver ${x.driver}` : '', x.linkUp === undefined ? '' : x.linkUp ? `link up${x.linkMbps ? ` at ${x.linkMbps} Mb/s` : ''}` : 'link down'].filter(Boolean).join(', ')}`)
      .join('; ');
  const lines = [
    `Formats     ${formats.join(', ')}`,
    `Model       ${hardware.model ?? '(not in the list)'}${hardware.productName ? ` — ${hardware.vendor ?? ''} ${hardware.productName}` : ''}`,
    `Serial      ${hardware.serial ?? '—'}`,
    ...hardware.nics.map((n) => `NIC         ${n.name.padEnd(7)} ${n.bus} ${describeNicIds(n)}  ${n.mac ?? 'no MAC'}  ${n.role}  ${n.label ?? ''}${seenText(n.name) ? `  (${seenText(n.name)})` : ''}`),
  ];
  if (!hardware.nics.length) lines.push('NIC         none found');
  // a NIC without IDs is kept; say what it takes to identify it
  for (const n of hardware.nics.filter((x) => x.vendorId === undefined || x.deviceId === undefined)) lines.push(`Note        ${describeFinding({ severity: 'warning', code: 'nic-ids-unknown', params: { nic: n.name, bus: n.bus } })}`);
  for (const x of issues.filter((i) => !i.path)) lines.push(`Note        ${x.message}`);
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
