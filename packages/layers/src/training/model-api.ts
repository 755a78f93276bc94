/**
 * What the training loop needs of a model, as types only: `fit`, `evaluate`, `predict` and
 * `compile` take this interface, so that the model class (which calls them) and they form no
 * import circle.
 */
import type { Tensor } from '@glia/core';
import type { Optimizer } from '@glia/optimizers';
import type { CallbackModel } from '../callbacks/callback';
import type { CallContext, Layer } from '../engine/layer';
import type { LayerWeight } from '../engine/layer-weight';
import type { SymbolicShape } from '../engine/symbolic-shape';
import type { LossSpec } from '../losses/loss';
import type { Metric } from '../metrics/metric';
import type { CompileArgs } from './types';

/** One output's loss and metrics, as `compile` settles them. */
export interface CompiledOutput {
  /** The output's name (its layer's name): the key of its labels and of its logs. */
  name: string;
  loss: LossSpec;
  metrics: Metric[];
  /** True when the output's activation is fused into its loss (softmax + cross-entropy). */
  fusedLogits: boolean;
  /** Its weight in the total loss (`lossWeights`, default 1). */
  weight: number;
}

/** What `compile` settles: the objects the training loop runs with. */
export interface CompiledModel {
  optimizer: Optimizer;
  /** One per model output, in output order. */
  outputs: CompiledOutput[];
  /** The arguments as given, for the saved training config. */
  args: CompileArgs;
}

/** A model the training loop can run: a graph of inputs and outputs with weights. */
export interface TrainableModel extends CallbackModel {
  readonly name: string;
  /** Every layer of the graph (none for a Sequential with no layers yet). */
  readonly layers: readonly Layer[];
  stopTraining: boolean;
  compiled?: CompiledModel;
  /** The input layers' names, in input order (keys of a name-keyed `x`). */
  readonly inputNames: readonly string[];
  /** The output layers' names, in output order (keys of a name-keyed `y`). */
  readonly outputNames: readonly string[];
  readonly inputShapes: readonly SymbolicShape[];
  readonly outputShapes: readonly SymbolicShape[];
  /** Each output's final activation when its loss may fuse it (softmax, sigmoid), else undefined. */
  fusableActivations(): (string | undefined)[];
  /** The forward pass; `logits[i]` asks for output `i` before its final activation. */
  execute(inputs: readonly Tensor[], context: CallContext, logits?: readonly boolean[]): Tensor[];
  readonly trainableWeights: LayerWeight[];
  /** The sum of every layer's regularization penalty, or undefined if none has one. */
  regularizationLoss(): Tensor | undefined;
}
