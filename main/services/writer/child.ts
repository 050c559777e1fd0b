/**
 * The privileged writer: a short-lived process started as root (through pkexec / the OS prompt by
 * main/app/elevate.ts, or directly when already root) that takes ONE job over stdio and exits.
 *
 * Protocol, one JSON object per line:
 *   stdin  {"token": T, "request": WriteJobRequest}        the job (first line)
 *          {"token": T, "cancel": true | index}            cancel all sticks, or one
 *   stdout {"token": T, "type": "progress", "index": i, "progress": {...}}
 *          {"token": T, "type": "result", "outcomes": [...]}
 *          {"token": T, "type": "error", "message": "..."}
 * The launcher passes `--token-sha256=<hex>` on the command line; a job whose token does not hash to it is
 * refused, so only the process that started this writer can give it work. The writer opens only pinned
 * block devices (re-checking their identity right before and after opening): image-file targets and
 * anything outside /dev are refused, because a root process must not write files on the user's behalf.
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { z } from 'zod';
import { WriteConfirmationSchema, WriteTargetSchema } from '../../core/drives/schema';
import { inProcessRunner, type WriteJobRequest } from './runner';

// Several sticks, each with several writes in flight plus read-ahead: libuv's default pool of 4 threads
// would let one slow stick's blocked writes hold the others back. Read when the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= '64';
// The writer's memory stays small: the young generation keeps its first size (bin/sitekit.mjs says why).
setFlagsFromString('--semi-space-growth-factor=1');

const Job = z
  .object({
    token: z.string().min(32).max(256),
    request: z
      .object({
        items: z.array(z.object({ image: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), target: WriteTargetSchema }).strict()).min(1).max(16),
        confirm: WriteConfirmationSchema.optional(),
        eject: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

/** Why a job must not run in the privileged writer, or undefined when it may. */
export async function refuseJob(request: WriteJobRequest): Promise<string | undefined> {
  for (const item of request.items) {
    if (item.target.kind !== 'device') return `the privileged writer only writes devices; write image files without it (${item.target.path})`;
    const dev = item.target.identity.device;
    if (!/^\/dev\/[A-Za-z0-9._/-]+$/.test(dev) || dev.includes('..')) return `${dev} is not a device path`;
    const st = await stat(dev).catch(() => undefined);
    if (!st?.isBlockDevice()) return `${dev} is not a block device`;
    const img = await stat(item.image).catch(() => undefined);
    if (!img?.isFile()) return `the image ${item.image} is not a regular file`;
  }
  return undefined;
}

export async function runChild(argv: readonly string[], input: NodeJS.ReadableStream, write: (line: string) => void): Promise<number> {
  const expected = argv.find((a) => a.startsWith('--token-sha256='))?.slice('--token-sha256='.length);
  const lines = createInterface({ input })[Symbol.asyncIterator]();
  const first = await lines.next();
  const say = (token: string, msg: Record<string, unknown>) => write(JSON.stringify({ token, ...msg }) + '\n');
  if (first.done) return 2;
  let parsed;
  try {
    parsed = Job.safeParse(JSON.parse(first.value));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    say('', { type: 'error', message: 'The privileged writer received a malformed job.' });
    return 2;
  }
  const { token, request } = parsed.data;
  if (!expected || createHash('sha256').update(token).digest('hex') !== expected) {
    say('', { type: 'error', message: 'The job token does not match the one this writer was started with; nothing was written.' });
    return 2;
  }
  const refused = await refuseJob(request);
  if (refused) {
    say(token, { type: 'error', message: `The privileged writer refused the job: ${refused}. Nothing was written.` });
    return 2;
  }
  const all = new AbortController();
  const each = request.items.map(() => new AbortController());
  void (async () => {
    for (;;) {
      const next = await lines.next();
      if (next.done) {
        // The app went away: stop, leaving the sticks blank rather than half-written.
        all.abort();
        return;
      }
      try {
        const msg = JSON.parse(next.value) as { token?: string; cancel?: boolean | number };
        if (msg.token !== token) continue;
        if (msg.cancel === true) all.abort();
        else if (typeof msg.cancel === 'number') each[msg.cancel]?.abort();
      } catch {
        /* ignore noise */
      }
    }
  })();
  const outcomes = await inProcessRunner(request, {
    signal: all.signal,
    itemSignals: each.map((c) => c.signal),
    onProgress: (index, progress) => say(token, { type: 'progress', index, progress }),
  });
  say(token, { type: 'result', outcomes });
  return 0;
}

/**
 * File mode, for elevation prompts that cannot pass stdio through (@vscode/sudo-prompt on macOS and
 * Windows): `--job-file=F` replaces stdin, `--out-file=O` replaces stdout (appended line by line), and
 * a `--cancel-file=C` that appears cancels the job. The files live in a private temporary folder.
 */
async function fileMode(argv: readonly string[]): Promise<{ input: NodeJS.ReadableStream; write: (l: string) => void; flush: () => Promise<void> } | undefined> {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const jobFile = arg('job-file');
  const outFile = arg('out-file');
  if (!jobFile || !outFile) return undefined;
  const { readFile, appendFile, access } = await import('node:fs/promises');
  const { PassThrough } = await import('node:stream');
  const input = new PassThrough();
  input.write((await readFile(jobFile, 'utf8')).split('\n')[0] + '\n');
  const cancelFile = arg('cancel-file');
  const tokenLine = JSON.parse((await readFile(jobFile, 'utf8')).split('\n')[0] ?? '{}') as { token?: string };
  if (cancelFile) {
    const timer = setInterval(() => {
      access(cancelFile).then(
        () => {
          input.write(JSON.stringify({ token: tokenLine.token, cancel: true }) + '\n');
          clearInterval(timer);
        },
        () => undefined,
      );
    }, 250);
    timer.unref();
  }
  let chain = Promise.resolve();
  return { input, write: (l) => void (chain = chain.then(() => appendFile(outFile, l, { mode: 0o600 }))), flush: () => chain };
}

// Entry point when run as a program (node writer-child.cjs / tsx child.ts).
const isMain = process.argv[1] && /writer[/\\]child\.(ts|js|cjs|mjs)$|writer-child\.(cjs|mjs|js)$/.test(process.argv[1]);
if (isMain) {
  const argv = process.argv.slice(2);
  fileMode(argv)
    .then(async (files) => {
      const code = await runChild(argv, files?.input ?? process.stdin, files?.write ?? ((l) => process.stdout.write(l)));
      await files?.flush();
      return code;
    })
    .then(
      (code) => process.exit(code),
      (e) => {
        process.stdout.write(JSON.stringify({ token: '', type: 'error', message: `The privileged writer failed: ${(e as Error).message}` }) + '\n');
        process.exit(4);
      },
    );
}
