/**
 * The PNG encoder and the heatmaps: signature, IHDR fields, chunk CRCs, IDAT that inflates to the
 * filtered rows (with node:zlib and as stored blocks), and heatmap pixels from known inputs.
 */
import { inflateSync } from 'node:zlib';
import { tensor } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, heatmapPng, heatmapRgba } from './index';
import { crc32 } from './png';
import { useCpu } from './test-support';

beforeAll(useCpu);

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Splits a PNG into its chunks, checking the signature and every CRC. */
function readPng(bytes: Uint8Array): {
  chunks: Chunk[];
  ihdr: Record<string, number>;
  rows: Uint8Array;
} {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `${type} CRC`).toBe(
      crc32(bytes.subarray(at + 4, at + 8 + length)),
    );
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks[0]!.type).toBe('IHDR');
  expect(chunks[chunks.length - 1]!.type).toBe('IEND');
  const h = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset, 13);
  const ihdr = {
    width: h.getUint32(0),
    height: h.getUint32(4),
    bitDepth: h.getUint8(8),
    colorType: h.getUint8(9),
    compression: h.getUint8(10),
    filter: h.getUint8(11),
    interlace: h.getUint8(12),
  };
  const idat = chunks.filter((c) => c.type === 'IDAT').flatMap((c) => Array.from(c.data));
  return { chunks, ihdr, rows: new Uint8Array(inflateSync(Uint8Array.from(idat))) };
}

describe('encodePng', () => {
  for (const compress of [true, false]) {
    it(`writes a PNG whose IDAT inflates to the filtered rows (${compress ? 'deflated' : 'stored blocks'})`, async () => {
      const width = 300;
      const height = 250; // 250 rows of 901 bytes: more than one 64 KiB stored block
      const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 7) % 256);
      const png = await encodePng({ width, height, channels: 3, pixels }, { compress });
      const { ihdr, rows } = readPng(png);
      expect(ihdr).toEqual({
        width,
        height,
        bitDepth: 8,
        colorType: 2,
        compression: 0,
        filter: 0,
        interlace: 0,
      });
      const expected = new Uint8Array(height * (1 + width * 3)); // filter byte 0, then the row
      for (let y = 0; y < height; y++) {
        expected.set(pixels.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
      }
      expect(Buffer.compare(rows, expected)).toBe(0);
    });
  }

  it('writes grey, grey + alpha and RGBA colour types', async () => {
    for (const [channels, colorType] of [
      [1, 0],
      [2, 4],
      [4, 6],
    ] as const) {
      const png = await encodePng({
        width: 2,
        height: 2,
        channels,
        pixels: new Uint8Array(4 * channels),
      });
      expect(readPng(png).ihdr.colorType).toBe(colorType);
    }
  });

  it('rejects pixel data of the wrong length', async () => {
    await expect(
      encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(5) }),
    ).rejects.toThrow(/5 bytes of pixels for 2×2×3: expected 12/);
  });
});

describe('heatmaps', () => {
  const image = tensor([0, 0.5, 1, 0.25], [2, 2, 1]);
  afterAll(() => image.dispose());

  it('with no attribution show the image in grey', async () => {
    const { rgba, width, height } = await heatmapRgba(image, tensor(new Float32Array(4), [2, 2]));
    expect([width, height]).toEqual([2, 2]);
    expect(Array.from(rgba)).toEqual([
      0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 64, 64, 64, 255,
    ]);
  });

  it('blend the colormap over the image by the attribution’s strength', async () => {
    const attribution = tensor([0, 0, -2, 0], [1, 2, 2, 1]);
    const { rgba } = await heatmapRgba(image, attribution, { alpha: 1, colormap: 'hot' });
    // |a| = 2 is the largest: full 'hot' colour at its top (white) replaces pixel 2.
    expect(Array.from(rgba.subarray(8, 12))).toEqual([255, 255, 255, 255]);
    const signed = await heatmapRgba(image, attribution, { sign: 'signed', alpha: 1 });
    // Negative is the blue end of 'coolwarm'.
    expect(Array.from(signed.rgba.subarray(8, 11))).toEqual([59, 76, 192]);
    const positive = await heatmapRgba(image, attribution, { sign: 'positive' });
    expect(Array.from(positive.rgba.subarray(8, 11))).toEqual([255, 255, 255]); // nothing positive
  });

  it('encode as a PNG, scaled', async () => {
    const attribution = tensor([1, 0, 0, 0], [2, 2]);
    const png = await heatmapPng(image, attribution, { scale: 3 });
    const { ihdr, rows } = readPng(png);
    expect([ihdr.width, ihdr.height, ihdr.colorType]).toEqual([6, 6, 2]);
    expect(rows.length).toBe(6 * (1 + 18));
    expect(Array.from(rows.subarray(1 + 3 * 3, 1 + 3 * 3 + 3))).toEqual([128, 128, 128]); // pixel (0, 3)
  });

  it('reject mismatched shapes', async () => {
    await expect(heatmapRgba(image, tensor(new Float32Array(6), [2, 3]))).rejects.toThrow(
      /differ in height or width/,
    );
    await expect(heatmapRgba(tensor(new Float32Array(8), [2, 2, 2, 1]), image)).rejects.toThrow(
      /expected one image/,
    );
  });
});
