import { makeTensor } from '../engine/engine';
import { ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import type { DType, Shape } from '../types';
import { allocArray, assertDType } from '../util/dtype';
import { assertValidShape, sizeFromShape } from '../util/shape';
import { prngFor } from './prng';

function make(op: string, shape: Shape, dtype: DType, sample: () => number): Tensor {
  assertValidShape(op, shape);
  assertDType(op, dtype);
  if (dtype === 'bool')
    throw new ValueError(`${op}: dtype bool is not supported: expected 'float32' or 'int32'`);
  const data = allocArray(dtype, sizeFromShape(shape));
  for (let i = 0; i < data.length; i++)
    data[i] = dtype === 'int32' ? Math.floor(sample()) : sample();
  return makeTensor(data, shape, dtype);
}

/**
 * Uniform values in [minval, maxval). With `seed`, the same values on every backend.
 *
 * ```ts
 * randomUniform([2, 3], -1, 1, 'float32', 42);
 * ```
 */
export function randomUniform(
  shape: Shape,
  minval = 0,
  maxval = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  if (!(maxval > minval))
    throw new ValueError(`randomUniform: maxval ${maxval} must exceed minval ${minval}`);
  const prng = prngFor(seed);
  return make('randomUniform', shape, dtype, () => minval + (maxval - minval) * prng.nextFloat());
}

/**
 * A seed drawn on the host from the global generator (the one `setSeed` seeds): the value
 * `randomUniform([], 0, 2 ** 31 - 1, 'int32')` would hold, with no tensor and no read back, so it
 * works on backends that read asynchronously only.
 *
 * ```ts
 * setSeed(1);
 * const shuffleSeed = seedFromGlobalGenerator(); // the same after every setSeed(1)
 * ```
 */
export function seedFromGlobalGenerator(): number {
  return Math.floor((2 ** 31 - 1) * prngFor(undefined).nextFloat());
}

/**
 * The values `randomNormal([size], 0, 1, 'float32', seed)` would hold, as a host array with no
 * tensor: for host-side computations on random draws (e.g. an orthogonal initializer).
 */
export function randomNormalValues(size: number, seed?: number): Float32Array {
  assertValidShape('randomNormalValues', [size]);
  const prng = prngFor(seed);
  return Float32Array.from({ length: size }, () => prng.nextNormal());
}

/** Normal values with `mean` and `stdDev`. */
export function randomNormal(
  shape: Shape,
  mean = 0,
  stdDev = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  if (!(stdDev >= 0)) throw new ValueError(`randomNormal: stdDev must be >= 0, got ${stdDev}`);
  const prng = prngFor(seed);
  return make('randomNormal', shape, dtype, () => mean + stdDev * prng.nextNormal());
}

/** Normal values redrawn until within two standard deviations of the mean (as Keras' initializers). */
export function truncatedNormal(
  shape: Shape,
  mean = 0,
  stdDev = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  if (!(stdDev >= 0)) throw new ValueError(`truncatedNormal: stdDev must be >= 0, got ${stdDev}`);
  const prng = prngFor(seed);
  return make('truncatedNormal', shape, dtype, () => {
    let z: number;
    do z = prng.nextNormal();
    while (Math.abs(z) > 2);
    return mean + stdDev * z;
  });
}
