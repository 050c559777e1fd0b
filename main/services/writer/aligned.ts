/**
 * Page-aligned buffers for direct I/O.
 *
 * O_DIRECT needs the buffer's address aligned to the device's logical block size. Node's `Buffer.alloc`
 * gives no such guarantee (a 4 MiB Buffer was measured to fail with EINVAL here), but the backing store of a
 * `WebAssembly.Memory` is an mmap'd region and so always starts on a page boundary. We carve fixed-size
 * slots out of one such memory; each slot's offset is a multiple of 64 KiB (a Wasm page), so every slot is
 * page-aligned as well. `isAligned` lets callers (and tests) check this empirically.
 */

const WASM_PAGE = 65536;

/** The one WebAssembly API we use (main's tsconfig has no DOM lib, where its types live). */
const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBuffer | SharedArrayBuffer } } }).WebAssembly;

/** A fixed pool of equally sized, page-aligned buffers with an async acquire. */
export class AlignedPool {
  private readonly free: Buffer[] = [];
  private readonly waiters: ((b: Buffer) => void)[] = [];
  readonly slotBytes: number;
  /** The memory behind every slot: a SharedArrayBuffer, so a worker thread can hash slots in place. */
  readonly memory: SharedArrayBuffer;

  constructor(slotBytes: number, count: number) {
    this.slotBytes = Math.ceil(slotBytes / WASM_PAGE) * WASM_PAGE;
    this.memory = alignedSharedMemory(this.slotBytes * count);
    for (let i = 0; i < count; i++) this.free.push(Buffer.from(this.memory, i * this.slotBytes, this.slotBytes));
  }

  /** Resolves with a free buffer, waiting for one to be released when all are in use. */
  acquire(): Promise<Buffer> {
    const b = this.free.pop();
    if (b) return Promise.resolve(b);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(b: Buffer): void {
    const w = this.waiters.shift();
    if (w) w(b);
    else this.free.push(b);
  }
}

/** One page-aligned buffer of `bytes` (rounded up to 64 KiB) holding zeros, for one-off direct reads and writes. */
export function alignedBuffer(bytes: number): Buffer {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  return Buffer.from(new Memory({ initial: pages, maximum: pages }).buffer as ArrayBuffer, 0, bytes);
}

/** A page-aligned SharedArrayBuffer of `bytes` (rounded up to 64 KiB): buffers for direct I/O that worker threads can read. */
export function alignedSharedMemory(bytes: number): SharedArrayBuffer {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  return new Memory({ initial: pages, maximum: pages, shared: true }).buffer as SharedArrayBuffer;
}

