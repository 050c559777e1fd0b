/** `sitekit fleet import|status|ci`: many stores from one plan, their status, and the site repo's CI check. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { FLEET_STAGE_LABELS, type FleetRow } from '../../core/fleet/status';
import { EXIT, groupCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { formatError, progressPrinter } from '../format';
import type { EventListener } from '../../runtime/runtime';

const USAGE = `Usage:
  sitekit fleet import PLAN.csv|PLAN.xlsx --repo DIR [--update] [--dry-run] [--json]
      One row per store (header row; columns in any order): site_id, site_name, location, topology
      (one-node|two-node), release, subnet, gateway, dns, ntp, vlan, host1, host1_ip, host1_model, host2,
      host2_ip, host2_model, technician. dns and ntp hold several values separated by ";". A model is a
      compatibility-list model id (sitekit hw list) or a text that matches exactly one model.
      Writes sites/<site_id>/site.yaml and the generated manifests of every store, all or nothing: any bad
      row prints PLAN:LINE: column: problem for every problem and writes nothing. Stores already in the
      repo are kept as they are unless --update is given, which prints the diff and then applies it.
      --dry-run   check and print what would change, write nothing
  sitekit fleet status --repo DIR [--json]
      One row per store: manifests up to date with site.yaml, lint errors/warnings, committed and pushed
      (from Git objects), verified sticks, hosts accepted on site and exported reports (from the site's
      records), and its stage: not started, committed, stick written, accepted on site, done.
  sitekit fleet ci --repo DIR --github|--gitlab [--package SPEC]
      Writes .github/workflows/sitekit-lint.yml or .gitlab-ci.yml: on every push or merge request, runs
      "npx sitekit lint sites/<id>" on each changed store, fails on errors, and reports findings as GitHub
      annotations or a GitLab Code Quality report. --package is what the job installs (default
      sitekit@<this version>; name@version, a .tgz path or an https:// URL of one; no spaces or
      line breaks: anything else is refused, exit 2).
  Exit codes: 0 ok, 1 the plan has problems, 2 usage error, 3 the plan cannot be read, 4 I/O failure.
`;

const progress = (io: CliIO): EventListener | undefined => {
  if (!io.tty) return undefined;
  const print = progressPrinter(io.err, true);
  return (event, payload) => {
    if (event === 'job:progress') print(payload as Parameters<typeof print>[0]);
  };
};

async function importPlan(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { repo: { type: 'string' }, update: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.repo) {
    io.err(`error: give one plan file and --repo DIR.\n\n${USAGE}`);
    return EXIT.usage;
  }
  const plan = positionals[0] as string;
  const r = await io.runtime().call(
    'fleet:import',
    { plan: resolve(io.cwd, plan), planName: plan, repo: resolve(io.cwd, values.repo), update: values.update, dryRun: values['dry-run'] },
    { onEvent: progress(io) },
  );
  if (!r.ok) {
    const details = r.error.details as { problems?: string[]; notes?: string[] } | undefined;
    if (values.json) io.out(JSON.stringify({ error: r.error }, null, 2) + '\n');
    for (const n of details?.notes ?? []) io.err(`note: ${n}\n`);
    // Problems in the plan's rows are what the check found (exit 1), whatever tag carries them.
    if (details?.problems) {
      for (const p of details.problems) io.err(`${p}\n`);
      io.err(formatError({ ...r.error, issues: [] }));
      return EXIT.problems;
    }
    return fail(io, r.error);
  }
  const o = r.value;
  if (values.json) {
    io.out(JSON.stringify(o, null, 2) + '\n');
    return EXIT.ok;
  }
  for (const n of o.notes) io.err(`note: ${n}\n`);
  for (const d of o.diffs) io.out(d.text);
  const count = (a: string): number => o.sites.filter((s) => s.action === a).length;
  const warnings = o.sites.reduce((n, s) => n + s.lint.warnings, 0);
  const verb = o.dryRun ? 'Would import' : 'Imported';
  io.out(
    `${verb} ${o.sites.length} store(s) from ${o.plan} into ${o.repo}: ${count('add')} added, ${count('update')} updated, ${count('unchanged')} unchanged, ${count('kept')} kept; ` +
      `${o.dryRun ? 'nothing written' : `${o.written} file(s) written`}; lint: 0 errors, ${warnings} warning(s).\n`,
  );
  if (!o.dryRun && o.written > 0) io.out('next: review and commit the repo (git add sites && git commit), then push; Flux on each host pulls its folder.\n');
  return EXIT.ok;
}

const yes = (b: boolean): string => (b ? 'yes' : 'no');

function table(rows: readonly FleetRow[]): string {
  const head = ['SITE', 'STAGE', 'MANIFESTS', 'LINT E/W', 'COMMITTED', 'PUSHED', 'STICKS', 'ACCEPTED', 'REPORT'];
  const body = rows.map((r) => [
    r.id,
    FLEET_STAGE_LABELS[r.stage],
    r.error ? 'unreadable' : r.manifestsUpToDate ? 'up to date' : `${r.outdatedFiles.length} outdated`,
    `${r.lint.errors}/${r.lint.warnings}`,
    yes(r.committed),
    yes(r.pushed),
    String(r.sticks),
    yes(r.accepted),
    r.reports > 0 ? 'exported' : '—',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  return [head, ...body].map((cols) => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

async function status(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { repo: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0 || !values.repo) {
    io.err(`error: give --repo DIR.\n\n${USAGE}`);
    return EXIT.usage;
  }
  const r = await io.runtime().call('fleet:status', { repo: resolve(io.cwd, values.repo) }, { onEvent: progress(io) });
  if (!r.ok) return fail(io, r.error);
  const s = r.value;
  if (values.json) {
    io.out(JSON.stringify(s, null, 2) + '\n');
    return EXIT.ok;
  }
  if (s.rows.length === 0) {
    io.out(`No sites under ${s.repo}/sites yet (sitekit fleet import PLAN.csv --repo ${s.repo} adds them).\n`);
    return EXIT.ok;
  }
  io.out(table(s.rows));
  for (const row of s.rows.filter((x) => x.error)) io.out(`${row.id}: ${row.error}\n`);
  const c = s.counts;
  io.out(`${s.rows.length} site(s)${s.branch ? ` on ${s.branch}${s.head ? ` at ${s.head.slice(0, 12)}` : ' (no commit yet)'}` : ' (not a Git repository)'}: ${c['not-started']} not started, ${c.committed} committed, ${c['stick-written']} stick written, ${c.accepted} accepted on site, ${c.done} done.\n`);
  return EXIT.ok;
}

async function ci(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { repo: { type: 'string' }, github: { type: 'boolean' }, gitlab: { type: 'boolean' }, package: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || !values.repo || values.github === values.gitlab) {
    io.err(`error: give --repo DIR and one of --github or --gitlab.\n\n${USAGE}`);
    return EXIT.usage;
  }
  const r = await io.runtime().call('fleet:ci', { repo: resolve(io.cwd, values.repo), platform: values.github ? 'github' : 'gitlab', packageSpec: values.package });
  if (!r.ok) return fail(io, r.error);
  io.out(`Wrote ${r.value.path} in ${resolve(io.cwd, values.repo)}.\nnext: commit and push it; every push or merge request that changes sites/ is then linted.\n`);
  return EXIT.ok;
}

export const fleetCommand = groupCommand({
  name: 'fleet',
  summary: 'Many stores from one plan: import a CSV/XLSX plan, fleet status, and the site repo CI check',
  usage: USAGE,
  subcommands: { import: importPlan, status, ci },
});
