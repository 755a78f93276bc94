import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_INFLATED_BYTES,
  gunzip,
  gunzipIfNeeded,
  gunzipWithStream,
  isGzip,
} from './gzip';
import { idxByteLength } from './parse-idx';
import { idxHeader } from './test-support';

const text = new TextEncoder().encode('hello, IDX '.repeat(1000));

describe('gunzip', () => {
  it('decompresses gzip (node:zlib in Node)', async () => {
    const gz = new Uint8Array(gzipSync(text));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(text)).toBe(false);
    expect(await gunzip(gz, 'f.gz')).toEqual(text);
  });

  it('decompresses with DecompressionStream, the browser path', async () => {
    const gz = new Uint8Array(gzipSync(text));
    expect(await gunzipWithStream(gz)).toEqual(text);
  });

  it('passes uncompressed bytes through gunzipIfNeeded untouched', async () => {
    expect(await gunzipIfNeeded(text, 'plain')).toBe(text);
  });

  it('a truncated or damaged stream is an error naming the file', async () => {
    const gz = new Uint8Array(gzipSync(text));
    await expect(
      gunzip(gz.subarray(0, gz.length - 20), 'train-images-idx3-ubyte.gz'),
    ).rejects.toThrow(/^train-images-idx3-ubyte.gz: damaged gzip stream: /);
    const flipped = gz.slice();
    flipped[gz.length - 6]! ^= 0xff; // inside the CRC32 / size trailer
    await expect(gunzip(flipped, 'labels.gz')).rejects.toThrow(/^labels.gz: damaged gzip stream/);
  });

  it('bytes without the gzip magic are not gzip', async () => {
    await expect(gunzip(text, 'x.gz')).rejects.toThrow(
      'x.gz: not a gzip file: it starts with 0x68 0x65, expected 0x1f 0x8b',
    );
  });
});

describe('gunzip: bounded inflation', () => {
  it('a gzip bomb behind a valid IDX header stops at the size the header states', async () => {
    // header says 10 x 10 bytes, but 64 MiB of zeros follow: 64 KiB compressed
    const body = new Uint8Array(64 * 2 ** 20);
    body.set(idxHeader([10, 10]));
    const gz = new Uint8Array(gzipSync(body, { level: 9 }));
    expect(gz.length).toBeLessThan(128 * 1024);
    const rss = process.memoryUsage().rss;
    await expect(gunzipIfNeeded(gz, 'bomb-idx1-ubyte.gz')).rejects.toThrow(
      /^bomb-idx1-ubyte.gz: gzip stream inflates past the 112 bytes its header states \(stopped at \d+\)$/,
    );
    // stopped after the first chunk or so, not after 64 MiB
    expect(process.memoryUsage().rss - rss).toBeLessThan(32 * 2 ** 20);
    await expect(gunzipWithStream(gz, { expectedBytes: idxByteLength })).rejects.toThrow(
      /inflates past the 112 bytes its header states/,
    );
  });

  it('every source is capped by maxBytes, whatever its header says', async () => {
    const body = new Uint8Array(4 * 2 ** 20);
    body.set(idxHeader([2 ** 31, 2 ** 31]));
    const gz = new Uint8Array(gzipSync(body));
    await expect(
      gunzip(gz, 'big.gz', { maxBytes: 2 ** 20, expectedBytes: idxByteLength }),
    ).rejects.toThrow(/^big.gz: gzip stream inflates past the limit of 1048576 bytes/);
    await expect(gunzip(gz, 'big.gz', { maxBytes: 2 ** 20 })).rejects.toThrow(
      /limit of 1048576 bytes/,
    );
    expect(DEFAULT_MAX_INFLATED_BYTES).toBe(256 * 2 ** 20);
  });

  it('a file of exactly the stated size inflates whole', async () => {
    const body = new Uint8Array(4 + 8 + 6);
    body.set(idxHeader([2, 3]));
    body.set([1, 2, 3, 4, 5, 6], 12);
    const gz = new Uint8Array(gzipSync(body));
    expect(await gunzipIfNeeded(gz, 'ok.gz')).toEqual(body);
    expect(idxByteLength(body)).toBe(18);
    expect(idxByteLength(body.subarray(0, 7))).toBeUndefined();
  });
});
