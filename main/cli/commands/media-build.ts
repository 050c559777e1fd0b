/**
 * `sitekit media build SITE --iso FILE --out stick.img [--host NAME|--all-hosts] [--scheme mbr|mbr-ef|gpt]`:
 * the boot stick as an image file (for VMs, or to write with `sitekit media write` or any other tool).
 * The `media` command group (commands/media.ts) routes `build` here.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMediaFinding } from '../../core/media/findings';
import { checkPassword } from '../../core/media/password';
import { humanBytes, progressPrinter } from '../format';
import { readSiteArg } from '../site-file';
import type { Progress } from '../../ipc/define';
import { describeDriverAnswer } from '../../core/media/drivers';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';

const USAGE = `Usage:
  sitekit media build SITE --iso FILE --out stick.img [--host NAME | --all-hosts] [--scheme mbr|mbr-ef|gpt]
      Builds the boot stick image: the installer ISO's files byte for byte on FAT32 in one partition at
      1 MiB, /KS.CFG for the host, ks=usb:/KS.CFG in both BOOT.CFG files, and /SITEKIT/MANIFEST.JSON.
      The image is written to a temporary name and renamed when complete.
      --iso FILE          the ESXi / ECS installer ISO
      --out FILE          the image file to write
      --host NAME         the host to install (default: the only host of a one-node site)
      --all-hosts         one stick for every host; each picks its settings by its MAC address
      --scheme S          mbr (type 0x0C, default), mbr-ef (type 0xEF) or gpt (EFI System Partition)
      --iso-sha256 HEX    the published checksum: the build stops if the ISO does not match
      --stick-size SIZE   refuse when the image would not fit a stick of this size (e.g. 8GB, 16000000000)
      --report FILE       an HTML site report to keep in the manifest (default: Sitekit's report of the site)
      --no-report         keep no report in the manifest
      --override-missing-driver
                          build although the ISO lacks a driver a host's management or only uplink needs;
                          recorded with the stick run and listed as an open item in the report
  SITE is a site.yaml path or the id of a draft in the workspace (sitekit site list). The hardware check
  runs on the site as it is now and its required actions are applied (kernel options in both BOOT.CFG
  files, module settings, drivers); an action that cannot be applied stops the build.
  The root password comes from $SITEKIT_ROOT_PASSWORD, or is asked for (twice) on the terminal. It is
  checked against ESXi's rules and stored on the stick only as a $6$ SHA-512 crypt hash.
  Exit codes: 0 built, 1 the check found problems (a host it rejects, a driver missing), 2 usage error,
  3 the site file, ISO, checksum or password cannot be used, 4 reading or writing failed.
`;

/** Parses "8GB", "7.5GiB", "16000000000". */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const pow = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0] as 'b' | 'k' | 'm' | 'g' | 't'];
  const base = unit.includes('i') ? 1024 : 1000;
  return Math.floor(Number(m[1]) * base ** pow);
}

async function rootPassword(io: CliIO): Promise<{ ok: true; value: string } | { ok: false; message: string }> {
  const env = io.env.SITEKIT_ROOT_PASSWORD;
  if (env !== undefined && env !== '') return { ok: true, value: env };
  try {
    const a = await io.readSecret('Root password for the ESXi hosts: ');
    const b = await io.readSecret('Type it again: ');
    if (a !== b) return { ok: false, message: 'the two passwords differ' };
    return { ok: true, value: a };
  } catch {
    return { ok: false, message: 'no terminal to ask for the root password; set SITEKIT_ROOT_PASSWORD' };
  }
}

/** The `media build` subcommand; `run` gets the arguments after `media build`. */
export const mediaBuildCommand = simpleCommand({
  name: 'build',
  summary: 'Build the boot stick image file from the installer ISO',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        iso: { type: 'string' },
        out: { type: 'string', short: 'o' },
        host: { type: 'string' },
        'all-hosts': { type: 'boolean' },
        scheme: { type: 'string' },
        'iso-sha256': { type: 'string' },
        'stick-size': { type: 'string' },
        report: { type: 'string' },
        'no-report': { type: 'boolean' },
        'override-missing-driver': { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const usage = (msg: string) => {
      io.err(`error: ${msg}\n\n${USAGE}`);
      return EXIT.usage;
    };
    if (positionals.length !== 1) return usage('give exactly one site.yaml.');
    if (!values.iso) return usage('--iso FILE is required.');
    if (!values.out) return usage('--out FILE is required.');
    if (values.host && values['all-hosts']) return usage('use --host NAME or --all-hosts, not both.');
    if (values.report && values['no-report']) return usage('use --report FILE or --no-report, not both.');
    const scheme = values.scheme ?? 'mbr';
    if (scheme !== 'mbr' && scheme !== 'mbr-ef' && scheme !== 'gpt') return usage(`--scheme must be mbr, mbr-ef or gpt, not "${scheme}".`);
    let targetBytes: number | undefined;
    if (values['stick-size'] !== undefined) {
      targetBytes = parseSize(values['stick-size']);
      if (!targetBytes) return usage(`--stick-size "${values['stick-size']}" is not a size such as 8GB.`);
    }

    const site = await readSiteArg(positionals[0]!, io);
    if (!site.ok) return fail(io, site.error);
    if (site.value.note) io.err(`note: ${site.value.note}\n`);
    const pw = await rootPassword(io);
    if (!pw.ok) return fail(io, { code: 'invalid-request', message: `${pw.message[0]!.toUpperCase()}${pw.message.slice(1)}; nothing was built.`, hint: 'Set SITEKIT_ROOT_PASSWORD in the environment, or run the command in a terminal and type the password twice.' });
    const pwCheck = checkPassword(pw.value);
    if (!pwCheck.ok) return fail(io, pwCheck.error);
    const isoPath = resolve(io.cwd, values.iso);
    const runtime = io.runtime();
    const progress = progressPrinter(io.err, io.tty);
    const onEvent = (event: string, payload: unknown): void => {
      if (event === 'job:progress') progress(payload as Progress);
    };
    // The report kept in the manifest: the one given, or Sitekit's own for this site.
    let reportHtml: string | undefined;
    if (values.report) {
      try {
        reportHtml = await readFile(resolve(io.cwd, values.report), 'utf8');
      } catch (e) {
        return fail(io, { code: 'not-found', message: `Cannot read the report ${values.report}: ${(e as Error).message}.` });
      }
    }
    const r = await runtime.call(
      'media:build',
      {
        ...site.value.ref,
        iso: isoPath,
        out: resolve(io.cwd, values.out),
        ...(values['all-hosts'] ? { allHosts: true } : values.host ? { host: values.host } : {}),
        password: pw.value,
        scheme,
        ...(targetBytes ? { targetBytes } : {}),
        ...(values['iso-sha256'] !== undefined ? { publishedSha256: values['iso-sha256'] } : {}),
        ...(reportHtml !== undefined ? { reportHtml } : {}),
        ...(values['no-report'] ? { includeReport: false } : {}),
        ...(values['override-missing-driver'] ? { driverOverride: true } : {}),
      },
      { onEvent },
    );
    if (!r.ok) return fail(io, r.error);
    const v = r.value;
    const lines = [
      `Image:        ${v.path}`,
      `Size:         ${humanBytes(v.size)} (${v.size} bytes), partition ${v.plan.scheme} at 1 MiB, ${v.plan.fileCount} files`,
      `Image SHA-256: ${v.sha256}  (sha256sum of the image file)`,
      `ISO:          ${v.isoName} SHA-256 ${v.isoSha256}${v.isoChecksumMatched ? ' (matches the published checksum)' : ''}${v.installer.build ? `, build ${v.installer.build}` : ''}${v.installer.sample ? ' — Sitekit\'s SAMPLE ISO, not ESXi' : ''}`,
      `Checked:      compatibility list ${v.compatListVersion}; the hardware check ran on the site as it is now`,
      ...v.installNics.map((i) => `Install NIC:  ${i.host}: ${i.text}`),
      ...v.plan.hosts.map((h) => `Host:         ${h.name}${h.mac ? ` (${h.mac})` : ''}: ${h.network}`),
      ...v.plan.bootCfgEdits.map((e) => `Edited:       ${e.path}: kernelopt=${e.after}`),
      ...v.drivers.map((d) => `Drivers:      ${describeDriverAnswer(d)}`),
      ...v.carried.filter((c) => c.driverOverride).map((c) => `OVERRIDE:     ${c.host}: built without a driver it needs (recorded with the stick run; an open item in the report)`),
      ...v.plan.warnings.map((w) => `Note:         ${describeMediaFinding(w)}`),
      `Next:         sitekit media write --image ${values.out} --target /dev/sdX --sha256 ${v.sha256}`,
    ];
    io.out(lines.join('\n') + '\n');
    return EXIT.ok;
  },
});
