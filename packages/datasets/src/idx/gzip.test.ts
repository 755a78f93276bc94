import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, gunzipIfNeeded, gunzipWithStream, isGzip } from './gzip';

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
