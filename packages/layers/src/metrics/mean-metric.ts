import { type Tensor, tidy } from '@glia/core';
import type { Metric } from './metric';
import { readNowOrLater } from './read-now-or-later';

/** A per-example metric function: values for each example (shape [batch]). */
export type PerExampleFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * A metric that averages a per-example function over every example seen since `reset()` (Keras'
 * `MeanMetricWrapper`). Each batch's values are read to the host and summed there in float64, so
 * `result()` is the example-weighted mean over all batches, whatever their sizes.
 *
 * ```ts
 * const m = new MeanMetricWrapper('maxError', (t, p) => max(abs(sub(t, p)), -1));
 * m.update(yTrue, yPred);
 * m.result();
 * ```
 */
export class MeanMetricWrapper implements Metric {
  private total = 0;
  private count = 0;

  constructor(
    readonly name: string,
    private readonly fn: PerExampleFunction,
  ) {}

  private pending: Promise<void>[] = [];

  update(yTrue: Tensor, yPred: Tensor): void {
    const values = tidy(() => this.fn(yTrue, yPred));
    readNowOrLater(values, this.pending, (data) => {
      let total = 0;
      for (let i = 0; i < data.length; i++) total += Number(data[i]);
      this.total += total;
      this.count += data.length;
    });
  }

  /** Waits for the batches whose values are still being read back (asynchronous backends). */
  async settle(): Promise<void> {
    const pending = this.pending.splice(0);
    await Promise.all(pending);
  }

  /** The mean over the examples seen; 0 before any (as Keras' divide-no-NaN). */
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}
