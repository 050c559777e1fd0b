/**
 * `sitekit media write|verify|audit|drives` (and `media build`, the boot-bundle builder): write images to
 * sticks with the same writer the app uses, with a progress bar on stderr.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EXIT, groupCommand, type CliIO } from '../types';
import { formatError, humanBytes, progressPrinter } from '../format';
import type { DriveInfo, StickOutcome, WriteTarget } from '../../core/drives/types';
import { confirmationName, describeDriveFinding, driveSize } from '../../core/drives/constraints';
import { readIdentity } from '../../services/drives/identity';
import { listDrives, loopEnumerator, type DriveEnumerator } from '../../services/drives/drives';
import { inProcessRunner, isRoot } from '../../services/writer/runner';
import { verifyStick } from '../../services/writer/verify';
import { auditStick, describeAudit } from '../../services/writer/audit';
import { mediaBuildCommand } from './media-build';

const USAGE = `Usage:
  sitekit media write --image FILE --target DEV|FILE [--target ...] [--sha256 HEX] [--yes] [--no-eject]
      Writes the image to each target (several sticks in parallel), reads every byte back with direct I/O,
      then powers the stick off. A target that is not a /dev path is an image file. Devices need root.
      Without --yes you confirm each device by typing its name. Exit 0 all verified, 4 any failed.
  sitekit media verify --image FILE --target DEV|FILE
      Reads the target back and compares it with the image. Exit 0 identical, 1 different.
  sitekit media audit --target DEV|FILE [--json]
      Reads a stick written by Sitekit (without mounting it) and checks every file against its manifest.
      Exit 0 intact, 1 modified.
  sitekit media drives [--all] [--json]
      Lists the drives Sitekit would offer (--all: also system and virtual drives, with the reason).
  sitekit media build ...
      Builds a stick image from an ESXi ISO and a site (see sitekit media build --help).
`;

const isDevice = (t: string) => t.startsWith('/dev/');

/** Loop devices are hidden by drivelist; SITEKIT_LOOP_DRIVES=/dev/loop3,... shows them (tests, demos). */
function enumeratorFor(io: CliIO): DriveEnumerator | undefined {
  const loops = io.env.SITEKIT_LOOP_DRIVES?.split(',').filter(Boolean);
  return loops?.length ? loopEnumerator(() => loops) : undefined;
}

function ask(io: CliIO, prompt: string): Promise<string> {
  if (!io.tty || !process.stdin.isTTY) return Promise.reject(new Error('no terminal'));
  return new Promise((res) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(prompt, (a) => {
      rl.close();
      res(a.trim());
    });
  });
}

function describeDrive(d: DriveInfo): string {
  return `${d.identity.device}  ${driveSize(d.identity.size)}  ${d.bus}  ${d.description}${d.identity.serial ? `  serial ${d.identity.serial}` : ''}`;
}

async function write(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { image: { type: 'string' }, target: { type: 'string', multiple: true }, sha256: { type: 'string' }, yes: { type: 'boolean' }, 'no-eject': { type: 'boolean' } },
    strict: true,
  });
  if (!values.image || !values.target?.length) {
    io.err(`error: --image and --target are required.\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.sha256 && !/^[0-9a-fA-F]{64}$/.test(values.sha256)) {
    io.err('error: --sha256 must be 64 hexadecimal characters.\n');
    return EXIT.usage;
  }
  const image = resolve(io.cwd, values.image);
  const targets: WriteTarget[] = [];
  let confirmLarge = false;
  for (const t of values.target) {
    if (!isDevice(t)) {
      targets.push({ kind: 'file', path: resolve(io.cwd, t) });
      continue;
    }
    if (!isRoot()) {
      io.err(`error: writing to ${t} needs administrator rights. Nothing was written.\nnext: run it again with sudo, or write to an image file.\n`);
      return EXIT.io;
    }
    const id = await readIdentity(t);
    if (!id.ok) {
      io.err(formatError(id.error));
      return EXIT.io;
    }
    const listed = await listDrives({ includeHidden: true, enumerator: enumeratorFor(io) });
    const info = listed.ok ? listed.value.find((d) => d.identity.device === id.value.device) : undefined;
    io.err(`target: ${info ? describeDrive(info) : `${t}  ${driveSize(id.value.size)}`}\n`);
    for (const f of info?.findings ?? []) io.err(`  ${f.severity === 'error' ? 'refused' : f.severity === 'confirm' ? 'warning' : 'note'}: ${describeDriveFinding(f)}\n`);
    if (info?.findings.some((f) => f.severity === 'error' && f.code !== 'too-small')) {
      io.err(`error: Sitekit will not write to ${t}. Nothing was written.\n`);
      return EXIT.io;
    }
    if (!values.yes) {
      const name = confirmationName(t);
      try {
        const typed = await ask(io, `All data on ${t} will be erased. Type "${name}" to continue: `);
        if (typed !== name) {
          io.err('Not confirmed. Nothing was written.\n');
          return EXIT.problems;
        }
      } catch {
        io.err(`error: confirm writing to ${t} with --yes (no terminal to ask on).\n`);
        return EXIT.usage;
      }
    }
    confirmLarge = true;
    targets.push({ kind: 'device', identity: id.value });
  }

  const printers = targets.map((t, i) => {
    const label = t.kind === 'device' ? t.identity.device : t.path;
    const print = progressPrinter((s) => io.err(targets.length > 1 ? s.replace(/^(\r?)/, `$1[${i + 1}] `) : s), io.tty && targets.length === 1);
    return { label, print };
  });
  const ctl = new AbortController();
  const onSigint = () => {
    io.err('\ncancelling: the sticks will be left blank (no partition table)…\n');
    ctl.abort();
  };
  process.once('SIGINT', onSigint);
  let outcomes: StickOutcome[];
  try {
    outcomes = await inProcessRunner(
      { items: targets.map((target) => ({ image, target, sha256: values.sha256?.toLowerCase() })), confirmLarge, eject: !values['no-eject'] },
      { signal: ctl.signal, onProgress: (i, p) => printers[i]?.print({ jobId: String(i), ...p }) },
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
  let failed = 0;
  for (const o of outcomes) {
    if (o.verified) {
      io.out(`${o.target}: written and verified, ${humanBytes(o.bytes)}, SHA-256 ${o.imageSha256}\n`);
      if (o.eject.status === 'failed') io.out(`  ${o.eject.message}\n`);
      else io.out(`  ${o.eject.status === 'done' ? `ejected (${o.eject.message}); safe to remove` : 'safe to remove'}\n`);
    } else {
      failed++;
      io.err(`${o.target}: ` + formatError(o.error ?? { code: 'internal', message: 'failed' }));
    }
  }
  return failed ? EXIT.io : EXIT.ok;
}

async function verify(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { image: { type: 'string' }, target: { type: 'string' } }, strict: true });
  if (!values.image || !values.target) {
    io.err(`error: --image and --target are required.\n\n${USAGE}`);
    return EXIT.usage;
  }
  let target: WriteTarget;
  if (isDevice(values.target)) {
    const id = await readIdentity(values.target);
    if (!id.ok) {
      io.err(formatError(id.error));
      return EXIT.io;
    }
    target = { kind: 'device', identity: id.value };
  } else target = { kind: 'file', path: resolve(io.cwd, values.target) };
  const print = progressPrinter(io.err, io.tty);
  const r = await verifyStick(resolve(io.cwd, values.image), target, (bytes, total) => print({ jobId: 'verify', phase: 'verifying', bytes, total, speed: 0, eta: -1 }));
  if (!r.ok) {
    io.err(formatError(r.error));
    return EXIT.io;
  }
  if (r.value.matches) {
    io.out(`${r.value.target}: identical to the image (SHA-256 ${r.value.imageSha256})\n`);
    return EXIT.ok;
  }
  io.out(`${r.value.target}: differs from the image${r.value.mismatchOffset !== undefined ? ` (first difference at byte ${r.value.mismatchOffset})` : ''}\n`);
  return EXIT.problems;
}

async function audit(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { target: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  if (!values.target) {
    io.err(`error: --target is required.\n\n${USAGE}`);
    return EXIT.usage;
  }
  const r = await auditStick(isDevice(values.target) ? values.target : resolve(io.cwd, values.target));
  if (!r.ok) {
    io.err(formatError(r.error));
    return r.error.code === 'invalid-input' || r.error.code === 'parse-error' ? EXIT.input : EXIT.io;
  }
  io.out(values.json ? JSON.stringify(r.value, null, 2) + '\n' : describeAudit(r.value) + '\n');
  return r.value.intact ? EXIT.ok : EXIT.problems;
}

async function drives(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { all: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
  const r = await listDrives({ includeHidden: values.all, enumerator: enumeratorFor(io) });
  if (!r.ok) {
    io.err(formatError(r.error));
    return EXIT.io;
  }
  if (values.json) io.out(JSON.stringify(r.value, null, 2) + '\n');
  else {
    if (r.value.length === 0) io.out('No removable drives found. Plug a USB stick in, or write to an image file.\n');
    for (const d of r.value) {
      io.out(describeDrive(d) + '\n');
      for (const f of d.findings) io.out(`  ${f.severity}: ${describeDriveFinding(f)}\n`);
    }
  }
  return EXIT.ok;
}

export const mediaCommand = groupCommand({
  name: 'media',
  summary: 'Write, verify and audit boot sticks (and build stick images)',
  usage: USAGE,
  subcommands: { write, verify, audit, drives, build: mediaBuildCommand },
});

