/**
 * Runs a write job in a separate (privileged) writer process over stdio (see child.ts for the protocol).
 * `launch` starts the process with the given arguments — directly when root, or through the OS's
 * elevation prompt (main/app/elevate.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import type { StickOutcome } from '../../core/drives/types';
import type { WriteRunner } from './runner';
import type { ProgressReport } from '../../core/progress';
import type { WritePhase } from '../../core/drives/types';

export type Launch = (args: readonly string[]) => ChildProcess;

export function childRunner(launch: Launch): WriteRunner {
  return (request, hooks) =>
    new Promise((resolve, reject) => {
      const token = randomBytes(32).toString('hex');
      const child = launch([`--token-sha256=${createHash('sha256').update(token).digest('hex')}`]);
      if (!child.stdin || !child.stdout) return reject(new Error('the writer process has no stdio'));
      const send = (msg: Record<string, unknown>) => child.stdin?.writable && child.stdin.write(JSON.stringify({ token, ...msg }) + '\n');
      send({ request });
      hooks.signal?.addEventListener('abort', () => send({ cancel: true }), { once: true });
      hooks.itemSignals?.forEach((s, i) => s.addEventListener('abort', () => send({ cancel: i }), { once: true }));
      let outcomes: StickOutcome[] | undefined;
      let error: string | undefined;
      let stderr = '';
      child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        let msg: { token?: string; type?: string; index?: number; progress?: ProgressReport<WritePhase>; outcomes?: StickOutcome[]; message?: string };
        try {
          msg = JSON.parse(line);
        } catch {
          return;
        }
        if (msg.type === 'error') error = msg.message;
        if (msg.token !== token) return;
        if (msg.type === 'progress' && msg.progress && msg.index !== undefined) hooks.onProgress?.(msg.index, msg.progress);
        if (msg.type === 'result') {
          outcomes = msg.outcomes;
          child.stdin?.end();
        }
      });
      child.on('error', (e) => reject(e));
      child.on('close', (code) => {
        if (outcomes) resolve(outcomes);
        else reject(new Error(error ?? `the privileged writer exited with code ${code}${stderr ? `: ${stderr.trim()}` : ''}`));
      });
    });
}
