import type { Optimizer } from '@glia/optimizers';
import type { LossSpec } from '../losses/loss';
import type { Metric } from '../metrics/metric';
import type { Sequential } from '../model/sequential';
import type { CompileArgs } from './types';

/** What `compile` settles: the objects the training loop runs with. */
export interface CompiledModel {
  optimizer: Optimizer;
  loss: LossSpec;
  metrics: Metric[];
  /** True when the last layer's activation is fused into the loss (softmax + cross-entropy). */
  fusedLogits: boolean;
  /** The arguments as given, for the saved training config. */
  args: CompileArgs;
}

/** Resolves optimizer, loss and metrics by name and checks they fit the model. */
export function compileModel(_model: Sequential, _args: CompileArgs): CompiledModel {
  throw new Error('compile: not implemented yet (training helper)');
}
