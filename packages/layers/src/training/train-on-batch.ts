import type { Tensor } from '@glia/core';
import type { Sequential } from '../model/sequential';
import type { Logs } from './types';

/** One optimizer step on one batch. */
export function trainOnBatchModel(_model: Sequential, _x: Tensor, _y: Tensor): Logs {
  throw new Error('trainOnBatch: not implemented yet (training helper)');
}
