import { dataSyncIfAvailable, type Tensor } from '@glia/core';

/**
 * Hands the values of `t` to `use` and frees `t`: at once where the backend reads synchronously,
 * else (gpu.js's webgpu mode) once `t.data()` resolves, with the read's promise added to `pending`
 * for the metric's `settle()` to await.
 */
export function readNowOrLater(
  t: Tensor,
  pending: Promise<void>[],
  use: (values: ArrayLike<number | boolean>) => void,
): void {
  let values: ArrayLike<number | boolean> | undefined;
  try {
    values = dataSyncIfAvailable(t);
    if (values === undefined) pending.push(t.data().then(use));
  } finally {
    t.dispose();
  }
  if (values !== undefined) use(values);
}
