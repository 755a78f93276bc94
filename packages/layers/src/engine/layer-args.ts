import type { DType } from '@glia/core';
import type { SymbolicShape } from './symbolic-shape';

/** Options every layer takes, as in Keras / TF.js. */
export interface LayerArgs {
  /** Unique in its model; default from the class name (`dense`, `dense_1`, ...). */
  name?: string;
  /** Whether its weights train (default true). */
  trainable?: boolean;
  /** For a model's first layer: the shape of one example (no batch dimension). */
  inputShape?: number[];
  /** For a model's first layer: the whole input shape, batch first (`null` = any). */
  batchInputShape?: SymbolicShape;
  /** With `inputShape`: a fixed batch size. */
  batchSize?: number;
  /** Default 'float32'. */
  dtype?: DType;
}
