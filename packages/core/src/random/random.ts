import { makeTensor } from '../engine/engine';
import { DTypeError, ValueError } from '../errors';
import { withForm } from '../ops/op-form';
import type { Tensor } from '../tensor/tensor';
import type { DType, Shape } from '../types';
import { allocArray, assertDType } from '../util/dtype';
import { assertValidShape, sizeFromShape } from '../util/shape';
import { assertAllocatable } from '../util/size-limit';
import { type Prng, prngFor } from './prng';

/**
 * Fills a new tensor with `sample()`; int32 takes `toInt` of each sample (floor for uniform integers
 * in [minval, maxval), round-to-nearest for the normal distributions so that the mean is kept).
 */
function make(
  op: string,
  shape: Shape,
  dtype: DType,
  sample: () => number,
  toInt: (v: number) => number,
): Tensor {
  assertValidShape(op, shape);
  assertDType(op, dtype);
  if (dtype === 'bool')
    throw new DTypeError(`${op}: dtype bool is not supported: expected 'float32' or 'int32'`);
  assertAllocatable(op, shape, dtype);
  const data = allocArray(dtype, sizeFromShape(shape));
  for (let i = 0; i < data.length; i++) data[i] = dtype === 'int32' ? toInt(sample()) : sample();
  return makeTensor(data, shape, dtype);
}

/**
 * Uniform values in [minval, maxval); int32 gives integers in [minval, maxval); bool gives true and
 * false with probability 1/2 each (minval and maxval unused). With `seed`, the same values on every
 * backend.
 *
 * ```ts
 * const x = glia.randomUniform([2, 3], -1, 1, 'float32', 42);
 * const inRange = glia.logicalAnd(glia.greaterEqual(x, -1), glia.less(x, 1));
 * console.log(x.shape, await glia.all(inRange).array()); // [2, 3] true
 * const again = glia.randomUniform([2, 3], -1, 1, 'float32', 42); // the same seed, the same values
 * console.log(await glia.all(glia.equal(x, again)).array()); // true
 * ```
 */
export const randomUniform = withForm(
  'randomUniform(shape, minval?, maxval?, dtype?, seed?)',
  (
    shape: Shape,
    minval: number = 0,
    maxval: number = 1,
    dtype: DType = 'float32',
    seed?: number,
  ): Tensor => {
    if (!(maxval > minval))
      throw new ValueError(`randomUniform: maxval ${maxval} must exceed minval ${minval}`);
    const prng = prngFor(seed);
    if (dtype === 'bool') {
      assertValidShape('randomUniform', shape);
      assertAllocatable('randomUniform', shape, dtype);
      const data = allocArray('bool', sizeFromShape(shape));
      for (let i = 0; i < data.length; i++) data[i] = prng.nextFloat() < 0.5 ? 1 : 0;
      return makeTensor(data, shape, dtype);
    }
    return make(
      'randomUniform',
      shape,
      dtype,
      () => minval + (maxval - minval) * prng.nextFloat(),
      Math.floor,
    );
  },
);

/**
 * A seed drawn on the host from the global generator (the one `setSeed` seeds): the value
 * `randomUniform([], 0, 2 ** 31 - 1, 'int32')` would hold, with no tensor and no read back, so it
 * works on backends that read asynchronously only.
 *
 * ```ts
 * glia.setSeed(1);
 * const first = glia.seedFromGlobalGenerator();
 * glia.setSeed(1);
 * console.log(glia.seedFromGlobalGenerator() === first, Number.isInteger(first)); // true true
 * ```
 */
export function seedFromGlobalGenerator(): number {
  return Math.floor((2 ** 31 - 1) * prngFor(undefined).nextFloat());
}

/**
 * The values `randomNormal([size], 0, 1, 'float32', seed)` would hold, as a host array with no
 * tensor: for host-side computations on random draws (e.g. an orthogonal initializer).
 *
 * ```ts
 * const values = glia.randomNormalValues(3, 7);
 * const same = await glia.randomNormal([3], 0, 1, 'float32', 7).data();
 * console.log(values.length, values.every((v, i) => v === same[i])); // 3 true
 * ```
 */
export function randomNormalValues(size: number, seed?: number): Float32Array {
  assertValidShape('randomNormalValues', [size]);
  const prng = prngFor(seed);
  return Float32Array.from({ length: size }, () => prng.nextNormal());
}

/** The signature shared by the normal-family generators. */
export type NormalGenerator = (
  shape: Shape,
  mean?: number,
  stdDev?: number,
  dtype?: DType,
  seed?: number,
) => Tensor;

/**
 * A generator of `mean + stdDev · draw(prng)` values; int32 rounds each sample to the nearest
 * integer, so that the mean is kept.
 */
function normalGenerator(op: string, draw: (prng: Prng) => number): NormalGenerator {
  return withForm(
    `${op}(shape, mean?: number, stdDev?, dtype?, seed?)`,
    (shape: Shape, mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor => {
      if (!(stdDev >= 0)) throw new ValueError(`${op}: stdDev must be >= 0, got ${stdDev}`);
      const prng = prngFor(seed);
      return make(op, shape, dtype, () => mean + stdDev * draw(prng), Math.round);
    },
  );
}

/**
 * Normal values with `mean` and `stdDev`; int32 rounds each sample to the nearest integer.
 *
 * ```ts
 * const x = glia.randomNormal([10000], 5, 2, 'float32', 1);
 * const [m] = await glia.mean(x).data();
 * const [v] = await glia.moments(x).variance.data();
 * console.log(x.shape, Math.abs(m - 5) < 0.1, Math.abs(v - 4) < 0.4); // [10000] true true
 * ```
 */
export const randomNormal: NormalGenerator = normalGenerator('randomNormal', (prng) =>
  prng.nextNormal(),
);

/**
 * Normal values redrawn until within two standard deviations of the mean (as Keras' initializers).
 *
 * ```ts
 * const x = glia.truncatedNormal([1000], 0, 1, 'float32', 7);
 * console.log(await glia.all(glia.lessEqual(glia.abs(x), 2)).array()); // true
 * ```
 */
export const truncatedNormal: NormalGenerator = normalGenerator('truncatedNormal', (prng) => {
  let z: number;
  do z = prng.nextNormal();
  while (Math.abs(z) > 2);
  return z;
});
