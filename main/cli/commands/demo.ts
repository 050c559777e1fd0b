/**
 * `sitekit demo`: the whole job on the built-in sample, in a temporary workspace, with no network and no
 * other tools. It is a short script of contract calls — the same flows the app and the CLI run: import the
 * site, check the hardware with the sample inventories, generate and lint, commit to a local repo, make a
 * sample installer ISO (ESXi-shaped, not ESXi), preflight, the whole media job (build, write to an image
 * file, verify, record), audit, and export the report from the records.
 */
import { parseArgs } from 'node:util';
import { mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { AppError } from '../../core/result';
import { describeAction, describeStatus } from '../../core/hardware/messages';
import { hostForFileName } from '../../core/site/inventory-assign';
import type { Progress } from '../../ipc/define';
import { createRuntime } from '../../runtime/runtime';
import { resourcesDir } from '../../services/paths';
import { writeSampleInstallerIso } from '../../services/iso/sample-iso';
import { SITEKIT_VERSION } from '../../services/version';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { exitFor } from '../exit-codes';
import { formatError, humanBytes, progressPrinter } from '../format';

const USAGE = `Usage:
  sitekit demo [--out DIR] [--site FILE] [--inventory DIR]
      Runs the whole job on the built-in sample site (two hosts, one with a USB NIC uplink, a VM and the
      worker node) in a temporary folder (or DIR): hardware check from a sample inventory, manifests and
      lint, a local Git commit, a boot image from a generated sample installer ISO (ESXi-shaped, NOT a real
      ESXi), written to an image file with verification, audited, and the handover report.
      Needs no network and no other tools. Exit 0 when every stage worked.
`;

/** The root password of the sample hosts: a demo value, never used for a real site. */
const DEMO_PASSWORD = 'Demo-Stick-2026!';

export const demoCommand = simpleCommand({
  name: 'demo',
  summary: 'the whole job on the built-in sample site, in a temporary folder',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' }, site: { type: 'string' }, inventory: { type: 'string' } } });
    return runDemo(io, values);
  },
});

async function runDemo(io: CliIO, opts: { out?: string; site?: string; inventory?: string }): Promise<number> {
  const started = Date.now();
  const res = await resourcesDir(io.env);
  const root = opts.out ? resolve(io.cwd, opts.out) : await mkdtemp(join(tmpdir(), 'sitekit-demo-'));
  await mkdir(root, { recursive: true });
  // The same runtime as the app, over a data folder inside the demo's own folder.
  const runtime = await createRuntime({ dataDir: join(root, 'data'), version: SITEKIT_VERSION, transport: 'direct' });
  const produced: [string, string][] = [];
  const total = 8;
  let n = 0;
  const stage = (title: string) => io.out(`\n[${++n}/${total}] ${title}\n`);
  const line = (text: string) => io.out(`      ${text}\n`);
  const show = progressPrinter(io.err, io.tty);
  const onEvent = (event: string, payload: unknown): void => {
    if (event === 'job:progress') show(payload as Progress);
  };
  const fail = (error: AppError, code: number = exitFor(error)) => {
    io.err(formatError(error));
    io.err(`The demo stopped at stage ${n}. Everything made so far is in ${root}.\n`);
    runtime.dispose();
    return code;
  };
  const call = runtime.call;

  io.out(`Sitekit ${SITEKIT_VERSION} demo — the whole job on a built-in sample site\n`);
  io.out(`Working folder: ${root}\n`);

  // 1. Site: the sample becomes a draft in the demo's workspace; Settings name the technician (the Git author).
  stage('Site');
  const sitePath = opts.site ? resolve(io.cwd, opts.site) : join(res, 'samples', 'site.yaml');
  const imported = await call('site:import', { text: await readFile(sitePath, 'utf8'), fileName: basename(sitePath) });
  if (!imported.ok) return fail(imported.error);
  const id = imported.value.site.metadata.id;
  const technician = imported.value.site.metadata.technician ?? 'Sitekit demo';
  await call('settings:set', { settings: { technician: { name: technician, email: 'demo@sitekit.invalid' } } });
  {
    const site = imported.value.site;
    line(`${site.metadata.name} (${id}): ${site.spec.topology}, ESXi ${site.spec.release}, hosts ${site.spec.hosts.map((h) => `${h.name} ${h.management.ip ?? 'DHCP'}`).join(', ')}`);
  }

  // 2. Hardware: the sample inventories (esx01-lspci.txt → esx01), the verdict, the requirements it sets.
  stage('Hardware check');
  const invDir = opts.inventory ? resolve(io.cwd, opts.inventory) : join(res, 'samples', 'inventory');
  const hostNames = imported.value.site.spec.hosts.map((h) => h.name);
  // The folder may hold inventories of other boxes too: take the files named after this site's hosts.
  const invFiles = (await readdir(invDir).catch(() => [] as string[])).filter((f) => hostForFileName(f, hostNames)).sort();
  const inventories = await Promise.all(invFiles.map(async (f) => ({ name: f, text: await readFile(join(invDir, f), 'utf8') })));
  const checked = await call('hardware:check', { id, inventories });
  if (!checked.ok) return fail(checked.error);
  if (invFiles.length) line(`read ${invFiles.join(', ')}`);
  for (const hv of checked.value.verdict.hosts) {
    line(`${hv.host}: ${describeStatus(hv.status)}`);
    for (const a of hv.actions) line(`  → ${describeAction(a)}`);
  }
  line(`compatibility list ${checked.value.info.listVersion} (data ${checked.value.info.dataDate})`);
  if (checked.value.problems) return fail({ code: 'unsupported', message: 'The hardware check of the sample site found problems; the demo cannot go on.' });
  const saved = await call('site:save', { site: checked.value.site });
  if (!saved.ok) return fail(saved.error);

  // 3. Manifests and lint
  stage('GitOps manifests');
  const generated = await call('manifests:generate', { site: checked.value.site });
  if (!generated.ok) return fail(generated.error);
  const lint = await call('manifests:lint', { files: generated.value.files.map((f) => ({ path: f.path, content: f.content })), site: checked.value.site });
  if (!lint.ok) return fail(lint.error);
  const sum = lint.value.summary;
  line(`${generated.value.files.length} files under ${checked.value.site.spec.git.basePath}/${id}/; lint: ${sum.errors} errors, ${sum.warnings} warnings, ${sum.infos} notes`);
  for (const f of lint.value.findings.filter((x) => x.severity !== 'info').slice(0, 5)) line(`  ${f.severity}: ${f.file} ${f.code}`);
  if (sum.errors > 0) return fail({ code: 'invalid-input', message: 'The generated manifests have lint errors.' }, EXIT.problems);

  // 4. Git: a local repo in the working folder (no remote: a push would wait for one).
  stage('Git commit');
  const repoDir = join(root, 'site-repo');
  const conn = await call('git:connect', { siteId: id, mode: 'init', dir: repoDir, branch: checked.value.site.spec.git.branch, basePath: checked.value.site.spec.git.basePath });
  if (!conn.ok) return fail(conn.error);
  const commit = await call('git:commit', { siteId: id, reason: 'demo run' });
  if (!commit.ok) return fail(commit.error);
  line(`${commit.value.sha.slice(0, 12)} on ${commit.value.branch}: ${commit.value.message.split('\n')[0]} (recorded in the site)`);
  line(`${commit.value.files} files in ${repoDir} (no remote configured: a push would wait for one)`);
  produced.push(['Site repo', repoDir]);

  // 5. The sample installer ISO
  stage('Sample installer ISO');
  const isoPath = join(root, 'SAMPLE-ESXI-INSTALLER.iso');
  const iso = await writeSampleInstallerIso(isoPath);
  if (!iso.ok) return fail(iso.error);
  line(`${basename(isoPath)}, ${humanBytes(iso.value.size)}: an ESXi-shaped sample made by Sitekit, NOT a real ESXi installer`);
  produced.push(['Sample ISO', isoPath]);

  // 6. What the stick needs, per host, before anything is built (the same check and driver answer as the build).
  stage('Boot media: preflight');
  const pre = await call('media:preflight', { siteId: id, iso: isoPath, allHosts: true });
  if (!pre.ok) return fail(pre.error);
  if (pre.value.installer) {
    const c = pre.value.installer;
    line(`ISO: ${c.readable ? `${c.profile?.name ?? 'profile unknown'}, ${c.vibs.length} VIBs` : `image database unreadable (${c.reason ?? 'unknown'})`}${c.sample ? ' — SAMPLE, not ESXi' : ''}`);
  }
  for (const h of pre.value.hosts) {
    for (const l of h.driver?.lines ?? []) line(l);
    for (const a of h.actions.filter((x) => !x.satisfied)) line(`  ${h.host}: not satisfied yet (${a.how}): ${a.text}`);
  }
  // The demo goes on past a missing driver on purpose, and says so: the override is recorded and stays an open item.
  const override = pre.value.blocking.length > 0;
  if (override) line('The demo builds anyway with an explicit override; the report lists it as an open item.');

  // 7. The whole media job in main: build, write to an image file (a stick stand-in), read back, record.
  stage('Build, write and verify the stick');
  const stickPath = join(root, 'written-stick.img');
  const run = await call(
    'media:run',
    { jobId: 'demo', siteId: id, iso: isoPath, password: DEMO_PASSWORD, allHosts: true, targets: [{ kind: 'file', path: stickPath }], confirm: { driverOverride: override } },
    { onEvent },
  );
  if (!run.ok) return fail(run.error);
  const b = run.value.build;
  line(`image ${basename(b.path)}: ${humanBytes(b.size)}, Image SHA-256 ${b.sha256}`);
  line(`${b.plan.scheme.toUpperCase()} partition at sector ${b.plan.partition.startLba}, FAT32 with ${b.plan.fileCount} files; kernelopt edited in ${b.plan.bootCfgEdits.map((e) => e.path).join(' and ')}`);
  for (const h of b.plan.hosts) line(`  ${h.name}${b.plan.multiHost && h.mac ? ` picks its kickstart by MAC ${h.mac}` : ''}: ${h.install}`);
  const outcome = run.value.sticks[0];
  if (!outcome?.verified) return fail(outcome?.error ?? { code: 'verify-mismatch', message: 'The written image did not verify.' });
  line(`written and verified: ${humanBytes(outcome.bytes)}${outcome.writeSeconds ? ` at ${humanBytes(outcome.bytes / outcome.writeSeconds)}/s` : ''}, Image SHA-256 ${outcome.imageSha256 ?? b.sha256}`);
  line(run.value.recorded.runs > 0 ? `recorded: ${run.value.recorded.runs} stick run in site ${run.value.recorded.siteId}` : `NOT recorded: ${run.value.recorded.why}`);
  const audit = await call('media:audit', { target: stickPath });
  if (!audit.ok) return fail(audit.error);
  const a = audit.value;
  line(`audit: site ${a.site.id}, hosts ${a.hosts.join(', ')}, ${a.filesChecked} files, ${a.intact ? 'intact' : `MODIFIED (${a.modified.map((m) => m.path).join(', ')})`}, Image SHA-256 ${a.image.sha256 ?? 'unreadable'}`);
  produced.push(['Boot image', b.path], ['Written stick image', stickPath]);

  // 8. The handover report, from the records (exports are recorded too)
  stage('Handover report');
  const reportDir = join(root, 'report');
  let exported = await call('report:export', { id, folder: reportDir, formats: ['html', 'json', 'pdf'] });
  if (!exported.ok && /browser|chromium/i.test(exported.error.message)) {
    line(`PDF skipped: ${exported.error.message}`);
    exported = await call('report:export', { id, folder: reportDir, formats: ['html', 'json'] });
  }
  if (!exported.ok) return fail(exported.error);
  for (const f of exported.value.files) {
    line(`${f.format.toUpperCase().padEnd(4)} ${f.path} (${humanBytes(f.bytes)})`);
    produced.push([`Report (${f.format})`, f.path]);
  }
  line(exported.value.openItems.length ? `${exported.value.openItems.length} open items, e.g. ${exported.value.openItems[0]}` : 'no open items');
  runtime.dispose();

  io.out(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. What the demo produced:\n`);
  const width = Math.max(...produced.map(([k]) => k.length));
  for (const [k, v] of produced) io.out(`  ${k.padEnd(width)}  ${v}\n`);
  io.out(`  ${'Site draft'.padEnd(width)}  ${saved.value.path}\n`);
  return EXIT.ok;
}
