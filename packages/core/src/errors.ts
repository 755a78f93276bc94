/**
 * Every error Glia throws on purpose is a `GliaError`. Messages name the op, the shapes or dtypes
 * involved, and what was expected, e.g. `matMul: inner dimensions differ: a is [2,3], b is [4,5]`.
 */
export class GliaError extends Error {
  override name = 'GliaError';
}

/** Shapes that do not fit the op (rank, broadcasting, sizes). */
export class ShapeError extends GliaError {
  override name = 'ShapeError';
}

/** A dtype the op does not accept. */
export class DTypeError extends GliaError {
  override name = 'DTypeError';
}

/** A bad attribute or argument value (axis out of range, negative size, non-finite seed, ...). */
export class ValueError extends GliaError {
  override name = 'ValueError';
}

/** A backend could not be found, created or initialised, or lacks what was asked of it. */
export class BackendError extends GliaError {
  override name = 'BackendError';
}

/**
 * A synchronous read (`dataSync`, `arraySync`, `toString`) of a tensor on a backend that computes
 * asynchronously (gpu.js's WebGPU mode): its values exist only after the device finishes, so read
 * them with `await t.data()` or `await t.array()`.
 */
export class SyncReadError extends BackendError {
  override name = 'SyncReadError';
}

/** A tensor was used after `dispose()`. */
export class DisposedError extends GliaError {
  override name = 'DisposedError';
}

/** Formats a shape as `[2,3]` for error messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A tensor the op would create is larger than Glia allocates (see `MAX_TENSOR_ELEMENTS`). */
export class SizeLimitError extends ShapeError {
  override name = 'SizeLimitError';
}
