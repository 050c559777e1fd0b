/**
 * Starts the privileged writer (main/services/writer/child.ts, bundled as writer-child.cjs) through the OS's
 * elevation prompt, for one job, and speaks to it with the stdio protocol of child-runner.ts.
 *
 * - Linux: `pkexec` (polkit asks for the password; stdio is passed through, so progress streams live).
 *   pkexec clears the environment, so Electron's "run as Node" switch goes on the command line via env(1).
 * - macOS / Windows: @vscode/sudo-prompt, which cannot stream stdio; the job goes in a 0600 file in a
 *   private folder, progress comes back through an out file we follow, cancel is a marker file.
 * The writer accepts exactly one job whose token hashes to the value on its command line, writes only
 * pinned block devices and exits. The app itself never runs as root (docs/ARCHITECTURE.md "Privileged writer").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { childRunner, type Launch } from '../services/writer/child-runner';
import type { WriteRunner } from '../services/writer/runner';

export interface ElevateOptions {
  /** Absolute path of the bundled writer entry (out/main/writer-child.cjs). */
  readonly childScript: string;
  /** Name shown in the OS prompt. */
  readonly name?: string;
}

const quote = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;

/** Linux: pkexec with stdio passed through. */
function pkexecLaunch(o: ElevateOptions): Launch {
  return (args) =>
    spawn('pkexec', ['--disable-internal-agent', '/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', 'UV_THREADPOOL_SIZE=64', process.execPath, o.childScript, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
}

/**
 * macOS / Windows: sudo-prompt runs the command to completion; we present it as a ChildProcess-like object
 * whose stdin goes to the job file (first line) / cancel marker, and whose stdout follows the out file.
 */
function sudoPromptLaunch(o: ElevateOptions): Launch {
  return (args) => {
    const proc = new EventEmitter() as unknown as ChildProcess;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    Object.assign(proc, { stdin, stdout, stderr: new PassThrough() });
    void (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sitekit-writer-'));
      const jobFile = join(dir, 'job.json');
      const outFile = join(dir, 'out.jsonl');
      const cancelFile = join(dir, 'cancel');
      await writeFile(outFile, '', { mode: 0o600 });
      let first = true;
      let jobWritten: () => void = () => undefined;
      const ready = new Promise<void>((r) => (jobWritten = r));
      stdin.on('data', (d: Buffer) => {
        if (first) {
          first = false;
          void writeFile(jobFile, d, { mode: 0o600 }).then(jobWritten);
        } else if (String(d).includes('"cancel"')) void writeFile(cancelFile, '1');
      });
      await ready;
      let offset = 0;
      const follow = setInterval(async () => {
        const fh = await open(outFile, 'r');
        const { size } = await fh.stat();
        if (size > offset) {
          const buf = Buffer.alloc(size - offset);
          await fh.read(buf, 0, buf.length, offset);
          offset = size;
          stdout.write(buf);
        }
        await fh.close();
      }, 200);
      const sudo = (await import('@vscode/sudo-prompt')) as unknown as { exec: (cmd: string, o: { name: string; env?: Record<string, string> }, cb: (e?: Error) => void) => void };
      const cmd = [quote(process.execPath), quote(o.childScript), ...args.map(quote), quote(`--job-file=${jobFile}`), quote(`--out-file=${outFile}`), quote(`--cancel-file=${cancelFile}`)].join(' ');
      sudo.exec(cmd, { name: o.name ?? 'Sitekit', env: { ELECTRON_RUN_AS_NODE: '1', UV_THREADPOOL_SIZE: '64' } }, async (e) => {
        clearInterval(follow);
        const rest = (await readFile(outFile)).subarray(offset);
        stdout.end(rest);
        await rm(dir, { recursive: true, force: true });
        proc.emit('close', e ? 1 : 0);
      });
    })().catch((e) => proc.emit('error', e));
    return proc;
  };
}

/** The runner the desktop app passes to createServices as `privilegedWriter`. */
export function elevatedWriter(o: ElevateOptions): WriteRunner {
  return childRunner(process.platform === 'linux' ? pkexecLaunch(o) : sudoPromptLaunch(o));
}
