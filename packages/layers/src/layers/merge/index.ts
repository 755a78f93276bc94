import { layerFactory } from '../layer-factory';
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
export const add = layerFactory('add', Add);
/** The first input minus the second. */
export const subtract = layerFactory('subtract', Subtract);
/** The element-wise product of its inputs. */
export const multiply = layerFactory('multiply', Multiply);
/** The element-wise mean of its inputs. */
export const average = layerFactory('average', Average);
/** The element-wise maximum of its inputs. */
export const maximum = layerFactory('maximum', Maximum);
/** The element-wise minimum of its inputs. */
export const minimum = layerFactory('minimum', Minimum);
/** Joins its inputs along `axis` (default the last). */
export const concatenate = layerFactory('concatenate', Concatenate);
/** The dot product of two inputs along `axes`. */
export const dot = layerFactory('dot', Dot);
