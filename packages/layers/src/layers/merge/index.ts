/** The merge layers: several inputs, one output, no weights. */
import type { LayerArgs } from '../../engine/layer';
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

/** Sums its inputs: `add().apply([a, b])`. */
export const add = (args: LayerArgs = {}): Add => new Add(args);
/** The first input minus the second. */
export const subtract = (args: LayerArgs = {}): Subtract => new Subtract(args);
/** The element-wise product of its inputs. */
export const multiply = (args: LayerArgs = {}): Multiply => new Multiply(args);
/** The element-wise mean of its inputs. */
export const average = (args: LayerArgs = {}): Average => new Average(args);
/** The element-wise maximum of its inputs. */
export const maximum = (args: LayerArgs = {}): Maximum => new Maximum(args);
/** The element-wise minimum of its inputs. */
export const minimum = (args: LayerArgs = {}): Minimum => new Minimum(args);
/** Joins its inputs along `axis` (default the last). */
export const concatenate = (args: ConcatenateArgs = {}): Concatenate => new Concatenate(args);
/** The dot product of two inputs along `axes`. */
export const dot = (args: DotArgs): Dot => new Dot(args);
