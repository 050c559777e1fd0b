/** `sitekit site new|validate|show`: create, check and summarise site.yaml files. */
import { parseArgs } from 'node:util';
import { access, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../services/fs-atomic';
import { err } from '../../core/result';
import { relative, resolve } from 'node:path';
import { Site, RELEASES } from '../../core/site/schema';
import { stringifySite } from '../../core/site/yaml';
import { issuesFromZod } from '../../core/site/yaml';
import { checkReadiness } from '../../core/site/readiness';
import { workerAddresses, workerIsStatic } from '../../core/site/worker-addresses';
import { EXIT, groupCommand, type CliIO } from '../types';
import { exitFor, fail } from '../exit-codes';
import { formatError } from '../format';
import { readSiteArg, readSiteFile } from '../site-file';

const USAGE = `Usage:
  sitekit site new --name NAME --subnet CIDR --gateway IP --dns IP[,IP] --ntp HOST[,HOST]
                   --host NAME=IP [--host NAME=IP] [--id ID] [--topology one-node|two-node]
                   [--release ${RELEASES.join('|')}] [--vlan N] [--location TEXT] [--technician NAME]
                   [--out FILE] [--draft] [--force]
      Creates a site.yaml (default ./<id>/site.yaml) or, with --draft, a draft in the workspace. From the
      same folder, the id then works as SITE in every command (hw check, media build, report); import the
      file (sitekit site import) to keep it as a draft, which git and the stick records need.
  sitekit site validate FILE [--json]
      Checks a site.yaml; prints every problem with its line. Exit 0 valid, 3 invalid.
  sitekit site show SITE [--json]
      Summarises a site: a site.yaml path, a workspace draft id, or the id of ./<id>/site.yaml.
  sitekit site import FILE [--replace]
      Imports a site.yaml as a workspace draft. An existing draft with the same id (also one written by a
      newer Sitekit, or one that does not load) is replaced only with --replace; the replaced file is kept
      as site.yaml.bak (and, when it did not load, as site.yaml.<time>.kept).
      Exit 0 imported, 1 not imported because a draft with that id exists, 3 the file is not a valid site.
  sitekit site list [--json]
      Lists every workspace draft, newest first; a draft that does not load is listed with its error.
      Exit 0 all load, 1 some do not load.
`;

async function siteNew(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      name: { type: 'string' },
      id: { type: 'string' },
      topology: { type: 'string' },
      release: { type: 'string' },
      subnet: { type: 'string' },
      gateway: { type: 'string' },
      vlan: { type: 'string' },
      dns: { type: 'string' },
      domain: { type: 'string' },
      ntp: { type: 'string' },
      host: { type: 'string', multiple: true },
      location: { type: 'string' },
      technician: { type: 'string' },
      out: { type: 'string' },
      draft: { type: 'boolean' },
      force: { type: 'boolean' },
    },
    strict: true,
  });
  const hosts = (values.host ?? []).map((h) => {
    const [name, ip] = h.split('=');
    return { name: name ?? '', management: { mode: ip ? ('static' as const) : ('dhcp' as const), ip: ip || undefined, vlan: values.vlan ? Number(values.vlan) : 0 } };
  });
  const name = values.name ?? '';
  const id =
    values.id ??
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const split = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
  const input = {
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: { name, id, location: values.location, technician: values.technician },
    spec: {
      topology: values.topology ?? (hosts.length === 2 ? 'two-node' : 'one-node'),
      release: values.release,
      managementNetwork: { subnet: values.subnet, gateway: values.gateway },
      dns: { servers: split(values.dns), domain: values.domain },
      ntp: { servers: split(values.ntp) },
      hosts,
    },
  };
  const parsed = Site.safeParse(input);
  // The options do not make a valid site: a usage error (the request the options make is malformed).
  if (!parsed.success) return fail(io, { code: 'invalid-request', message: 'The site is not valid.', issues: issuesFromZod(parsed.error), hint: 'Fix the options listed and run the command again.' });
  if (values.draft) {
    const saved = await io.services().workspace.save(parsed.data);
    if (!saved.ok) return fail(io, saved.error);
    const draftId = saved.value.site.metadata.id;
    io.out(`Created draft ${draftId} at ${saved.value.path}\n${nextSteps(draftId, true)}`);
    return EXIT.ok;
  }
  const out = resolve(io.cwd, values.out ?? `${parsed.data.metadata.id}/site.yaml`);
  if (!values.force) {
    const exists = await access(out).then(
      () => true,
      () => false,
    );
    if (exists) return fail(io, { code: 'conflict', message: `${out} already exists; it was not changed.`, hint: 'Choose another --out, or add --force to replace it.' });
  }
  // Atomically, and never through a link at `out` (the folder is the one typed; confined-folder.ts).
  await writeFileAtomic(out, stringifySite(parsed.data), { mode: 0o644 });
  const siteId = parsed.data.metadata.id;
  // The id names ./<id>/site.yaml only from the folder it was written in (site-file.ts readSiteArg).
  const byId = resolve(io.cwd, siteId, 'site.yaml') === out;
  io.out(`Wrote ${out}\n${byId ? nextSteps(siteId, false) : nextSteps(relative(io.cwd, out) || out, false)}`);
  return EXIT.ok;
}

/** What to run next, with the SITE argument that works from here (issue 28: a printed step must work). */
function nextSteps(site: string, draft: boolean): string {
  return [
    'next:',
    `  sitekit hw check ${site} --inventory FILE[,FILE]   (check the hosts; without --inventory, the models in the site)`,
    `  sitekit media build ${site} --iso ISO --out stick.img`,
    draft ? `  sitekit git connect ${site} --url URL              (then git commit / git push ${site})` : `  sitekit site import ${site.includes('/') ? site : `${site}/site.yaml`}    (keep it as a workspace draft: git and the stick records need one)`,
    '',
  ].join('\n');
}

async function siteValidate(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) {
    io.err('error: site validate needs a FILE.\n' + USAGE);
    return EXIT.usage;
  }
  const read = await readSiteFile(file, io.cwd).catch((e: unknown) => err<never>('parse-error', `${file} could not be read as a site file: ${(e as Error).message}`, { file }));
  // A site that loads can still be one a technician must not deploy (two hosts' workers on one address).
  const ready = read.ok ? checkReadiness(read.value.site, file, read.value.text) : undefined;
  const r = ready && !ready.ok ? ready : read;
  if (values.json) {
    io.out(JSON.stringify(r.ok ? { valid: true } : { valid: false, error: r.error }, null, 2) + '\n');
  } else if (r.ok) {
    io.out(`${file}: valid (${r.value.site.metadata.id}, ${r.value.site.spec.topology}, ${r.value.site.spec.hosts.length} host${r.value.site.spec.hosts.length === 1 ? '' : 's'})\n`);
  } else {
    io.err(formatError(r.error));
  }
  return r.ok ? EXIT.ok : exitFor(r.error);
}

async function siteShow(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
  const target = positionals[0];
  if (!target) {
    io.err('error: site show needs a FILE or draft ID.\n' + USAGE);
    return EXIT.usage;
  }
  const r = await readSiteArg(target, io);
  if (!r.ok) return fail(io, r.error);
  if (r.value.note) io.err(`note: ${r.value.note}\n`);
  const s = r.value.site;
  if (values.json) {
    io.out(JSON.stringify(s, null, 2) + '\n');
    return EXIT.ok;
  }
  const lines = [
    `Site        ${s.metadata.name} (${s.metadata.id})`,
    `Topology    ${s.spec.topology}, ESXi ${s.spec.release}`,
    `Management  ${s.spec.managementNetwork.subnet} via ${s.spec.managementNetwork.gateway}`,
    `DNS         ${s.spec.dns.servers.join(', ')}${s.spec.dns.domain ? ` (${s.spec.dns.domain})` : ''}`,
    `NTP         ${s.spec.ntp.servers.join(', ')} (${s.spec.ntp.protocol})`,
    ...s.spec.hosts.map((h) => `Host        ${h.name.padEnd(12)} ${h.management.mode === 'dhcp' ? 'DHCP' : h.management.ip}${h.management.vlan ? ` VLAN ${h.management.vlan}` : ''}  NICs: ${h.hardware.nics.map((n) => n.name).join(', ') || '—'}`),
    `Workloads   ${s.spec.workloads.vms.length} VM(s), worker ${s.spec.workloads.worker.enabled ? `on${workerIsStatic(s) ? ` (${workerAddresses(s).map((a) => `${a.host} ${a.ip ?? '—'}`).join(', ')})` : ''}` : 'off'}, ${s.spec.workloads.apps.length} app(s)`,
    `Commits     ${s.records.commits.length}, sticks written ${s.records.media.length}`,
  ];
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}

/** Largest site file `site import` reads (the same bound as the site:import channel). */
const MAX_IMPORT_BYTES = 5_000_000;

async function siteImport(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { replace: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err('error: site import needs one FILE.\n' + USAGE);
    return EXIT.usage;
  }
  const full = resolve(io.cwd, file);
  const st = await stat(full).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error || !st.isFile()) return fail(io, { code: 'not-found', message: `Cannot read ${file}: ${st instanceof Error ? (st.code === 'ENOENT' ? 'no such file' : st.message) : 'not a regular file'}.`, file: full });
  if (st.size > MAX_IMPORT_BYTES) return fail(io, { code: 'parse-error', message: `${file} is ${st.size} bytes; a site file is at most ${MAX_IMPORT_BYTES}. Nothing was imported.`, file: full });
  const text = await readFile(full, 'utf8');
  const r = await io.runtime().call('site:import', { text, fileName: file, ...(values.replace ? { replace: true } : {}) });
  if (r.ok) {
    io.out(`Imported ${r.value.site.metadata.id} (${r.value.site.metadata.name}) into ${r.value.path}${values.replace ? '; the previous draft, if any, is kept as site.yaml.bak' : ''}\n`);
    return EXIT.ok;
  }
  return fail(io, r.error.code === 'conflict' || r.error.code === 'newer-version' ? { ...r.error, hint: `${r.error.hint ?? ''} With the CLI: sitekit site import ${file} --replace`.trim() } : r.error);
}

async function siteList(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length) {
    io.err('error: site list takes no arguments.\n' + USAGE);
    return EXIT.usage;
  }
  const r = await io.runtime().call('site:list', {});
  if (!r.ok) return fail(io, r.error);
  const broken = r.value.filter((s) => s.error !== undefined).length;
  if (values.json) io.out(JSON.stringify(r.value, null, 2) + '\n');
  else if (r.value.length === 0) io.out('No drafts in the workspace. Create one with `sitekit site new --draft` or `sitekit site import FILE`.\n');
  else
    for (const s of r.value) {
      if (s.error !== undefined) io.out(`${s.id.padEnd(24)} does not load: ${s.error}\n`);
      else io.out(`${s.id.padEnd(24)} ${s.name}  (${s.topology}, ${s.hosts.join(', ') || 'no hosts'})  saved ${s.updatedAt}\n`);
    }
  return broken ? EXIT.problems : EXIT.ok;
}

export const siteCommand = groupCommand({
  name: 'site',
  summary: 'create, validate, show, import and list site.yaml files',
  usage: USAGE,
  subcommands: { new: siteNew, validate: siteValidate, show: siteShow, import: siteImport, list: siteList },
});
