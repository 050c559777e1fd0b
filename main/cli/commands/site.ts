/** `sitekit site new|validate|show`: create, check and summarise site.yaml files. */
import { parseArgs } from 'node:util';
import { writeFile, access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Site, RELEASES } from '../../core/site/schema';
import { stringifySite } from '../../core/site/yaml';
import { issuesFromZod } from '../../core/site/yaml';
import { EXIT, groupCommand, type CliIO } from '../types';
import { formatError } from '../format';
import { readSiteFile } from '../site-file';

const USAGE = `Usage:
  sitekit site new --name NAME --subnet CIDR --gateway IP --dns IP[,IP] --ntp HOST[,HOST]
                   --host NAME=IP [--host NAME=IP] [--id ID] [--topology one-node|two-node]
                   [--release ${RELEASES.join('|')}] [--vlan N] [--location TEXT] [--technician NAME]
                   [--out FILE] [--draft] [--force]
      Creates a site.yaml (default ./<id>/site.yaml) or, with --draft, a draft in the workspace.
  sitekit site validate FILE [--json]
      Checks a site.yaml; prints every problem with its line. Exit 0 valid, 3 invalid.
  sitekit site show FILE|ID [--json]
      Summarises a site.yaml file or a workspace draft.
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
  if (!parsed.success) {
    io.err(formatError({ code: 'schema-error', message: 'The site is not valid.', issues: issuesFromZod(parsed.error), hint: 'Fix the options listed and run the command again.' }));
    return EXIT.usage;
  }
  if (values.draft) {
    const saved = await io.services().workspace.save(parsed.data);
    if (!saved.ok) {
      io.err(formatError(saved.error));
      return EXIT.io;
    }
    io.out(`Created draft ${saved.value.site.metadata.id} at ${saved.value.path}\n`);
    return EXIT.ok;
  }
  const out = resolve(io.cwd, values.out ?? `${parsed.data.metadata.id}/site.yaml`);
  if (!values.force) {
    const exists = await access(out).then(
      () => true,
      () => false,
    );
    if (exists) {
      io.err(`error: ${out} already exists; it was not changed.\nnext: choose another --out, or add --force to replace it.\n`);
      return EXIT.io;
    }
  }
  const { mkdir } = await import('node:fs/promises');
  await mkdir(resolve(out, '..'), { recursive: true });
  await writeFile(out, stringifySite(parsed.data));
  io.out(`Wrote ${out}\n`);
  return EXIT.ok;
}

async function siteValidate(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) {
    io.err('error: site validate needs a FILE.\n' + USAGE);
    return EXIT.usage;
  }
  const r = await readSiteFile(file, io.cwd);
  if (values.json) {
    io.out(JSON.stringify(r.ok ? { valid: true } : { valid: false, error: r.error }, null, 2) + '\n');
  } else if (r.ok) {
    io.out(`${file}: valid (${r.value.site.metadata.id}, ${r.value.site.spec.topology}, ${r.value.site.spec.hosts.length} host${r.value.site.spec.hosts.length === 1 ? '' : 's'})\n`);
  } else {
    io.err(formatError(r.error));
  }
  return r.ok ? EXIT.ok : r.error.code === 'not-found' ? EXIT.input : EXIT.input;
}

async function siteShow(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
  const target = positionals[0];
  if (!target) {
    io.err('error: site show needs a FILE or draft ID.\n' + USAGE);
    return EXIT.usage;
  }
  let r = await readSiteFile(target, io.cwd);
  if (!r.ok && r.error.code === 'not-found' && /^[a-z0-9-]+$/.test(target)) {
    const d = await io.services().workspace.load(target);
    r = d.ok ? { ok: true, value: { site: d.value.site, text: d.value.text, path: d.value.path } } : d;
  }
  if (!r.ok) {
    io.err(formatError(r.error));
    return EXIT.input;
  }
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
    `Workloads   ${s.spec.workloads.vms.length} VM(s), worker ${s.spec.workloads.worker.enabled ? 'on' : 'off'}, ${s.spec.workloads.apps.length} app(s)`,
    `Commits     ${s.records.commits.length}, sticks written ${s.records.media.length}`,
  ];
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}

export const siteCommand = groupCommand({
  name: 'site',
  summary: 'create, validate and show site.yaml files',
  usage: USAGE,
  subcommands: { new: siteNew, validate: siteValidate, show: siteShow },
});
