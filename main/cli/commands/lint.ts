/** `sitekit lint DIR|FILE... [--json]`: the cross-file lint over a site repo or loose manifests. */
import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { formatFinding } from '../../core/manifests/messages';
import type { Site } from '../../core/site/schema';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { readSiteFile } from '../site-file';
import { lintOutput } from '../lint-formats';

const USAGE = `Usage:
  sitekit lint DIR|FILE... [--site SITE.yaml] [--scope DIR]... [--json] [--all]
      Lints ECS manifests across files: duplicate names, HostConfiguration profiles, Kubernetes schemas,
      NodePorts, host paths, VM classes and user data, plain-text secrets, VLANs, uplinks, MTUs, IP
      addresses, reboots. A folder is read recursively (.git skipped). Each site.yaml among the files adds
      the site-aware rules (uplinks present on each host, management subnet) and its accepted findings for
      its own site folder, so a fleet repo checks every store against its own site; --site gives the model
      for files with no site.yaml. A site.yaml that is not a valid site is a warning (site-invalid).
      Rules that compare files run within what one host applies (its scope): a kustomization entry point,
      a site folder (a folder with a Sitekit site.yaml, or each folder inside sites/), else the whole set.
      \`sitekit lint sites/\` lints each store on its own. Every finding names its scope.
      --scope DIR  treat DIR (inside the linted folder; repeatable) as one scope, overriding detection
      --json   print {findings, summary, scopes} as JSON (scopes: every scope checked)
      --all    also print notes (info findings)
      --format github|gitlab-codequality   CI output: GitHub annotations or a GitLab Code Quality report
  Exit codes: 0 no errors, 1 errors found, 2 usage error, 3 a path cannot be read.
`;

export const lintCommand = simpleCommand({
  name: 'lint',
  summary: 'Lint site manifests across files (duplicates, profiles, ports, secrets, network)',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean' }, site: { type: 'string' }, all: { type: 'boolean' }, format: { type: 'string' }, scope: { type: 'string', multiple: true } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) {
      io.err(`error: give a folder or files to lint.\n\n${USAGE}`);
      return EXIT.usage;
    }
    const singleDir = positionals.length === 1 && (await stat(resolve(io.cwd, positionals[0] ?? '')).then((s) => s.isDirectory(), () => false));
    // --site names the model for its own folder; every site.yaml among the files is the model of its folder.
    let site: Site | undefined;
    if (values.site) {
      const r = await readSiteFile(values.site, io.cwd);
      if (!r.ok) return fail(io, r.error);
      site = r.value.site;
    }
    // Paths are relative to the one folder given (or to the working folder for several); so are --scope folders.
    const base = singleDir ? resolve(io.cwd, positionals[0] ?? '') : io.cwd;
    const scopes = (values.scope ?? []).map((d) => relative(base, resolve(io.cwd, d)).split('\\').join('/'));
    const outside = scopes.find((d) => d.startsWith('..'));
    if (outside !== undefined) {
      io.err(`error: --scope ${outside} is not inside the folder being linted.\nnext: give a folder under ${base}; nothing was linted.\n`);
      return EXIT.usage;
    }
    // Plain text without --all prints no notes, so only errors and warnings need their line looked up.
    const lineNumbers = values.json || values.all || values.format ? 'all' : 'problems';
    const where = singleDir ? { dir: base } : { paths: positionals, base: io.cwd };
    const r = await io.runtime().call('manifests:lint', { ...where, ...(site ? { site } : {}), scopes, lineNumbers });
    if (!r.ok) return fail(io, r.error);
    const { findings, summary, scopes: checked, files, sites } = r.value;
    const formatted = values.format ? lintOutput(values.format, findings, singleDir ? (positionals[0] ?? '') : '') : undefined;
    if (formatted !== undefined) {
      io.out(formatted);
      return summary.errors > 0 ? EXIT.problems : EXIT.ok;
    }
    if (values.json) {
      io.out(JSON.stringify({ findings, summary, scopes: checked }, null, 2) + '\n');
    } else {
      for (const f of findings.filter((x) => values.all || x.severity !== 'info')) io.out(formatFinding(f) + '\n');
      if (checked.length > 1) {
        const shown = checked.slice(0, 6).join(', ');
        const more = checked.length > 6 ? ` and ${checked.length - 6} more (--json lists every scope)` : '';
        io.out(`${checked.length} scopes (what one host applies, checked apart): ${shown}${more}\n`);
      }
      const against = sites.id ? ` (site ${sites.id})` : sites.count > 1 ? ` (${sites.count} sites, each checked against its own site.yaml)` : '';
      io.out(`${files} file(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} note(s)${summary.accepted ? `, ${summary.accepted} accepted` : ''}${against}.\n`);
    }
    return summary.errors > 0 ? EXIT.problems : EXIT.ok;
  },
});
