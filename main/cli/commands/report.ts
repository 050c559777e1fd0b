/** `sitekit report <site.yaml> --format pdf|html|json --out FILE`: the site handover report. */
import { parseArgs } from 'node:util';
import { basename, dirname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { readSiteArg } from '../site-file';
import { SITEKIT_VERSION } from '../../services/version';
import { writeFileAtomic } from '../../services/fs-atomic';
import { ReportService, REPORT_FORMATS, type ReportFormat } from '../../services/report/report-service';
import { chromiumPdfRenderer, type Paper } from '../../services/report/pdf';

const USAGE = `Usage:
  sitekit report SITE [--format pdf|html|json] [--out FILE] [--paper a4|letter]
      Makes the site handover report: hosts and hardware verdicts, network plan, workloads, accepted lint
      findings, Git state, boot media and a BIOS checklist to tick on paper. It never contains passwords,
      hashes, tokens or VM user data.
      --format   pdf, html or json (default: from the --out extension, else html)
      --out      file to write; html and json go to standard output without it, pdf needs it
      --paper    a4 (default) or letter, for pdf
  The PDF is printed by headless Chromium: $SITEKIT_CHROMIUM, /usr/bin/chromium, or chromium/google-chrome
  on PATH. $SOURCE_DATE_EPOCH, when set, fixes the report's date (reproducible output).
  Exit codes: 0 written, 2 usage error, 3 the site file cannot be read, 4 the report could not be made or written.
`;

function reportClock(env: NodeJS.ProcessEnv): () => Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return () => new Date(Number(epoch) * 1000);
  return () => new Date();
}

export const reportCommand = simpleCommand({
  name: 'report',
  summary: 'Make the site handover report as PDF, HTML or JSON',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { format: { type: 'string' }, out: { type: 'string', short: 'o' }, paper: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) {
      io.err(`error: give exactly one SITE (a site.yaml or a draft id).\n\n${USAGE}`);
      return EXIT.usage;
    }
    const fromExt = values.out?.match(/\.(pdf|html|json)$/i)?.[1]?.toLowerCase();
    const format = (values.format ?? fromExt ?? 'html').toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      io.err(`error: --format must be pdf, html or json, not "${values.format}".\n\n${USAGE}`);
      return EXIT.usage;
    }
    const paperArg = (values.paper ?? 'a4').toLowerCase();
    if (paperArg !== 'a4' && paperArg !== 'letter') {
      io.err(`error: --paper must be a4 or letter, not "${values.paper}".\n`);
      return EXIT.usage;
    }
    const paper: Paper = paperArg === 'a4' ? 'A4' : 'Letter';
    if (format === 'pdf' && !values.out) {
      io.err('error: a PDF needs --out FILE (it is not written to a terminal).\n');
      return EXIT.usage;
    }

    const site = await readSiteArg(positionals[0] as string, io);
    if (!site.ok) return fail(io, site.error);
    if (site.value.note) io.err(`note: ${site.value.note}\n`);
    // A draft's report is an export job: written through the export flow and recorded in the draft.
    if ('id' in site.value.ref && values.out) {
      const out = resolve(io.cwd, values.out);
      const name = basename(out).replace(/\.(pdf|html|json)$/i, '');
      const r = await io.runtime().call('report:export', { id: site.value.ref.id, folder: dirname(out), formats: [format as ReportFormat], paper, baseName: name });
      if (!r.ok) return fail(io, r.error);
      const open = r.value.openItems;
      io.err(
        `Wrote ${format.toUpperCase()} report of ${site.value.site.metadata.name} to ${r.value.files[0]?.path}; recorded in draft ${site.value.ref.id}.\n` +
          (open.length ? `${open.length} open item${open.length === 1 ? '' : 's'}:\n${open.map((i) => `  - ${i}`).join('\n')}\n` : 'Ready for handover: no open items.\n'),
      );
      return EXIT.ok;
    }
    const service = new ReportService({
      version: SITEKIT_VERSION,
      now: reportClock(io.env),
      // The list in use (shipped, or a newer one imported into the data folder), as in the app.
      compatList: async () => {
        const r = await io.services().compat.current();
        return r.ok ? r.value.list : undefined;
      },
      pdf: chromiumPdfRenderer({ env: io.env }),
    });
    const rendered = await service.render(site.value.site, format as ReportFormat, paper);
    if (!rendered.ok) return fail(io, rendered.error);
    const { data, report } = rendered.value;
    if (!values.out) {
      io.out(typeof data === 'string' ? data : '');
      return EXIT.ok;
    }
    const out = resolve(io.cwd, values.out);
    try {
      await mkdir(dirname(out), { recursive: true });
      await writeFileAtomic(out, data, { mode: 0o644 });
    } catch (e) {
      return fail(io, { code: 'io-error', message: `Could not write ${out}: ${(e as Error).message}`, hint: 'Choose a folder you can write to.' });
    }
    const open = report.summary.openItems;
    io.err(
      `Wrote ${format.toUpperCase()} report of ${report.site.name} to ${out}.\n` +
        (open.length ? `${open.length} open item${open.length === 1 ? '' : 's'}:\n${open.map((i) => `  - ${i}`).join('\n')}\n` : 'Ready for handover: no open items.\n'),
    );
    return EXIT.ok;
  },
});
