import type { Tensor } from '@glia/core';

/**
 * A metric accumulated over batches, as Keras' stateful metrics: `update` per batch, `result` for
 * the epoch, `reset` between epochs. Values are read back to the host, so it holds no tensors.
 */
export interface Metric {
  /** Its key in the logs and in History (`'accuracy'`, `'precision'`). */
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor): void;
  /**
   * Waits for the reads `update` started on a backend without synchronous reads (gpu.js's webgpu
   * mode); `result()` is up to date once it resolves. Metrics that read synchronously need none.
   */
  settle?(): Promise<void>;
  result(): number;
  reset(): void;
}

/** A metric by name, a Metric, or a per-example function (averaged over examples). */
export type MetricIdentifier = string | Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor);
