/**
 * A small PNG encoder (8-bit grey, grey + alpha, RGB or RGBA; filter type 0 on every row). The
 * image data is deflated with `node:zlib` in Node (loaded on first use, so browser bundles do not
 * need it), with `CompressionStream` in browsers, or else written as stored (uncompressed) deflate
 * blocks, which every PNG reader accepts.
 */
import { checkOptions, ValueError } from '@glia/core';

/** Pixels, row by row, `channels` bytes each. */
export interface PngImage {
  width: number;
  height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  pixels: Uint8Array | Uint8ClampedArray;
}

/** `encodePng` settings. */
export interface PngOptions {
  /** false writes stored deflate blocks (larger, no compressor needed); default true. */
  compress?: boolean;
}

const PNG_KEYS = Object.keys({
  compress: true,
} satisfies Record<keyof PngOptions, true>);

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOR_TYPES = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/**
 * The PNG file of `image`.
 *
 * ```ts
 * const bytes = await encodePng({ width: 2, height: 1, channels: 3, pixels: new Uint8Array([255, 0, 0, 0, 0, 255]) });
 * ```
 */
export async function encodePng(image: PngImage, options: PngOptions = {}): Promise<Uint8Array> {
  checkOptions('encodePng', 'encodePng(image, { compress? })', options, PNG_KEYS);
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new ValueError(
      `encodePng: width and height must be positive integers, got ${width}×${height}`,
    );
  }
  if (!(channels in COLOR_TYPES)) {
    throw new ValueError(`encodePng: channels must be 1, 2, 3 or 4, got ${channels}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new ValueError(
      `encodePng: ${pixels.length} bytes of pixels for ${width}×${height}×${channels}: expected ${width * height * channels}`,
    );
  }
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type 0: the row as it is
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPES[channels];
  // compression method 0, filter method 0, no interlace: bytes 10-12 stay 0
  const data = options.compress === false ? zlibStored(raw) : await zlibDeflate(raw);
  return concat([
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', data),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

async function zlibDeflate(raw: Uint8Array): Promise<Uint8Array> {
  if (isNode()) {
    const zlib = await import('node:zlib');
    const out = zlib.deflateSync(raw);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  if (typeof CompressionStream === 'function') {
    const stream = new Blob([raw as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new CompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return zlibStored(raw);
}

/** A zlib stream of stored deflate blocks (no compression): header, blocks, Adler-32. */
export function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78; // deflate, 32K window
  out[1] = 0x01; // no preset dictionary, fastest; (0x78 << 8 | 0x01) % 31 === 0
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    out[at] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00
    out[at + 1] = part.length & 0xff;
    out[at + 2] = part.length >>> 8;
    out[at + 3] = ~part.length & 0xff;
    out[at + 4] = (~part.length >>> 8) & 0xff;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  new DataView(out.buffer).setUint32(at, adler32(raw));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 PNG puts after each chunk (over its type and data). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
