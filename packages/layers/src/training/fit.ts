import type { Tensor } from '@glia/core';
import type { Sequential } from '../model/sequential';
import type { Batches, FitArgs, History } from './types';

/** The training loop behind `model.fit`. */
export async function fitModel(_model: Sequential, _xOrBatches: Tensor | Batches, _yOrArgs?: Tensor | FitArgs, _maybeArgs?: FitArgs): Promise<History> {
  throw new Error('fit: not implemented yet (training helper)');
}
