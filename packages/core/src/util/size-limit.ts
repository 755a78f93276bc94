import { fmtShape, SizeLimitError } from '../errors';
import type { DType } from '../types';
import { bytesPerElement } from './dtype';

/**
 * The most elements one tensor may hold: 2^31 - 1, the range of the int32 flat indices kernels use
 * (and above what a JS typed array or a GPU texture reliably allocates). Ops check their output
 * shapes against it before allocating, so a huge shape is a named error instead of a raw RangeError
 * or an out-of-memory crash.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** Elements of `shape`, computed in floating point so that overflow shows as a huge number. */
function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Throws a `SizeLimitError` naming `op`, the shape, its element count and the limit when a tensor of
 * `shape` would exceed `MAX_TENSOR_ELEMENTS`. Call it before allocating the output.
 */
export function assertAllocatable(op: string, shape: readonly number[], dtype?: DType): void {
  const n = elementCount(shape);
  if (n <= MAX_TENSOR_ELEMENTS) return;
  const bytes = dtype ? `, ${(n * bytesPerElement(dtype)).toExponential(2)} bytes of ${dtype}` : '';
  throw new SizeLimitError(
    `${op}: output shape ${fmtShape(shape)} has ${n.toExponential(2)} elements${bytes}: expected at most ${MAX_TENSOR_ELEMENTS} (MAX_TENSOR_ELEMENTS)`,
  );
}

/**
 * Turns an allocation failure a kernel raised (V8's "Invalid typed array length" / "Array buffer
 * allocation failed" RangeErrors) into a `SizeLimitError` naming the kernel; other errors pass through.
 * The engine applies it to every kernel, so an op whose output shape escaped `assertAllocatable`
 * still fails with a named error on every backend.
 */
export function asAllocationError(kernelName: string, error: unknown): unknown {
  if (
    error instanceof RangeError &&
    /typed array length|allocation failed|Array buffer|Invalid array length/i.test(error.message)
  ) {
    return new SizeLimitError(
      `${kernelName}: could not allocate its output (${error.message}): expected at most ${MAX_TENSOR_ELEMENTS} elements and memory the host can give`,
    );
  }
  return error;
}
