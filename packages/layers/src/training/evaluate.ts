import type { Tensor } from '@glia/core';
import type { Sequential } from '../model/sequential';
import type { Batches, EvaluateArgs, Logs } from './types';

/** The loop behind `model.evaluate`. */
export async function evaluateModel(_model: Sequential, _xOrBatches: Tensor | Batches, _yOrArgs?: Tensor | EvaluateArgs, _maybeArgs?: EvaluateArgs): Promise<Logs> {
  throw new Error('evaluate: not implemented yet (training helper)');
}
