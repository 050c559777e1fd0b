/**
 * What the writer writes: a sized stream of bytes. The boot-bundle builder produces these in memory
 * (main/services/media); an image file on disk becomes one with `openImageFile`, which can also be read at
 * random offsets so the writer reads straight into its aligned buffers and the verifier can locate a
 * mismatch byte by byte.
 */
import { open, stat } from 'node:fs/promises';

/** A sized image stream. `stream()` may be called more than once (one call per target stick). */
export interface ImageSource {
  readonly size: number;
  /** A label for messages: the file name or "stick image for host X". */
  readonly name?: string;
  /** The image's SHA-256 when known before writing (the builder computes it); verification then checks against it. */
  readonly sha256?: string;
  stream(): AsyncIterable<Uint8Array>;
  /** Optional random access: fills `buf` from `position`, resolves with the bytes read (0 at the end). */
  read?(buf: Uint8Array, position: number): Promise<number>;
  close?(): Promise<void>;
}

/** Opens an image file as an ImageSource; the caller closes it. */
export async function openImageFile(path: string): Promise<ImageSource> {
  const st = await stat(path);
  if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EISDIR' });
  const fh = await open(path, 'r');
  const size = st.size;
  const read = async (buf: Uint8Array, position: number): Promise<number> => {
    let done = 0;
    while (done < buf.length && position + done < size) {
      const { bytesRead } = await fh.read(buf, done, Math.min(buf.length - done, size - position - done), position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  };
  return {
    size,
    name: path,
    read,
    async *stream() {
      const chunk = new Uint8Array(4 << 20);
      for (let pos = 0; pos < size; ) {
        const n = await read(chunk, pos);
        if (n === 0) break;
        yield chunk.slice(0, n);
        pos += n;
      }
    },
    close: () => fh.close(),
  };
}

/** An ImageSource over bytes in memory (tests, small generated images). */
export function memoryImage(bytes: Uint8Array, name = 'image in memory'): ImageSource {
  return {
    size: bytes.length,
    name,
    async read(buf, position) {
      const n = Math.max(0, Math.min(buf.length, bytes.length - position));
      buf.set(bytes.subarray(position, position + n));
      return n;
    },
    async *stream() {
      for (let pos = 0; pos < bytes.length; pos += 1 << 20) yield bytes.subarray(pos, Math.min(bytes.length, pos + (1 << 20)));
    },
  };
}

/**
 * Adapts any ImageSource to "fill this buffer with the next bytes", whether it has random access or only
 * a stream. Stream chunks of any size are copied into the caller's (aligned) buffer.
 */
export function sequentialReader(source: ImageSource): (buf: Uint8Array, position: number) => Promise<number> {
  if (source.read) return (buf, position) => source.read!(buf, position);
  const it = source.stream()[Symbol.asyncIterator]();
  let pending: Uint8Array | undefined;
  let ended = false;
  return async (buf) => {
    let filled = 0;
    while (filled < buf.length) {
      if (!pending || pending.length === 0) {
        if (ended) break;
        const next = await it.next();
        if (next.done) {
          ended = true;
          break;
        }
        pending = next.value;
        continue;
      }
      const n = Math.min(pending.length, buf.length - filled);
      buf.set(pending.subarray(0, n), filled);
      pending = pending.subarray(n);
      filled += n;
    }
    return filled;
  };
}
