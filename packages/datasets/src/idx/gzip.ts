import { checkOptions } from '@glia/core';
import { DataFormatError } from '../errors';
import { idxByteLength } from './parse-idx';

/**
 * The most bytes `gunzip` inflates by default: 256 MiB, five times the largest MNIST file. A gzip
 * bomb (a small file that inflates to gigabytes) stops there instead of exhausting memory.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 256 * 2 ** 20;

/** Options of {@link gunzip}. */
export interface GunzipOptions {
  /** Stop with an error once the output passes this many bytes (default `DEFAULT_MAX_INFLATED_BYTES`). */
  maxBytes?: number;
  /**
   * The exact size the output must have, read from its first bytes (e.g. an IDX header, see
   * `idxByteLength`), or `undefined` while those bytes are not in yet. Inflation stops as soon as
   * the output passes it.
   */
  expectedBytes?: (head: Uint8Array) => number | undefined;
}

const GUNZIP_KEYS = Object.keys({
  maxBytes: true,
  expectedBytes: true,
} satisfies Record<keyof GunzipOptions, true>);

/** Whether `bytes` start with the gzip magic number 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** Thrown inside the inflaters when the output passes its bound; reported by `gunzip`. */
class InflationBound extends Error {}

/**
 * Collects inflated chunks and checks, after each, the bound: `maxBytes`, or the size the first
 * bytes state when `expectedBytes` can read it (and it is smaller).
 */
class BoundedSink {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private stated: number | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly expectedBytes: GunzipOptions['expectedBytes'],
  ) {}

  /** Adds a chunk; throws `InflationBound` once the output is past its bound. */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.stated === undefined && this.expectedBytes)
      this.stated = this.expectedBytes(this.head(1024 + 8));
    if (this.stated !== undefined && this.total > this.stated)
      throw new InflationBound(
        `inflates past the ${this.stated} bytes its header states (stopped at ${this.total})`,
      );
    if (this.total > this.maxBytes)
      throw new InflationBound(
        `inflates past the limit of ${this.maxBytes} bytes (stopped at ${this.total}; raise maxBytes if the file is genuine)`,
      );
  }

  private head(n: number): Uint8Array {
    if (this.chunks[0]!.length >= n || this.chunks.length === 1) return this.chunks[0]!;
    return this.bytes().subarray(0, n);
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

async function gunzipNode(bytes: Uint8Array, sink: BoundedSink): Promise<Uint8Array> {
  const zlib = await import('node:zlib');
  return new Promise((resolve, reject) => {
    const inflater = zlib.createGunzip();
    let failed = false;
    inflater.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        sink.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (e) {
        failed = true;
        inflater.destroy();
        reject(e);
      }
    });
    inflater.on('error', (e) => {
      if (!failed) reject(e);
      failed = true;
    });
    inflater.on('end', () => {
      if (!failed) resolve(sink.bytes());
    });
    inflater.end(bytes);
  });
}

/** @internal DecompressionStream, as browsers have it (exported for tests). */
export async function gunzipWithStream(
  bytes: Uint8Array,
  options: GunzipOptions = {},
): Promise<Uint8Array> {
  const sink = new BoundedSink(
    options.maxBytes ?? DEFAULT_MAX_INFLATED_BYTES,
    options.expectedBytes,
  );
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return sink.bytes();
      sink.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  }
}

/**
 * Decompresses a gzip file: with `node:zlib` in Node (loaded on first use, so browser bundles do not
 * need it), with `DecompressionStream` in browsers. Inflation is bounded: it stops with an error once
 * the output passes `options.maxBytes` (default 256 MiB) or the size its first bytes state
 * (`options.expectedBytes`), so a small file that inflates to gigabytes costs no more than the bound.
 * A damaged or truncated stream, or one past its bound, is a {@link DataFormatError} naming
 * `fileName`.
 *
 * ```ts
 * const raw = await gunzip(bytes, 'train-images-idx3-ubyte.gz', { expectedBytes: idxByteLength });
 * const idx = parseIdx(raw, 'train-images-idx3-ubyte.gz');
 * ```
 */
export async function gunzip(
  bytes: Uint8Array,
  fileName: string,
  options: GunzipOptions = {},
): Promise<Uint8Array> {
  checkOptions(
    'gunzip',
    'gunzip(bytes, fileName, { maxBytes?, expectedBytes? })',
    options,
    GUNZIP_KEYS,
  );
  if (!isGzip(bytes))
    throw new DataFormatError(
      `${fileName}: not a gzip file: it starts with ${bytes.length < 2 ? `${bytes.length} bytes` : `0x${bytes[0]!.toString(16).padStart(2, '0')} 0x${bytes[1]!.toString(16).padStart(2, '0')}`}, expected 0x1f 0x8b`,
    );
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  if (!(Number.isInteger(maxBytes) && maxBytes >= 0))
    throw new DataFormatError(
      `${fileName}: maxBytes must be a non-negative integer, got ${String(maxBytes)}`,
    );
  try {
    if (isNode()) return await gunzipNode(bytes, new BoundedSink(maxBytes, options.expectedBytes));
    if (typeof DecompressionStream === 'function')
      return await gunzipWithStream(bytes, { ...options, maxBytes });
  } catch (e) {
    if (e instanceof InflationBound)
      throw new DataFormatError(`${fileName}: gzip stream ${e.message}`);
    throw new DataFormatError(
      `${fileName}: damaged gzip stream: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  throw new DataFormatError(
    `${fileName}: cannot decompress gzip here: neither node:zlib nor DecompressionStream is available (decompress the file first)`,
  );
}

/**
 * `bytes` decompressed when they are gzip, else as they are. The data is IDX, so inflation stops at
 * the size the IDX header states (and at `maxBytes` in any case).
 */
export async function gunzipIfNeeded(
  bytes: Uint8Array,
  fileName: string,
  options: GunzipOptions = { expectedBytes: idxByteLength },
): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, fileName, options) : bytes;
}
