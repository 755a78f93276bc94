/** The element types a tensor can hold. */
export type DType = 'float32' | 'int32' | 'bool';

/** The typed array that stores each dtype on the host. */
export interface DTypeArrayMap {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any typed array a tensor's values may be read into or written from. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

/** A tensor's shape: one non-negative integer per dimension. */
export type Shape = readonly number[];

/** Nested arrays of numbers or booleans, as accepted by `tensor()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Anything an op accepts where it expects a tensor. */
export type TensorLike = NestedArray | TypedArray;

/**
 * An opaque key for a buffer owned by a backend. The engine reference-counts it; the backend maps it
 * to its own storage.
 */
export interface DataId {
  readonly __dataId: number;
}

/** What a kernel sees of a tensor: its storage key, shape and dtype. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Nested arrays as returned by `Tensor.array()`. */
export type ArrayOf<D extends DType> = D extends 'bool' ? NestedBool : NestedNumber;
export type NestedNumber = number | NestedNumber[];
export type NestedBool = boolean | NestedBool[];
