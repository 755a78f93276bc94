import {
  cast,
  checkOptions,
  div,
  equal,
  max,
  mean,
  min,
  sqrt,
  squaredDifference,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
  ValueError,
  where,
} from '@glia/core';

/** Which axis statistics run over: 0 (default) gives one value per feature of `[examples, ...]`; null one for the whole tensor. */
export interface StatsAxis {
  axis?: number | null;
}

/** Options of {@link scaleToUnitRange}: fixed bounds (e.g. 0 and 255 for pixels), or computed ones. */
export interface ScaleOptions extends StatsAxis {
  min?: TensorInput;
  max?: TensorInput;
}

/** Options of {@link standardize}: fixed statistics (e.g. the training set's), or computed ones. */
export interface StandardizeOptions extends StatsAxis {
  mean?: TensorInput;
  std?: TensorInput;
}

/**
 * The keys scaleToUnitRange and standardize take: their own, and the other's, so that featureStats'
 * result ({ min, max, mean, std }) passes to either as it is. The compiler checks the list.
 */
const STATS_AXIS_KEYS = Object.keys({ axis: true } satisfies Record<keyof StatsAxis, true>);

const STATS_KEYS = Object.keys({
  axis: true,
  min: true,
  max: true,
  mean: true,
  std: true,
} satisfies Record<keyof ScaleOptions | keyof StandardizeOptions, true>);

function floatInput(op: string, x: Tensor): Tensor {
  x.assertAlive(op);
  if (x.dtype === 'bool')
    throw new ValueError(`${op}: x has dtype bool: expected float32 or int32`);
  return x.dtype === 'float32' ? x : cast(x, 'float32');
}

function reduceAxis(op: string, x: Tensor, options: StatsAxis): number | undefined {
  const axis = options.axis === undefined ? 0 : options.axis;
  if (axis === null) return undefined;
  if (x.rank === 0) throw new ValueError(`${op}: x is a scalar: pass axis: null`);
  return axis;
}

/**
 * Per-feature statistics of `x` over `axis` (kept as a dimension of 1, so they broadcast back):
 * compute them on the training set and pass them to {@link scaleToUnitRange} and
 * {@link standardize} for the validation and test sets. The caller owns the four tensors.
 *
 * ```ts
 * const stats = featureStats(trainX);
 * const testScaled = standardize(testX, stats);
 * ```
 */
export function featureStats(
  x: Tensor,
  options: StatsAxis = {},
): { min: Tensor; max: Tensor; mean: Tensor; std: Tensor } {
  checkOptions('featureStats', 'featureStats(x, { axis? })', options, STATS_AXIS_KEYS);
  return tidy(() => {
    const t = floatInput('featureStats', x);
    const axis = reduceAxis('featureStats', t, options);
    const m = mean(t, axis, true);
    return {
      min: min(t, axis, true),
      max: max(t, axis, true),
      mean: m,
      std: sqrt(mean(squaredDifference(t, m), axis, true)),
    };
  });
}

/**
 * Maps `x` linearly onto [0, 1]: `(x - min) / (max - min)`, per feature by default (see
 * {@link StatsAxis}); a constant feature maps to 0. Returns float32.
 *
 * ```ts
 * scaleToUnitRange(pixels, { min: 0, max: 255 });
 * scaleToUnitRange(tensor([[1, 10], [3, 30]])); // [[0, 0], [1, 1]]
 * ```
 */
export function scaleToUnitRange(x: Tensor, options: ScaleOptions = {}): Tensor {
  checkOptions(
    'scaleToUnitRange',
    'scaleToUnitRange(x, { axis?, min?, max? }) (mean and std, from featureStats, are ignored)',
    options,
    STATS_KEYS,
  );
  return tidy(() => {
    const t = floatInput('scaleToUnitRange', x);
    const axis = reduceAxis('scaleToUnitRange', t, options);
    const lo = options.min ?? min(t, axis, true);
    const hi = options.max ?? max(t, axis, true);
    const range = sub(hi, lo);
    return div(sub(t, lo), where(equal(range, 0), 1, range));
  });
}

/**
 * Shifts and scales `x` to mean 0 and standard deviation 1: `(x - mean) / std`, per feature by
 * default (see {@link StatsAxis}); a constant feature maps to 0. Returns float32.
 *
 * ```ts
 * standardize(tensor([[1, 10], [3, 30]])); // [[-1, -1], [1, 1]]
 * ```
 */
export function standardize(x: Tensor, options: StandardizeOptions = {}): Tensor {
  checkOptions(
    'standardize',
    'standardize(x, { axis?, mean?, std? }) (min and max, from featureStats, are ignored)',
    options,
    STATS_KEYS,
  );
  return tidy(() => {
    const t = floatInput('standardize', x);
    const axis = reduceAxis('standardize', t, options);
    const m = options.mean ?? mean(t, axis, true);
    const s = options.std ?? sqrt(mean(squaredDifference(t, m), axis, true));
    return div(sub(t, m), where(equal(s, 0), 1, s));
  });
}
