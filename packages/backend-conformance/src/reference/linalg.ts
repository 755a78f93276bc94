/** Float64 reference matrix product, batched with NumPy broadcasting of the batch dimensions. */
import { broadcastShape, type Nd, sizeOf, stridesOf, unravel } from './nd';

export function matMul(a: Nd, b: Nd, transposeA = false, transposeB = false): Nd {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, k] = transposeA
    ? [a.shape[ra - 1]!, a.shape[ra - 2]!]
    : [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShape(batchA, batchB)!;
  const as = stridesOf(a.shape);
  const bs = stridesOf(b.shape);
  // element (i, p) of op(a) and (p, j) of op(b), relative to the start of their matrix
  const [aRow, aCol] = transposeA ? [as[ra - 1]!, as[ra - 2]!] : [as[ra - 2]!, as[ra - 1]!];
  const [bRow, bCol] = transposeB ? [bs[rb - 1]!, bs[rb - 2]!] : [bs[rb - 2]!, bs[rb - 1]!];
  const batchOffset = (
    coords: readonly number[],
    shape: readonly number[],
    strides: readonly number[],
  ): number => {
    let off = 0;
    shape.forEach((d, q) => {
      if (d !== 1) off += coords[q + coords.length - shape.length]! * strides[q]!;
    });
    return off;
  };
  const data: number[] = [];
  for (let bi = 0; bi < sizeOf(batch); bi++) {
    const bc = unravel(bi, batch);
    const a0 = batchOffset(bc, batchA, as);
    const b0 = batchOffset(bc, batchB, bs);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++)
          s += a.data[a0 + i * aRow + p * aCol]! * b.data[b0 + p * bRow + j * bCol]!;
        data.push(s);
      }
  }
  return { shape: [...batch, m, n], data };
}
