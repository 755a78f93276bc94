import {
  add,
  checkOptions,
  fmtShape,
  mul,
  reshape,
  ShapeError,
  sub,
  sum,
  type Tensor,
  tensor,
  ValueError,
} from '@glia/core';
import { positiveInt } from './checks';
import { sumInChunks } from './chunked-sum';
import { scoreGradient, withScorer } from './gradients';
import type { AttributionOptions, ExplainModel } from './model';

/** `integratedGradients` settings. */
export interface IntegratedGradientsOptions extends AttributionOptions {
  /** The reference input: a number, or a tensor shaped like the input or like one example (default 0). */
  baseline?: number | Tensor;
  /** Number of intervals of the path integral (default 64). */
  steps?: number;
  /**
   * The quadrature rule: 'midpoint' (default; `steps` gradients), 'trapezoid' (`steps` + 1),
   * 'left' or 'right' (`steps` each; the Riemann sums of the paper).
   */
  method?: 'midpoint' | 'trapezoid' | 'left' | 'right';
  /** The most rows (interpolated inputs) per model call (default 128). */
  batchSize?: number;
}

const INTEGRATED_GRADIENTS_KEYS = Object.keys({
  target: true,
  logits: true,
  baseline: true,
  steps: true,
  method: true,
  batchSize: true,
} satisfies Record<keyof IntegratedGradientsOptions, true>);

/** The points in [0, 1] of a quadrature rule, and their weights (which sum to 1). */
export function quadrature(
  method: NonNullable<IntegratedGradientsOptions['method']>,
  steps: number,
): { alphas: number[]; weights: number[] } {
  const idx = (length: number) => Array.from({ length }, (_, k) => k);
  switch (method) {
    case 'midpoint':
      return {
        alphas: idx(steps).map((k) => (k + 0.5) / steps),
        weights: idx(steps).map(() => 1 / steps),
      };
    case 'left':
      return { alphas: idx(steps).map((k) => k / steps), weights: idx(steps).map(() => 1 / steps) };
    case 'right':
      return {
        alphas: idx(steps).map((k) => (k + 1) / steps),
        weights: idx(steps).map(() => 1 / steps),
      };
    case 'trapezoid':
      return {
        alphas: idx(steps + 1).map((k) => k / steps),
        weights: idx(steps + 1).map((k) => (k === 0 || k === steps ? 0.5 : 1) / steps),
      };
    default:
      throw new ValueError(
        `integratedGradients: method must be 'midpoint', 'trapezoid', 'left' or 'right', got ${JSON.stringify(method)}`,
      );
  }
}

/**
 * Integrated gradients (Sundararajan et al., 2017): (x - baseline) times the average gradient of
 * the target score along the straight path from the baseline to x. The attributions of an
 * example sum to f(x) - f(baseline) (completeness), up to the quadrature error, which shrinks as
 * 1/steps² with the midpoint and trapezoid rules. Shaped like the input; the caller owns it.
 *
 * ```ts
 * const ig = integratedGradients(model, images, { target: 3, baseline: 0, steps: 128 });
 * ```
 */
export function integratedGradients(
  model: ExplainModel,
  x: Tensor,
  options: IntegratedGradientsOptions = {},
): Tensor {
  const method = 'integratedGradients';
  checkOptions(
    method,
    'integratedGradients(model, x, { target?, logits?, baseline?, steps?, method?, batchSize? })',
    options,
    INTEGRATED_GRADIENTS_KEYS,
  );
  const steps = positiveInt(method, 'steps', options.steps ?? 64);
  const { alphas, weights } = quadrature(options.method ?? 'midpoint', steps);
  return withScorer(method, model, x, options, (f, scorer) => {
    const [n, ...example] = x.shape as [number, ...number[]];
    const baseline = baselineOf(method, x, options.baseline ?? 0);
    const ones = example.map(() => 1);
    return sumInChunks(
      x.shape,
      { method, count: alphas.length, rowsPerItem: n, batchSize: options.batchSize },
      (start, size) => {
        const a = tensor(alphas.slice(start, start + size), [size, 1, ...ones]);
        const w = tensor(weights.slice(start, start + size), [size, 1, ...ones]);
        const path = reshape(add(baseline, mul(a, sub(x, baseline))), [size * n, ...example]);
        const g = reshape(scoreGradient(f, scorer, path, size), [size, n, ...example]);
        return sum(mul(g, w), 0);
      },
      (total) => mul(sub(x, baseline), total),
    );
  });
}

/** The baseline as a number or a tensor that broadcasts against `x`, checked. */
function baselineOf(method: string, x: Tensor, baseline: number | Tensor): number | Tensor {
  if (typeof baseline === 'number') {
    if (!Number.isFinite(baseline)) {
      throw new ValueError(`${method}: baseline must be finite, got ${baseline}`);
    }
    return baseline;
  }
  const full =
    baseline.shape.length === x.shape.length && baseline.shape.every((d, i) => d === x.shape[i]);
  const one =
    baseline.shape.length === x.rank - 1 && baseline.shape.every((d, i) => d === x.shape[i + 1]);
  if (!full && !one) {
    throw new ShapeError(
      `${method}: baseline has shape ${fmtShape(baseline.shape)}: expected the input's shape ${fmtShape(x.shape)} or one example's ${fmtShape(x.shape.slice(1))}`,
    );
  }
  return baseline;
}
