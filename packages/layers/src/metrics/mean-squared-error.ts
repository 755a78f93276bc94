import type { Tensor } from '@glia/core';
import { meanSquaredError as meanSquaredErrorLoss } from '../losses/mean-squared-error';
import { MeanMetricWrapper } from './mean-metric';

/** Per-example mean squared error over the last axis (the loss of the same name). */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  return meanSquaredErrorLoss(yTrue, yPred);
}

/** The mean squared error over all examples seen. */
export class MeanSquaredError extends MeanMetricWrapper {
  constructor({ name = 'meanSquaredError' }: { name?: string } = {}) {
    super(name, meanSquaredError);
  }
}
