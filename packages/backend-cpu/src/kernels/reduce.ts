import {
  allocArray,
  type DType,
  fmtShape,
  type ReductionKernelName,
  type Shape,
  stridesOf,
  type TensorInfo,
  type TypedArray,
  ValueError,
} from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { splitAtAxis, stridedCopy } from './strided-iteration';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The input laid out so each output element reduces one contiguous run of `reduceSize` values. */
export interface ReductionLayout {
  values: TypedArray;
  outShape: number[];
  outSize: number;
  reduceSize: number;
}

/**
 * Moves the reduced axes last (a strided copy, skipped when they already are), so a reduction is a
 * loop over contiguous runs.
 */
export function reductionLayout(
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  axes: readonly number[],
): ReductionLayout {
  const kept: number[] = [];
  const outShape: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!axes.includes(d)) {
      kept.push(d);
      outShape.push(shape[d]!);
    }
  }
  let reduceSize = 1;
  for (const a of axes) reduceSize *= shape[a]!;
  let outSize = 1;
  for (const d of outShape) outSize *= d;
  const trailing = axes.every((a, i) => a === shape.length - axes.length + i);
  if (trailing) return { values, outShape, outSize, reduceSize };
  const perm = [...kept, ...axes];
  const strides = stridesOf(shape);
  const permuted = allocArray(dtype, values.length);
  stridedCopy(
    values,
    permuted,
    perm.map((p) => shape[p]!),
    perm.map((p) => strides[p]!),
    0,
  );
  return { values: permuted, outShape, outSize, reduceSize };
}

type RunReducer = (values: TypedArray, start: number, end: number) => number;

/** A float32 input seen as `rows` rows of `width`, reduced to one row of `outShape`. */
export interface LeadingRows {
  rows: number;
  width: number;
  outShape: number[];
}

/**
 * The rows of a float32 `x` when `axes` (sorted) are its leading axes and leave some behind: then a
 * sum or mean adds whole rows, with no transposing copy (a bias gradient: [N, H, W, C] -> [C]).
 * Null otherwise.
 */
export function leadingRows(x: TensorInfo, axes: readonly number[]): LeadingRows | null {
  if (x.dtype !== 'float32' || axes.length >= x.shape.length || axes.some((a, i) => a !== i))
    return null;
  let rows = 1;
  for (const a of axes) rows *= x.shape[a]!;
  const outShape = x.shape.slice(axes.length);
  let width = 1;
  for (const d of outShape) width *= d;
  return { rows, width, outShape };
}

/**
 * Σ over the leading axes of float32 `values` as `rows` rows of `width`, in float64, / `divisor`
 * (kernels.wat's sumRows adds in the same order: the same bits).
 */
function sumRows(values: Float32Array, rows: number, width: number, divisor: number): Float32Array {
  const acc = new Float64Array(width);
  for (let r = 0, base = 0; r < rows; r++, base += width) {
    for (let j = 0; j < width; j++) acc[j] += values[base + j]!;
  }
  const out = new Float32Array(width);
  for (let j = 0; j < width; j++) out[j] = acc[j]! / divisor;
  return out;
}

/**
 * Maximum (`sign` 1) or minimum (`sign` -1) of a run, NaN if any is NaN: comparing `sign·v` keeps
 * one loop for both and is exact, ±0 and infinities included.
 */
function runExtreme(
  values: TypedArray,
  start: number,
  end: number,
  empty: number,
  sign: 1 | -1,
): number {
  let m = empty;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (sign * v > sign * m) m = v;
  }
  return m;
}

/** Maximum of a run, NaN if any is NaN. */
function runMax(values: TypedArray, start: number, end: number, empty: number): number {
  return runExtreme(values, start, end, empty, 1);
}

/** log(Σ exp(v)) shifted by the maximum; -Infinity for an empty or all -Infinity run. */
function runLogSumExp(values: TypedArray, start: number, end: number): number {
  const m = runMax(values, start, end, Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let i = start; i < end; i++) s += Math.exp(values[i]! - m);
  return m + Math.log(s);
}

/** Index within the run of its first maximum (or minimum); the first NaN wins, as in NumPy. */
function runArgExtreme(
  values: TypedArray,
  start: number,
  stride: number,
  count: number,
  wantMax: boolean,
): number {
  let best = values[start]!;
  let bestIndex = 0;
  if (Number.isNaN(best)) return 0;
  for (let k = 1, i = start + stride; k < count; k++, i += stride) {
    const v = values[i]!;
    if (Number.isNaN(v)) return k;
    if (wantMax ? v > best : v < best) {
      best = v;
      bestIndex = k;
    }
  }
  return bestIndex;
}

/** Reductions: float sums accumulate in float64; int32 sums and products wrap; max/min propagate NaN. */
export function reduceKernels(storage: CpuStorage): KernelFamily<ReductionKernelName> {
  /** A reduction whose output dtype is `outDType` (default: the input's). */
  const reduction =
    (run: (dtype: DType) => RunReducer, outDType?: DType) =>
    ({ x }: { x: TensorInfo }, { axes }: { axes: number[] }): TensorInfo => {
      const layout = reductionLayout(storage.values(x), x.shape, x.dtype, axes);
      const dtype = outDType ?? x.dtype;
      const out = allocArray(dtype, layout.outSize);
      const reducer = run(x.dtype);
      const n = layout.reduceSize;
      for (let o = 0; o < layout.outSize; o++) out[o] = reducer(layout.values, o * n, o * n + n);
      return storage.output(out, layout.outShape, dtype);
    };

  const argReduction =
    (wantMax: boolean, name: string) =>
    ({ x }: { x: TensorInfo }, { axis }: { axis: number }): TensorInfo => {
      const values = storage.values(x);
      const { outer, size, inner } = splitAtAxis(x.shape, axis);
      const outShape = x.shape.filter((_, d) => d !== axis);
      const out = allocArray('int32', outer * inner);
      if (size === 0 && out.length > 0) {
        throw new ValueError(
          `${name}: axis ${axis} of x ${fmtShape(x.shape)} is empty: there is no ${wantMax ? 'maximum' : 'minimum'} to index`,
        );
      }
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < inner; j++)
          out[o * inner + j] = runArgExtreme(values, o * size * inner + j, inner, size, wantMax);
      }
      return storage.output(out, outShape, 'int32');
    };

  /** sum or mean over leading axes of a float32 input as row sums, else the general reduction. */
  const rowReduction =
    (general: ReturnType<typeof reduction>, mean: boolean) =>
    (inputs: { x: TensorInfo }, attrs: { axes: number[] }): TensorInfo => {
      const rows = leadingRows(inputs.x, attrs.axes);
      if (rows === null) return general(inputs, attrs);
      const values = storage.values(inputs.x) as Float32Array;
      const out = sumRows(values, rows.rows, rows.width, mean ? rows.rows : 1);
      return storage.output(out, rows.outShape, 'float32');
    };

  const sum = reduction((dtype) =>
    dtype === 'float32'
      ? (v, s, e) => {
          let acc = 0;
          for (let i = s; i < e; i++) acc += v[i]!;
          return acc;
        }
      : (v, s, e) => {
          let acc = 0;
          for (let i = s; i < e; i++) acc = (acc + v[i]!) | 0;
          return acc;
        },
  );
  const mean = reduction(
    () => (v, s, e) => {
      let acc = 0;
      for (let i = s; i < e; i++) acc += v[i]!;
      return acc / (e - s);
    },
    'float32',
  );

  return {
    sum: rowReduction(sum, false),
    prod: reduction((dtype) =>
      dtype === 'float32'
        ? (v, s, e) => {
            let acc = 1;
            for (let i = s; i < e; i++) acc *= v[i]!;
            return acc;
          }
        : (v, s, e) => {
            let acc = 1;
            for (let i = s; i < e; i++) acc = Math.imul(acc, v[i]!);
            return acc;
          },
    ),
    max: reduction((dtype) => {
      const empty = dtype === 'float32' ? Number.NEGATIVE_INFINITY : INT32_MIN;
      return (v, s, e) => runMax(v, s, e, empty);
    }),
    min: reduction((dtype) => {
      const empty = dtype === 'float32' ? Number.POSITIVE_INFINITY : INT32_MAX;
      return (v, s, e) => runExtreme(v, s, e, empty, -1);
    }),
    all: reduction(
      () => (v, s, e) => {
        for (let i = s; i < e; i++) if (v[i] === 0) return 0;
        return 1;
      },
      'bool',
    ),
    any: reduction(
      () => (v, s, e) => {
        for (let i = s; i < e; i++) if (v[i] !== 0) return 1;
        return 0;
      },
      'bool',
    ),
    argMax: argReduction(true, 'argMax'),
    argMin: argReduction(false, 'argMin'),
    mean: rowReduction(mean, true),
    logSumExp: reduction(() => runLogSumExp, 'float32'),
    moments: ({ x }, { axes }) => {
      const layout = reductionLayout(storage.values(x), x.shape, x.dtype, axes);
      const mean = allocArray('float32', layout.outSize);
      const variance = allocArray('float32', layout.outSize);
      const n = layout.reduceSize;
      const v = layout.values;
      for (let o = 0; o < layout.outSize; o++) {
        // Two passes in float64: the textbook E[x²] - E[x]² cancels badly.
        let sum = 0;
        for (let i = o * n; i < o * n + n; i++) sum += v[i]!;
        const m = sum / n;
        let squares = 0;
        for (let i = o * n; i < o * n + n; i++) squares += (v[i]! - m) * (v[i]! - m);
        mean[o] = m;
        variance[o] = squares / n;
      }
      return [
        storage.output(mean, layout.outShape, 'float32'),
        storage.output(variance, layout.outShape, 'float32'),
      ];
    },
  };
}
