import {
  cast,
  dataSyncIfAvailable,
  oneHot,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';

/**
 * Class indices `[n]` (a tensor or numbers) to one-hot rows `[n, numClasses]` in float32, as
 * categorical cross-entropy wants them. A label that is not an integer in `0..numClasses-1` is an
 * error naming its position and value (core's `oneHot` would give a row of zeros).
 *
 * ```ts
 * toOneHot([0, 2], 3); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function toOneHot(labels: Tensor | readonly number[], numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new ValueError(`toOneHot: numClasses must be a positive integer, got ${numClasses}`);
  return tidy(() => {
    const t = Array.isArray(labels)
      ? tensor(labels as number[], [labels.length], 'float32')
      : (labels as Tensor);
    t.assertAlive('toOneHot');
    if (t.rank !== 1)
      throw new ValueError(
        `toOneHot: labels have shape [${t.shape.join(',')}]: expected one class index per example, [n]`,
      );
    // checked where reads are synchronous; on WebGPU the labels go to oneHot unchecked
    const values = dataSyncIfAvailable(t) ?? [];
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (!Number.isInteger(v) || v < 0 || v >= numClasses)
        throw new ValueError(
          `toOneHot: label ${i} is ${v}: expected an integer class in 0..${numClasses - 1}`,
        );
    }
    // checked integral above, so the int32 that oneHot requires loses nothing
    return oneHot(t.dtype === 'int32' ? t : cast(t, 'int32'), numClasses);
  });
}
