import type { DType, Shape, TypedArray } from '../types';

const EDGE = 3;

function fmtValue(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.` : Number(v.toPrecision(6)).toString();
}

/** Renders a tensor like NumPy: nested brackets, long dimensions elided with `...`. */
export function formatTensor(
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  verbose: boolean,
): string {
  const header = `Tensor(shape=[${shape.join(',')}], dtype=${dtype})`;
  const render = (dim: number, offset: number, stride: number, indent: string): string => {
    if (shape.length === 0) return fmtValue(values[0]!, dtype);
    const n = shape[dim]!;
    const inner = n === 0 ? 0 : stride / n;
    const idx =
      n > 2 * EDGE
        ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)]
        : [...Array(n).keys()];
    if (dim === shape.length - 1) {
      return `[${idx.map((i) => (i < 0 ? '...' : fmtValue(values[offset + i]!, dtype))).join(', ')}]`;
    }
    const parts = idx.map((i) =>
      i < 0 ? '...' : render(dim + 1, offset + i * inner, inner, `${indent} `),
    );
    return `[${parts.join(`,\n${indent} `)}]`;
  };
  const size = shape.reduce((a, b) => a * b, 1);
  const body = render(0, 0, size, '  ');
  return verbose ? `${header}\n  ${body}` : `Tensor\n  ${body}`;
}
