/** `sitekit generate SITE.yaml --out DIR`: write the site's GitOps repo files, then lint them. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { summarize } from '../../core/manifests/findings';
import { formatFinding } from '../../core/manifests/messages';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { readSiteFile } from '../site-file';

const USAGE = `Usage:
  sitekit generate SITE.yaml --out DIR [--prune] [--json]
      Writes the site's repository files under DIR/<basePath>/<site id>/: site.yaml, README.md (what to
      enter in VECO per host), base/, hosts/<host>/ (each with an explicit kustomization.yaml) and
      workloads/. Files are replaced atomically and only when they change; comments people added to
      generated YAML files are kept. The files are then linted.
      --out     the repository folder (created if missing)
      --prune   delete files under the site folder that Sitekit no longer generates (default: list them)
      --json    print the result as JSON
  Exit codes: 0 written and lint clean, 1 written but lint found errors, 2 usage error,
  3 the site file cannot be read, 4 the files could not be written.
`;

export const generateCommand = simpleCommand({
  name: 'generate',
  summary: 'Write the site GitOps repository files (HostConfigurations, workloads, kustomizations)',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { out: { type: 'string', short: 'o' }, prune: { type: 'boolean' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1 || !values.out) {
      io.err(`error: give one site.yaml and --out DIR.\n\n${USAGE}`);
      return EXIT.usage;
    }
    const read = await readSiteFile(positionals[0] ?? '', io.cwd);
    if (!read.ok) return fail(io, read.error);
    const out = resolve(io.cwd, values.out);
    const r = await io.runtime().call('manifests:generate', { site: read.value.site, outDir: out, ...(values.prune ? { prune: true } : {}) });
    if (!r.ok) return fail(io, r.error);
    const summary = summarize(r.value.findings);
    if (values.json) {
      io.out(JSON.stringify({ write: r.value.write, findings: r.value.findings, summary }, null, 2) + '\n');
    } else {
      const w = r.value.write;
      io.out(`Wrote ${w?.written.length ?? 0} file(s), ${w?.unchanged.length ?? 0} unchanged, under ${out}\n`);
      for (const p of w?.written ?? []) io.out(`  ${p}\n`);
      if (w && w.removed.length > 0) io.out(`Removed ${w.removed.length} file(s) no longer generated:\n${w.removed.map((p) => `  ${p}\n`).join('')}`);
      else if (w && w.stale.length > 0) io.out(`${w.stale.length} file(s) under the site folder are no longer generated (kept; --prune removes them):\n${w.stale.map((p) => `  ${p}\n`).join('')}`);
      for (const f of r.value.findings.filter((x) => !x.accepted && x.severity !== 'info')) io.out(formatFinding(f) + '\n');
      io.out(`Lint: ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} note(s)${summary.accepted ? `, ${summary.accepted} accepted` : ''}.\n`);
    }
    return summary.errors > 0 ? EXIT.problems : EXIT.ok;
  },
});
