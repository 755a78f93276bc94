import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

/**
 * batchMatMul: a [batch, m, k] times b [batch, k, n] (after the optional transposes, which are read
 * through the element accessors rather than materialised) -> [batch, m, n]. The textbook triple loop.
 */
export function matMulKernels(storage: PlainStorage): KernelFamily<'batchMatMul'> {
  return {
    batchMatMul: ({ a, b }, { transposeA, transposeB }) => {
      const [batch, aRows, aCols] = a.shape as [number, number, number];
      const [, bRows, bCols] = b.shape as [number, number, number];
      const m = transposeA ? aCols : aRows;
      const k = transposeA ? aRows : aCols;
      const n = transposeB ? bRows : bCols;
      const aValues = storage.read(a.dataId);
      const bValues = storage.read(b.dataId);
      // Element (row, col) of the (possibly transposed) matrix `index` of the batch.
      const aAt = (index: number, row: number, col: number) =>
        aValues[index * aRows * aCols + (transposeA ? col * aCols + row : row * aCols + col)]!;
      const bAt = (index: number, row: number, col: number) =>
        bValues[index * bRows * bCols + (transposeB ? col * bCols + row : row * bCols + col)]!;
      const int32 = a.dtype === 'int32';
      const output = arrayFor(a.dtype, batch * m * n);
      for (let index = 0; index < batch; index++) {
        for (let row = 0; row < m; row++) {
          for (let col = 0; col < n; col++) {
            let total = 0;
            for (let j = 0; j < k; j++) {
              const x = aAt(index, row, j);
              const y = bAt(index, j, col);
              // int32 products and sums wrap like 32-bit integers.
              total = int32 ? (total + Math.imul(x, y)) | 0 : total + x * y;
            }
            output[(index * m + row) * n + col] = total;
          }
        }
      }
      return storage.adopt(output, [batch, m, n], a.dtype);
    },
  };
}
