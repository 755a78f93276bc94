// A synthetic multi-seasonal series, and the sliding windows a one-step-ahead forecaster learns from.
import * as glia from 'glia';

/** Periods (in steps) and amplitudes of the seasonal components. */
export const SEASONS = [
  { period: 24, amplitude: 1 },
  { period: 168, amplitude: 0.6 },
  { period: 7, amplitude: 0.3 },
] as const;

/**
 * `length` steps of a slow trend plus three seasons (24, 168 and 7 steps, like hours within days
 * within weeks) plus Gaussian noise (standard deviation `noise`), drawn from Glia's seeded PRNG.
 */
export function multiSeasonalSeries(length: number, seed: number, noise = 0.1): Float32Array {
  const draws = glia.randomNormal([length], 0, noise, 'float32', seed);
  const noiseValues = draws.dataSync();
  draws.dispose();
  const series = new Float32Array(length);
  for (let t = 0; t < length; t++) {
    let value = 0.0005 * t;
    for (const { period, amplitude } of SEASONS)
      value += amplitude * Math.sin((2 * Math.PI * t) / period);
    series[t] = value + noiseValues[t]!;
  }
  return series;
}

/** Windows of `window` steps as [n, window, 1] inputs, each with the next step as its [n, 1] target. */
export interface Windows {
  inputs: Float32Array;
  targets: Float32Array;
  count: number;
  window: number;
}

/** Every window of `series` whose target index lies in [from, to). */
export function slidingWindows(
  series: Float32Array,
  window: number,
  from: number,
  to: number,
): Windows {
  const start = Math.max(from, window);
  const count = Math.max(0, to - start);
  const inputs = new Float32Array(count * window);
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const target = start + i;
    inputs.set(series.subarray(target - window, target), i * window);
    targets[i] = series[target]!;
  }
  return { inputs, targets, count, window };
}

/** Mean squared difference of two equally long arrays. */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return a.length === 0 ? Number.NaN : sum / a.length;
}

/** The naive forecast: each window's last value. */
export function lastValueForecast(windows: Windows): Float32Array {
  const out = new Float32Array(windows.count);
  for (let i = 0; i < windows.count; i++) out[i] = windows.inputs[(i + 1) * windows.window - 1]!;
  return out;
}
