import type { DType, Shape, TypedArray } from '../types';

/** Turns flat row-major values into nested arrays of `shape` (booleans for bool). */
export function toNested(values: TypedArray, shape: Shape, dtype: DType): unknown {
  const conv = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(values[0]!);
  const build = (dim: number, offset: number, stride: number): unknown[] => {
    const n = shape[dim]!;
    const out = new Array<unknown>(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = conv(values[offset + i]!);
      return out;
    }
    const inner = stride / Math.max(n, 1);
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * inner, inner);
    return out;
  };
  let total = 1;
  for (const d of shape) total *= d;
  return build(0, 0, total);
}
