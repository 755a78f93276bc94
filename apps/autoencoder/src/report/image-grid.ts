// Rows of greyscale images tiled into one PNG (e.g. originals, noisy inputs, reconstructions).
import { encodePng } from '@glia/explain';

/** One row of the grid: `count` images of `height`×`width` pixels in [0, 1], one after another. */
export type GridRow = ArrayLike<number>;

/**
 * Tiles `rows` (each holding `columns` images of `height`×`width` values in [0, 1]) into a greyscale
 * PNG with a `gap`-pixel mid-grey border between tiles.
 */
export async function imageGridPng(
  rows: readonly GridRow[],
  options: { columns: number; height: number; width: number; gap?: number },
): Promise<Uint8Array> {
  const { columns, height, width } = options;
  const gap = options.gap ?? 2;
  const gridWidth = columns * width + (columns + 1) * gap;
  const gridHeight = rows.length * height + (rows.length + 1) * gap;
  const pixels = new Uint8Array(gridWidth * gridHeight).fill(128);
  rows.forEach((row, r) => {
    if (row.length < columns * height * width)
      throw new RangeError(
        `imageGridPng: row ${r} has ${row.length} values, expected ${columns * height * width}`,
      );
    for (let c = 0; c < columns; c++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const value = row[c * height * width + y * width + x]!;
          const gy = gap + r * (height + gap) + y;
          const gx = gap + c * (width + gap) + x;
          pixels[gy * gridWidth + gx] = Math.round(255 * Math.min(1, Math.max(0, value)));
        }
      }
    }
  });
  return encodePng({ width: gridWidth, height: gridHeight, channels: 1, pixels });
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23). */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk !== 'IHDR')
    throw new RangeError(`pngDimensions: expected IHDR at byte 12, got '${chunk}'`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
