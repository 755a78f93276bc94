/**
 * Gradient checking: analytic gradients from the tape against central finite differences.
 *
 * A function with a non-scalar result is checked through L(x) = Σ r·f(x) for fixed random weights r,
 * which exercises every output at once (a scalar result is checked as it is). L is summed on the host in float64 from f's float32 values,
 * and each difference quotient divides by the step actually taken in float32, so the only error left
 * beside the O(ε²) truncation is the float32 rounding of f's outputs.
 */
import { Prng, sizeFromShape, type Tensor, tensor, tidy } from '@glia/core';
import { grads } from './api';

/** |analytic - numeric| <= atol + rtol·|numeric| for every element. */
export interface GradientTolerance {
  rtol: number;
  atol: number;
}

/** Options of `checkGradient`. */
export interface GradientCheckOptions {
  /** Half-width of the central difference (default 1e-3). */
  epsilon?: number;
  /** A number sets rtol and atol alike (default 1e-2). */
  tolerance?: number | GradientTolerance;
  /** Seed of the projection weights r (default 1). */
  seed?: number;
}

/** What `checkGradient` found. */
export interface GradientCheckResult {
  ok: boolean;
  /** The largest |analytic - numeric| over all checked elements. */
  maxAbsError: number;
  /**
   * The gradients of L from the tape and from finite differences, per float32 input (others:
   * empty). For a scalar f, L is f.
   */
  analytic: Float64Array[];
  numeric: Float64Array[];
  /** '' when ok, else the first few mismatches. */
  message: string;
}

/**
 * Checks the gradients of `f` with respect to each float32 tensor of `inputs` (int32 and bool inputs,
 * such as gather indices, are passed through as constants).
 *
 * ```ts
 * const { ok, message } = checkGradient((a, b) => mul(a, b), [a, b], { epsilon: 1e-3, tolerance: 1e-3 });
 * ```
 */
export function checkGradient(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const { epsilon, tol } = resolveOptions(options);
  const differentiable = inputs.map((x) => x.dtype === 'float32');
  const values = inputs.map((x) => Float64Array.from(x.dataSync()));

  const outputShape = tidy(() => [...f(...inputs).shape]);
  const weights = projectionWeights(outputShape, options.seed ?? 1);
  const evaluate = (k: number, i: number, v: number): number =>
    tidy(() => {
      const args = inputs.map((x, j) => {
        if (j !== k) return x;
        const changed = Float32Array.from(values[j]!);
        changed[i] = v;
        return tensor(changed, x.shape, 'float32');
      });
      const out = f(...args).dataSync();
      let sum = 0;
      for (let j = 0; j < out.length; j++) sum += weights[j]! * out[j]!;
      return sum;
    });

  const analytic: Float64Array[] = [];
  tidy(() => {
    const floats = inputs.filter((_, k) => differentiable[k]);
    const withConstants = (...xs: Tensor[]): Tensor => {
      let next = 0;
      return f(...inputs.map((x, k) => (differentiable[k] ? xs[next++]! : x)));
    };
    const gs = grads(withConstants)(floats, tensor(weights, outputShape, 'float32'));
    let next = 0;
    for (let k = 0; k < inputs.length; k++) {
      analytic.push(
        differentiable[k] ? Float64Array.from(gs[next++]!.dataSync()) : new Float64Array(0),
      );
    }
  });

  const numeric = inputs.map((x, k) => {
    if (!differentiable[k]) return new Float64Array(0);
    const out = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const at = values[k]![i]!;
      const up = Math.fround(at + epsilon);
      const down = Math.fround(at - epsilon);
      out[i] = (evaluate(k, i, up) - evaluate(k, i, down)) / (up - down);
    }
    return out;
  });
  return compare(analytic, numeric, epsilon, tol);
}

/**
 * `checkGradient` for backends that read asynchronously only (gpu.js's webgpu mode): every read is
 * `await t.data()`. Same checks and result.
 *
 * ```ts
 * const { ok, message } = await checkGradientAsync((a) => exp(a), [a]);
 * ```
 */
export async function checkGradientAsync(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradientCheckOptions = {},
): Promise<GradientCheckResult> {
  const { epsilon, tol } = resolveOptions(options);
  const differentiable = inputs.map((x) => x.dtype === 'float32');
  const values = await Promise.all(inputs.map(async (x) => Float64Array.from(await x.data())));

  const outputShape = tidy(() => [...f(...inputs).shape]);
  const weights = projectionWeights(outputShape, options.seed ?? 1);
  const evaluate = async (k: number, i: number, v: number): Promise<number> => {
    const result = tidy(() => {
      const args = inputs.map((x, j) => {
        if (j !== k) return x;
        const changed = Float32Array.from(values[j]!);
        changed[i] = v;
        return tensor(changed, x.shape, 'float32');
      });
      return f(...args);
    });
    try {
      const out = await result.data();
      let sum = 0;
      for (let j = 0; j < out.length; j++) sum += weights[j]! * out[j]!;
      return sum;
    } finally {
      result.dispose();
    }
  };

  const gs = tidy(() => {
    const floats = inputs.filter((_, k) => differentiable[k]);
    const withConstants = (...xs: Tensor[]): Tensor => {
      let next = 0;
      return f(...inputs.map((x, k) => (differentiable[k] ? xs[next++]! : x)));
    };
    return grads(withConstants)(floats, tensor(weights, outputShape, 'float32'));
  });
  const analytic: Float64Array[] = [];
  try {
    let next = 0;
    for (let k = 0; k < inputs.length; k++) {
      analytic.push(
        differentiable[k] ? Float64Array.from(await gs[next++]!.data()) : new Float64Array(0),
      );
    }
  } finally {
    for (const t of gs) t.dispose();
  }

  const numeric: Float64Array[] = [];
  for (let k = 0; k < inputs.length; k++) {
    const x = inputs[k]!;
    const out = new Float64Array(differentiable[k] ? x.size : 0);
    for (let i = 0; i < out.length; i++) {
      const at = values[k]![i]!;
      const up = Math.fround(at + epsilon);
      const down = Math.fround(at - epsilon);
      out[i] = ((await evaluate(k, i, up)) - (await evaluate(k, i, down))) / (up - down);
    }
    numeric.push(out);
  }
  return compare(analytic, numeric, epsilon, tol);
}

function resolveOptions(options: GradientCheckOptions): {
  epsilon: number;
  tol: GradientTolerance;
} {
  const epsilon = options.epsilon ?? 1e-3;
  const tol: GradientTolerance =
    typeof options.tolerance === 'number'
      ? { rtol: options.tolerance, atol: options.tolerance }
      : (options.tolerance ?? { rtol: 1e-2, atol: 1e-2 });
  return { epsilon, tol };
}

/** The weights r of the projection L = Σ r·f (1 for a scalar f). */
function projectionWeights(outputShape: readonly number[], seed: number): Float32Array {
  const prng = new Prng(seed);
  const outputSize = sizeFromShape([...outputShape]);
  return Float32Array.from({ length: outputSize }, () =>
    outputSize === 1 ? 1 : prng.nextFloat() * 2 - 1,
  );
}

/** Analytic against numeric gradients, within `tol`. */
function compare(
  analytic: Float64Array[],
  numeric: Float64Array[],
  epsilon: number,
  tol: GradientTolerance,
): GradientCheckResult {
  let maxAbsError = 0;
  const bad: string[] = [];
  let badCount = 0;
  numeric.forEach((n, k) => {
    n.forEach((expected, i) => {
      const got = analytic[k]![i]!;
      const err = Math.abs(got - expected);
      if (!(err <= maxAbsError)) maxAbsError = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
      if (!(err <= tol.atol + tol.rtol * Math.abs(expected))) {
        badCount++;
        if (bad.length < 5) bad.push(`input ${k}[${i}]: analytic ${got}, numeric ${expected}`);
      }
    });
  });
  const message =
    badCount === 0
      ? ''
      : `checkGradient: ${badCount} gradient values differ from central differences (epsilon ${epsilon}, rtol ${tol.rtol}, atol ${tol.atol}): ${bad.join('; ')}`;
  return { ok: badCount === 0, maxAbsError, analytic, numeric, message };
}
