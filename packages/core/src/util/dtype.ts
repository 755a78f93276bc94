import { DTypeError } from '../errors';
import type { DType, DTypeArrayMap, TypedArray } from '../types';

/** Bytes one element of `dtype` occupies on the host. */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** Allocates a zero-filled host array for `size` elements of `dtype`. */
export function allocArray<D extends DType>(dtype: D, size: number): DTypeArrayMap[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as DTypeArrayMap[D];
    case 'int32':
      return new Int32Array(size) as DTypeArrayMap[D];
    case 'bool':
      return new Uint8Array(size) as DTypeArrayMap[D];
    default:
      throw new DTypeError(`unknown dtype '${String(dtype)}': expected float32, int32 or bool`);
  }
}

/** The dtype whose host array is `values`. */
export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  return 'bool';
}

/** Checks that `dtype` is one of Glia's dtypes. */
export function assertDType(op: string, dtype: unknown): asserts dtype is DType {
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    throw new DTypeError(
      `${op}: unknown dtype '${String(dtype)}': expected float32, int32 or bool`,
    );
  }
}

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/** The dtype two operands are promoted to in arithmetic: bool < int32 < float32. */
export function upcastDType(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * The dtype of arithmetic on two operands (the one promotion rule of docs/dtypes.md): the larger of
 * the two by bool < int32 < float32, with bool arithmetic computed in int32 (`true + true = 2`).
 */
export function arithmeticDType(a: DType, b: DType): DType {
  const d = upcastDType(a, b);
  return d === 'bool' ? 'int32' : d;
}

/**
 * Converts one value to what a `dtype` array stores (bools as 0/1, int32 truncated toward zero; to
 * bool, every nonzero value and NaN is true, as NumPy and TF.js).
 */
export function coerceValue(value: number | boolean, dtype: DType): number {
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32') return Math.trunc(v) | 0;
  return v;
}
