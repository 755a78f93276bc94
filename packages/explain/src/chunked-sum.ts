import { add, type Tensor, tidy, zeros } from '@glia/core';
import { positiveInt } from './checks';

/** How `sumInChunks` splits its items across model calls. */
export interface Chunking {
  /** The attribution, named in errors. */
  method: string;
  /** How many items (path points, noisy copies, patches) to sum. */
  count: number;
  /** The model rows each item adds to a call (the number of examples). */
  rowsPerItem: number;
  /**
   * The most rows per model call, as the caller's options give it: a positive integer, default 128.
   * A call takes at least one item.
   */
  batchSize: number | undefined;
}

/**
 * The running sum that integrated gradients, SmoothGrad and occlusion accumulate, then `finish`ed
 * (averaged, weighted): `term(start, size)` returns the sum of items start..start+size-1, shaped
 * like `shape`, and is called for as many items at a time as fit in `batchSize` rows. Each call's
 * temporaries, every partial sum and `finish`'s temporaries are freed; the caller owns the result.
 */
export function sumInChunks(
  shape: readonly number[],
  chunking: Chunking,
  term: (start: number, size: number) => Tensor,
  finish: (total: Tensor) => Tensor,
): Tensor {
  const total = runningSum(shape, chunking, term);
  try {
    return tidy(() => finish(total));
  } finally {
    total.dispose();
  }
}

/** The sum of all `term`s, chunk by chunk. */
function runningSum(
  shape: readonly number[],
  { method, count, rowsPerItem, batchSize }: Chunking,
  term: (start: number, size: number) => Tensor,
): Tensor {
  const rows = positiveInt(method, 'batchSize', batchSize ?? 128);
  const perCall = Math.max(1, Math.floor(rows / rowsPerItem));
  let total = zeros(shape);
  try {
    for (let start = 0; start < count; start += perCall) {
      const size = Math.min(perCall, count - start);
      const next = tidy(() => add(total, term(start, size)));
      total.dispose();
      total = next;
    }
  } catch (e) {
    total.dispose();
    throw e;
  }
  return total;
}
