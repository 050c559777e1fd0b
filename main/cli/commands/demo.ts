/**
 * `sitekit demo`: the whole job on the built-in sample, in a temporary workspace, with no network and no
 * other tools: site → hardware check from a sample inventory → manifests + lint → a commit in a local
 * repo → a sample installer ISO (ESXi-shaped, not a real ESXi) → the boot image → written to an image
 * file and verified → audited → the handover report (HTML, JSON, and PDF when a Chromium is found).
 * Each stage runs the same services as the app; nothing outside the temporary folder is touched.
 */
import { parseArgs } from 'node:util';
import { mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Site } from '../../core/site/schema';
import { parseSiteYaml } from '../../core/site/yaml';
import { checkSite } from '../../core/hardware/engine';
import { applyVerdictToSite } from '../../core/hardware/requirements';
import { describeAction, describeStatus } from '../../core/hardware/messages';
import { parseInventory } from '../../core/inventory/parse';
import { mergeHardware, toHostHardware } from '../../core/inventory/hardware';
import type { ParsedInventory } from '../../core/inventory/types';
import { generateSiteFiles } from '../../core/manifests/generate';
import { lintFiles } from '../../core/manifests/lint';
import { createServices } from '../../services/index';
import { resourcesDir } from '../../services/paths';
import { writeSampleInstallerIso } from '../../services/iso/sample-iso';
import { buildStickImage } from '../../services/media/build-stick';
import { SITEKIT_VERSION } from '../../services/version';
import { EXIT, simpleCommand, type CliIO } from '../types';
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
  const services = createServices({ dataDir: join(root, 'data'), version: SITEKIT_VERSION });
  const produced: [string, string][] = [];
  const total = 8;
  let n = 0;
  const stage = (title: string) => io.out(`\n[${++n}/${total}] ${title}\n`);
  const line = (text: string) => io.out(`      ${text}\n`);
  const fail = (error: Parameters<typeof formatError>[0], code: number = EXIT.io) => {
    io.err(formatError(error));
    io.err(`The demo stopped at stage ${n}. Everything made so far is in ${root}.\n`);
    services.git.dispose();
    return code;
  };

  io.out(`Sitekit ${SITEKIT_VERSION} demo — the whole job on a built-in sample site\n`);
  io.out(`Working folder: ${root}\n`);

  // 1. Site
  stage('Site');
  const sitePath = opts.site ? resolve(io.cwd, opts.site) : join(res, 'samples', 'site.yaml');
  const parsed = parseSiteYaml(await readFile(sitePath, 'utf8'), sitePath);
  if (!parsed.ok) return fail(parsed.error, EXIT.input);
  let site: Site = parsed.value;
  line(`${site.metadata.name} (${site.metadata.id}): ${site.spec.topology}, ESXi ${site.spec.release}, hosts ${site.spec.hosts.map((h) => `${h.name} ${h.management.ip ?? 'DHCP'}`).join(', ')}`);

  // 2. Hardware: inventory from the sample files, then the verdict and its actions.
  stage('Hardware check');
  const listR = await services.compat.current();
  if (!listR.ok) return fail(listR.error);
  const list = listR.value.list;
  const invDir = opts.inventory ? resolve(io.cwd, opts.inventory) : join(res, 'samples', 'inventory');
  const invFiles = await readdir(invDir).catch(() => [] as string[]);
  site = {
    ...site,
    spec: {
      ...site.spec,
      hosts: await Promise.all(
        site.spec.hosts.map(async (h) => {
          const mine = invFiles.filter((f) => f.startsWith(`${h.name}-`)).sort();
          const inventories: ParsedInventory[] = [];
          for (const f of mine) {
            const r = parseInventory(await readFile(join(invDir, f), 'utf8'), f);
            if (r.ok) inventories.push(r.value);
          }
          if (inventories.length === 0) return h;
          const found = toHostHardware(inventories, list);
          line(`${h.name}: read ${mine.join(', ')}`);
          return { ...h, hardware: mergeHardware(h.hardware, found.hardware) };
        }),
      ),
    },
  };
  const verdict = checkSite(site, list);
  for (const hv of verdict.hosts) {
    line(`${hv.host}: ${describeStatus(hv.status)}`);
    for (const a of hv.actions) line(`  → ${describeAction(a)}`);
  }
  line(`compatibility list ${listR.value.info.listVersion} (data ${listR.value.info.dataDate})`);
  if (verdict.hosts.some((h) => h.status === 'unsupported')) {
    return fail({ code: 'unsupported', message: 'A host of the sample site is unsupported; the demo cannot go on.' }, EXIT.problems);
  }
  site = applyVerdictToSite(site, verdict);

  // 3. Manifests and lint
  stage('GitOps manifests');
  const files = generateSiteFiles(site);
  const findings = lintFiles(files, { site });
  const count = (sev: string) => findings.filter((f) => f.severity === sev).length;
  line(`${files.length} files under ${site.spec.git.basePath}/${site.metadata.id}/; lint: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes`);
  for (const f of findings.filter((x) => x.severity !== 'info').slice(0, 5)) line(`  ${f.severity}: ${f.file} ${f.code}`);
  if (count('error') > 0) return fail({ code: 'invalid-input', message: 'The generated manifests have lint errors.' }, EXIT.problems);

  // 4. Git: a local repo in the working folder (no remote: the push would be queued).
  stage('Git commit');
  const saved = await services.workspace.save(site);
  if (!saved.ok) return fail(saved.error);
  const repoDir = join(root, 'site-repo');
  const conn = await services.git.connect({ siteId: site.metadata.id, mode: 'init', dir: repoDir, branch: site.spec.git.branch, basePath: site.spec.git.basePath });
  if (!conn.ok) return fail(conn.error);
  const commit = await services.git.commit(site.metadata.id, { siteName: site.metadata.name, files, author: { name: site.metadata.technician ?? 'Sitekit demo', email: 'demo@sitekit.invalid' }, reason: 'demo run' });
  if (!commit.ok) return fail(commit.error);
  line(`${commit.value.sha.slice(0, 12)} on ${commit.value.branch}: ${commit.value.message.split('\n')[0]}`);
  line(`${commit.value.files} files in ${repoDir} (no remote configured: a push would wait for one)`);
  produced.push(['Site repo', repoDir]);
  site = { ...site, records: { ...site.records, commits: [...site.records.commits, { sha: commit.value.sha, at: commit.value.at, message: commit.value.message, pushed: false }] } };

  // 5. The sample installer ISO
  stage('Sample installer ISO');
  const isoPath = join(root, 'SAMPLE-ESXI-INSTALLER.iso');
  const iso = await writeSampleInstallerIso(isoPath);
  if (!iso.ok) return fail(iso.error);
  line(`${basename(isoPath)}, ${humanBytes(iso.value.size)}: an ESXi-shaped sample made by Sitekit, NOT a real ESXi installer`);
  produced.push(['Sample ISO', isoPath]);

  // 6. The boot image, both hosts on one stick (each picks its kickstart by MAC).
  stage('Boot image');
  const reportHtml = await services.report.render(site, 'html');
  const imagePath = join(root, `${site.metadata.id}-stick.img`);
  const show = progressPrinter(io.err, io.tty);
  const t0 = Date.now();
  const built = await buildStickImage({
    site,
    isoPath,
    outPath: imagePath,
    hosts: { kind: 'all' },
    password: DEMO_PASSWORD,
    versions: { sitekit: SITEKIT_VERSION, compatList: listR.value.info.listVersion },
    siteCommit: commit.value.sha,
    reportHtml: reportHtml.ok && typeof reportHtml.value.data === 'string' ? reportHtml.value.data : undefined,
    onProgress: (p) => {
      const s = (Date.now() - t0) / 1000;
      show({ jobId: 'build', phase: p.phase, bytes: p.bytes, total: p.total, speed: s > 0 ? p.bytes / s : 0, eta: -1 });
    },
  });
  if (!built.ok) return fail(built.error);
  line(`${basename(imagePath)}: ${humanBytes(built.value.size)}, SHA-256 ${built.value.sha256}`);
  const plan = built.value.plan;
  line(`${plan.scheme.toUpperCase()} partition at sector ${plan.partition.startLba}, FAT32 with ${plan.fileCount} files; kernelopt edited in ${plan.bootCfgEdits.map((e) => e.path).join(' and ')}`);
  for (const h of plan.hosts) line(`  ${h.name}${plan.multiHost && h.mac ? ` picks its kickstart by MAC ${h.mac}` : ''}: ${h.install}`);
  produced.push(['Boot image', imagePath]);

  // 7. Write to an image file (a stick stand-in) with read-back verification, then audit it.
  stage('Write, verify and audit');
  const stickPath = join(root, 'written-stick.img');
  const written = await services.sticks.write('demo', { items: [{ image: imagePath, sha256: built.value.sha256, target: { kind: 'file', path: stickPath } }] }, (_i, p) =>
    show({ jobId: 'write', phase: p.phase, bytes: p.bytes, total: p.total, speed: p.speed, eta: p.eta }),
  );
  if (!written.ok) return fail(written.error);
  const outcome = written.value[0]!;
  if (!outcome.verified) return fail(outcome.error ?? { code: 'verify-mismatch', message: 'The written image did not verify.' });
  const speed = outcome.writeSeconds ? outcome.bytes / outcome.writeSeconds : 0;
  line(`written and verified: ${humanBytes(outcome.bytes)} at ${humanBytes(speed)}/s, SHA-256 ${outcome.imageSha256 ?? built.value.sha256}`);
  const audit = await services.sticks.audit(stickPath);
  if (!audit.ok) return fail(audit.error);
  line(`audit: site ${audit.value.site.id}, hosts ${audit.value.hosts.join(', ')}, ${audit.value.filesChecked} files, ${audit.value.intact ? 'intact' : `MODIFIED (${audit.value.modified.map((m) => m.path).join(', ')})`}`);
  produced.push(['Written stick image', stickPath]);
  site = {
    ...site,
    records: {
      ...site.records,
      media: [...site.records.media, { at: new Date().toISOString(), target: stickPath, sizeBytes: outcome.bytes, isoName: basename(isoPath), isoSha256: built.value.isoSha256, imageSha256: built.value.sha256, hosts: site.spec.hosts.map((h) => h.name), verified: outcome.verified, seconds: outcome.writeSeconds, bytesPerSecond: speed }],
    },
  };
  await services.workspace.save(site);

  // 8. The handover report
  stage('Handover report');
  const reportDir = join(root, 'report');
  let exported = await services.report.export(site, { folder: reportDir, formats: ['html', 'json', 'pdf'] });
  if (!exported.ok && /browser|chromium/i.test(exported.error.message)) {
    line(`PDF skipped: ${exported.error.message}`);
    exported = await services.report.export(site, { folder: reportDir, formats: ['html', 'json'] });
  }
  if (!exported.ok) return fail(exported.error);
  for (const f of exported.value.files) {
    line(`${f.format.toUpperCase().padEnd(4)} ${f.path} (${humanBytes(f.bytes)})`);
    produced.push([`Report (${f.format})`, f.path]);
  }
  services.git.dispose();

  io.out(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. What the demo produced:\n`);
  const width = Math.max(...produced.map(([k]) => k.length));
  for (const [k, v] of produced) io.out(`  ${k.padEnd(width)}  ${v}\n`);
  io.out(`  ${'Site draft'.padEnd(width)}  ${saved.value.path}\n`);
  return EXIT.ok;
}
