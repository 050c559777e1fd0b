/**
 * Named SHA-256 hashes fed from a shared buffer pool, on worker threads.
 *
 * The image pass needs three hashes over roughly the same 2 GB (every file, the ISO, the image), which on
 * one core costs more than the copy itself. Each worker owns some of the hashes and reads the bytes
 * in place from a SharedArrayBuffer, so a message carries only (key, offset, length); the main thread
 * keeps reading and writing. Steps run in message order per worker, so each digest is of its bytes in
 * order. `InlineHashes` does the same on the calling thread (fallback, and small images).
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { HASH_WORKER_LIMITS } from '../writer/hash-worker';

/** One step: add bytes [o, o+l) of the pool to hash `u`, copy hash `from` to `to`, or finish `digest`. */
export type HashStep = { readonly u: string; readonly o: number; readonly l: number } | { readonly copy: readonly [string, string] } | { readonly digest: string };

export interface HashLane {
  /** Runs the steps in order after all earlier ones; resolves with the digests they asked for. */
  run(steps: readonly HashStep[]): Promise<Record<string, string>>;
  close(): Promise<void>;
}

function apply(memory: Uint8Array, hashes: Map<string, Hash>, steps: readonly HashStep[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of steps) {
    if ('u' in s) {
      let h = hashes.get(s.u);
      if (!h) hashes.set(s.u, (h = createHash('sha256')));
      if (s.l > 0) h.update(memory.subarray(s.o, s.o + s.l));
    } else if ('copy' in s) {
      const from = hashes.get(s.copy[0]) ?? createHash('sha256');
      hashes.set(s.copy[0], from);
      hashes.set(s.copy[1], from.copy());
    } else {
      out[s.digest] = (hashes.get(s.digest) ?? createHash('sha256')).digest('hex');
      hashes.delete(s.digest);
    }
  }
  return out;
}

/** Hashes on the calling thread. */
export class InlineHashes implements HashLane {
  private readonly hashes = new Map<string, Hash>();
  private readonly view: Uint8Array;
  constructor(memory: SharedArrayBuffer | ArrayBuffer) {
    this.view = new Uint8Array(memory);
  }
  async run(steps: readonly HashStep[]): Promise<Record<string, string>> {
    return apply(this.view, this.hashes, steps);
  }
  async close(): Promise<void> {}
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
let memory;
parentPort.on('message', (m) => {
  if (m.memory) { memory = new Uint8Array(m.memory); return; }
  const out = {};
  try {
    for (const s of m.steps) {
      if (s.u !== undefined) {
        let h = hashes.get(s.u);
        if (!h) hashes.set(s.u, (h = createHash('sha256')));
        if (s.l > 0) h.update(memory.subarray(s.o, s.o + s.l));
      } else if (s.copy) {
        const from = hashes.get(s.copy[0]) || createHash('sha256');
        hashes.set(s.copy[0], from);
        hashes.set(s.copy[1], from.copy());
      } else {
        out[s.digest] = (hashes.get(s.digest) || createHash('sha256')).digest('hex');
        hashes.delete(s.digest);
      }
    }
    parentPort.postMessage({ id: m.id, out });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
  }
});
`;

/** Hashes on a worker thread over the shared pool. */
export class WorkerHashes implements HashLane {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: Record<string, string>) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure: Error | undefined;

  constructor(memory: SharedArrayBuffer) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: HASH_WORKER_LIMITS });
    this.worker.unref();
    this.worker.postMessage({ memory });
    this.worker.on('message', (m: { id: number; out?: Record<string, string>; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(`hash worker: ${m.error}`));
      else p?.resolve(m.out ?? {});
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`hash worker stopped (exit ${code})`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  run(steps: readonly HashStep[]): Promise<Record<string, string>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, steps });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
