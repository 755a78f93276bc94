import { Concatenate, type ConcatenateArgs } from './concatenate';
import { Dot, type DotArgs } from './dot';
import { Add, Average, Maximum, Minimum, Multiply, Subtract } from './elementwise';

export { Merge } from './merge';
export {
  Add,
  Average,
  Concatenate,
  type ConcatenateArgs,
  Dot,
  type DotArgs,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
};

/** The merge layer classes, for the layer registry. */
export const MERGE_LAYER_CLASSES = [
  Add,
  Subtract,
  Multiply,
  Average,
  Maximum,
  Minimum,
  Concatenate,
  Dot,
];

// The factories, each beside its class.
export { concatenate } from './concatenate';
export { dot } from './dot';
export { add, average, maximum, minimum, multiply, subtract } from './elementwise';
