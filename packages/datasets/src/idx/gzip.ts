import { DataFormatError } from '../errors';

/** Whether `bytes` start with the gzip magic number 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

async function gunzipNode(bytes: Uint8Array): Promise<Uint8Array> {
  const zlib = await import('node:zlib');
  return new Promise((resolve, reject) => {
    zlib.gunzip(bytes, (error, result) => {
      if (error) reject(error);
      else resolve(new Uint8Array(result.buffer, result.byteOffset, result.byteLength));
    });
  });
}

/** @internal DecompressionStream, as browsers have it (exported for tests). */
export async function gunzipWithStream(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Decompresses a gzip file: with `node:zlib` in Node (loaded on first use, so browser bundles do not
 * need it), with `DecompressionStream` in browsers. A damaged or truncated stream is a
 * {@link DataFormatError} naming `fileName`.
 *
 * ```ts
 * const idx = parseIdx(await gunzip(bytes, 'train-images-idx3-ubyte.gz'), 'train-images-idx3-ubyte.gz');
 * ```
 */
export async function gunzip(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  if (!isGzip(bytes))
    throw new DataFormatError(
      `${fileName}: not a gzip file: it starts with ${bytes.length < 2 ? `${bytes.length} bytes` : `0x${bytes[0]!.toString(16).padStart(2, '0')} 0x${bytes[1]!.toString(16).padStart(2, '0')}`}, expected 0x1f 0x8b`,
    );
  try {
    if (isNode()) return await gunzipNode(bytes);
    if (typeof DecompressionStream === 'function') return await gunzipWithStream(bytes);
  } catch (e) {
    throw new DataFormatError(
      `${fileName}: damaged gzip stream: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  throw new DataFormatError(
    `${fileName}: cannot decompress gzip here: neither node:zlib nor DecompressionStream is available (decompress the file first)`,
  );
}

/** `bytes` decompressed when they are gzip, else as they are. */
export async function gunzipIfNeeded(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, fileName) : bytes;
}
