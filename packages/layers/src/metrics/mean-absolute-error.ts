import type { Tensor } from '@glia/core';
import { meanAbsoluteError as meanAbsoluteErrorLoss } from '../losses/mean-absolute-error';
import { MeanMetricWrapper } from './mean-metric';

/** Per-example mean absolute error over the last axis (the loss of the same name). */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  return meanAbsoluteErrorLoss(yTrue, yPred);
}

/** The mean absolute error over all examples seen. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  constructor({ name = 'meanAbsoluteError' }: { name?: string } = {}) {
    super(name, meanAbsoluteError);
  }
}
