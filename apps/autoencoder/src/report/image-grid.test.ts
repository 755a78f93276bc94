import { describe, expect, it } from 'vitest';
import { imageGridPng, pngDimensions } from './image-grid';

describe('imageGridPng', () => {
  it('writes a PNG whose IHDR holds the grid size', async () => {
    const row = new Float32Array(3 * 4 * 5).fill(0.5);
    const png = await imageGridPng([row, row], { columns: 3, height: 4, width: 5, gap: 1 });
    expect(Array.from(png.subarray(0, 8))).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    expect(pngDimensions(png)).toEqual({ width: 3 * 5 + 4, height: 2 * 4 + 3 });
    expect(png[24]).toBe(8); // bit depth
    expect(png[25]).toBe(0); // colour type: grey
  });

  it('rejects a short row', async () => {
    await expect(
      imageGridPng([new Float32Array(3)], { columns: 2, height: 2, width: 2 }),
    ).rejects.toThrow(/row 0 has 3 values, expected 8/);
  });
});
