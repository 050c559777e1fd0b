/**
 * `sitekit media write|verify|audit|drives` (and `media build`, the boot-bundle builder): write images to
 * sticks with the same writer the app uses, with a progress bar on stderr.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { realpath } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Progress } from '../../ipc/define';
import { EXIT, groupCommand, type CliIO } from '../types';
import { exitFor, fail } from '../exit-codes';
import { formatError, humanBytes, progressPrinter } from '../format';
import type { DriveInfo, StickOutcome, WriteTarget } from '../../core/drives/types';
import { confirmationName, describeDriveFinding, describeOffer, driveSize, offerStatus } from '../../core/drives/constraints';
import { describeStickPlatform } from '../../core/drives/describe';
import { readIdentity } from '../../services/drives/identity';
import { listDrives, loopEnumerator, type DriveEnumerator } from '../../services/drives/drives';
import { isRoot } from '../../services/writer/runner';
import { describeAudit } from '../../services/writer/audit';
import { mediaBuildCommand } from './media-build';
import { mediaInspectCommand } from './media-inspect';

const USAGE = `Usage:
  sitekit media write --image FILE --target DEV|FILE [--target ...] [--sha256 HEX] [--yes] [--unmount] [--no-eject]
      Writes the image to each target (several sticks in parallel), reads every byte back with direct I/O,
      then powers the stick off. A target that is not a /dev path is an image file. Devices need root.
      Without --yes you confirm each device by typing its name. A device with mounted filesystems is written
      only with --unmount (they are listed first, and the output says what was unmounted).
      Exit 0 all verified, 1 a stick differs from the image, 2 a needed confirmation is missing, 4 a write failed.
  sitekit media verify --image FILE --target DEV|FILE
      Reads the target back and compares it with the image. Exit 0 identical, 1 different.
  sitekit media audit --target DEV|FILE [--json]
      Reads a stick written by Sitekit (without mounting it) and checks every file against its manifest.
      Exit 0 intact, 1 modified, 3 not a stick written by Sitekit.
  sitekit media drives [--all] [--json]
      Lists the drives Sitekit would offer, each with whether it is offered and why. --all lists every block
      device of this computer: also system and virtual drives, and devices the drive list leaves out (loop
      devices, optical drives), each with the reason it is not offered.
      Sticks are written and read back on Linux only; on Windows and macOS the list is empty and says so
      (write an image file there). --json prints { drives (each with its offer), imageDir, canWriteDevices, platform }.
  sitekit media inspect ISO [--json]
      What the installer ISO carries: release/build, image profile and driver VIBs from its image database
      (IMGDB.TGZ), "unknown" where it cannot be read (see sitekit media inspect --help).
  sitekit media build SITE ...
      Builds a stick image from an ESXi ISO and a site (see sitekit media build --help).
`;

/** A device path: /dev/… (Linux, macOS) or \\.\PhysicalDriveN (Windows). */
const isDevice = (t: string) => t.startsWith('/dev/') || /^\\\\[.?]\\/.test(t);

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
    options: { image: { type: 'string' }, target: { type: 'string', multiple: true }, sha256: { type: 'string' }, yes: { type: 'boolean' }, unmount: { type: 'boolean' }, 'no-eject': { type: 'boolean' } },
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
  // What the technician confirmed, checked again by the writer's last gate against fresh facts.
  const typedNames: Record<string, string> = {};
  const unsupported = describeStickPlatform(io.services().sticks.platform);
  for (const t of values.target) {
    if (!isDevice(t)) {
      targets.push({ kind: 'file', path: resolve(io.cwd, t) });
      continue;
    }
    if (unsupported) {
      io.err(`error: ${t} was not written. ${unsupported}\nnext: give an image file as --target (e.g. --target stick.img), or build one with sitekit media build SITE --iso ISO --out stick.img.\n`);
      return EXIT.io;
    }
    if (!isRoot()) {
      io.err(`error: writing to ${t} needs administrator rights. Nothing was written.\nnext: run it again with sudo, or write to an image file.\n`);
      return EXIT.io;
    }
    // The identity and the drive list's view of this one device, read side by side.
    const [id, listed] = await Promise.all([readIdentity(t), listDrives({ includeHidden: true, enumerator: enumeratorFor(io), only: await realpath(t).catch(() => t) })]);
    if (!id.ok) return fail(io, id.error);
    const info = listed.ok ? listed.value.find((d) => d.identity.device === id.value.device) : undefined;
    io.err(`target: ${info ? describeDrive(info) : `${t}  ${driveSize(id.value.size)}`}\n`);
    for (const f of info?.findings ?? []) io.err(`  ${f.severity === 'error' ? 'refused' : f.severity === 'confirm' ? 'warning' : 'note'}: ${describeDriveFinding(f)}\n`);
    if (info?.findings.some((f) => f.severity === 'error' && f.code !== 'too-small')) return fail(io, { code: 'rejected', message: `Sitekit will not write to ${t}. Nothing was written.` });
    const mounts = info?.mountpoints ?? [];
    if (mounts.length && !values.unmount) {
      io.err(`error: ${t} has mounted filesystems (${mounts.join(', ')}). Nothing was written.\nnext: close what is open on them, then run it again with --unmount to let Sitekit unmount them.\n`);
      return EXIT.usage;
    }
    if (!values.yes) {
      const name = confirmationName(t);
      try {
        const typed = await ask(io, `All data on ${t} will be erased. Type "${name}" to continue: `);
        if (typed !== name) {
          io.err('Not confirmed. Nothing was written.\n');
          return EXIT.usage;
        }
      } catch {
        io.err(`error: confirm writing to ${t} with --yes (no terminal to ask on).\n`);
        return EXIT.usage;
      }
    }
    typedNames[id.value.device] = confirmationName(id.value.device);
    targets.push({ kind: 'device', identity: id.value });
  }

  const printers = targets.map((t, i) => {
    const label = t.kind === 'device' ? t.identity.device : t.path;
    const print = progressPrinter((s) => io.err(targets.length > 1 ? s.replace(/^(\r?)/, `$1[${i + 1}] `) : s), io.tty && targets.length === 1);
    return { label, print };
  });
  const runtime = io.runtime();
  const jobId = `cli-write-${process.pid}`;
  const onSigint = () => {
    io.err('\ncancelling: the sticks will be left blank (no partition table)…\n');
    void runtime.call('media:cancel', { jobId });
  };
  process.once('SIGINT', onSigint);
  let written: Awaited<ReturnType<typeof runtime.call<'media:write'>>>;
  try {
    // Through the contract, like the app: the write flow records each stick run in the image's site.
    written = await runtime.call(
      'media:write',
      { jobId, items: targets.map((target) => ({ image, target, sha256: values.sha256?.toLowerCase() })), confirm: { typedNames, ...(values.unmount ? { unmount: true } : {}) }, eject: !values['no-eject'] },
      {
        onEvent: (event, payload) => {
          if (event !== 'job:progress') return;
          const p = payload as Progress;
          printers[Number(p.jobId.split('/')[1])]?.print(p);
        },
      },
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (!written.ok) return fail(io, written.error);
  const outcomes: readonly StickOutcome[] = written.value.outcomes;
  let failed = 0;
  for (const o of outcomes) {
    if (o.unmounted?.length) io.out(`${o.target}: unmounted ${o.unmounted.join(', ')} before writing\n`);
    if (o.verified) {
      io.out(`${o.target}: written and verified, ${humanBytes(o.bytes)}, SHA-256 ${o.imageSha256}\n`);
      if (o.eject.status === 'failed') io.out(`  ${o.eject.message}\n`);
      else io.out(`  ${o.eject.status === 'done' ? `ejected (${o.eject.message}); safe to remove` : 'safe to remove'}\n`);
    } else {
      failed++;
      io.err(`${o.target}: ` + formatError(o.error ?? { code: 'internal', message: 'failed' }));
    }
  }
  const rec = written.value.recorded;
  io.out(rec.runs > 0 ? `Recorded: ${rec.runs} stick run${rec.runs === 1 ? '' : 's'} in site ${rec.siteId} (workspace draft).\n` : `Not recorded in a site: ${rec.why}.\n`);
  // A stick that differs from its image is what the check found (1); a write that failed is an I/O failure (4).
  return failed ? Math.max(...outcomes.filter((o) => !o.verified).map((o) => exitFor(o.error ?? { code: 'internal' }))) : EXIT.ok;
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
    if (!id.ok) return fail(io, id.error);
    target = { kind: 'device', identity: id.value };
  } else target = { kind: 'file', path: resolve(io.cwd, values.target) };
  // Through the contract, like every job: the verify flow reads the target back, its progress comes from the one meter.
  const print = progressPrinter(io.err, io.tty);
  const r = await io.runtime().call('media:verify', { jobId: `cli-verify-${process.pid}`, image: resolve(io.cwd, values.image), target }, { onEvent: (event, payload) => event === 'job:progress' && print(payload as Progress) });
  if (!r.ok) return fail(io, r.error);
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
  const runtime = io.runtime();
  const r = await runtime.call('media:audit', { target: isDevice(values.target) ? values.target : resolve(io.cwd, values.target) });
  if (!r.ok) return fail(io, r.error);
  // Which recorded stick run these bytes are (by the image SHA-256), when the site is in the workspace.
  const draft = await runtime.call('site:load', { id: r.value.site.id });
  const run = draft.ok ? draft.value.site.records.media.find((m) => m.imageSha256 === r.value.image.sha256) : undefined;
  if (values.json) io.out(JSON.stringify({ ...r.value, ...(run ? { record: run } : {}) }, null, 2) + '\n');
  else {
    io.out(describeAudit(r.value) + '\n');
    io.out(run ? `Written as: stick run of ${run.at} to ${run.target} in draft ${r.value.site.id}${run.verified ? ', verified' : ', NOT verified'}.\n` : `No stick run with this image SHA-256 is recorded in ${draft.ok ? `draft ${r.value.site.id}` : 'this workspace'}.\n`);
    io.out('siteId' in r.value.recorded ? `This audit is recorded in draft ${r.value.recorded.siteId} (the handover report lists it).\n` : `This audit is not recorded: ${r.value.recorded.why}.\n`);
  }
  return r.value.intact ? EXIT.ok : EXIT.problems;
}

async function drives(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { all: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
  // the same answer the app's drive list gets (drives:list): the drives and what this computer can do with sticks;
  // --all adds every block device the drive list leaves out, with why it is not offered
  const enumerator = enumeratorFor(io);
  const r = await io.services().sticks.list({ includeHidden: values.all, explainUnlisted: values.all, enumerator, listedBy: enumerator ? 'SITEKIT_LOOP_DRIVES' : 'drivelist' });
  if (!r.ok) return fail(io, r.error);
  const statement = describeStickPlatform(r.value.platform);
  if (values.json) io.out(JSON.stringify({ ...r.value, drives: r.value.drives.map((d) => ({ ...d, offer: offerStatus(d.findings) })) }, null, 2) + '\n');
  else if (statement) io.out(`${statement}\nnext: build the stick image as a file (sitekit media build SITE --iso ISO --out stick.img), then flash stick.img.\n`);
  else {
    if (r.value.drives.length === 0) io.out(`No removable drives found. Plug a USB stick in, or write to an image file.${values.all ? '' : ' (--all lists every block device and why it is not offered.)'}\n`);
    // Offered drives first, each with its verdict and every reason.
    const rank = { offered: 0, 'offered-after-confirmation': 1, 'listed-not-writable': 2, 'not-offered': 3 } as const;
    for (const d of [...r.value.drives].sort((a, b) => rank[offerStatus(a.findings)] - rank[offerStatus(b.findings)])) {
      io.out(`${describeDrive(d)}\n  → ${describeOffer(d.findings)}\n`);
      for (const f of d.findings) io.out(`  ${f.severity}: ${describeDriveFinding(f)}\n`);
    }
  }
  return EXIT.ok;
}

export const mediaCommand = groupCommand({
  name: 'media',
  summary: 'Write, verify and audit boot sticks (and build stick images)',
  usage: USAGE,
  subcommands: { write, verify, audit, drives, build: mediaBuildCommand, inspect: mediaInspectCommand },
});

