/**
 * The live chart's geometry, apart from the DOM: where each batch's value goes in a panel, and the
 * value range a panel shows.
 */

/** The plotting area of one panel, in SVG units. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The range a metric is shown over: accuracy in [0, 1] always; anything else from 0 (or its
 * minimum, when negative) to 5% above its largest finite value.
 */
export function valueRange(metric: string, values: readonly number[]): [number, number] {
  if (/acc/i.test(metric)) return [0, 1];
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(0, ...finite);
  const hi = Math.max(...finite);
  return hi > lo ? [lo, hi + (hi - lo) * 0.05] : [lo, lo + 1];
}

/**
 * An SVG polyline's `points` for values at steps 0, 1, ...: step 0 at the left edge, step
 * `lastStep` (at least the number of values less one) at the right edge, the range's low end at
 * the bottom. Non-finite values are left out.
 */
export function polylinePoints(
  values: readonly number[],
  area: PlotArea,
  range: readonly [number, number],
  lastStep: number = values.length - 1,
): string {
  const span = Math.max(1, lastStep, values.length - 1);
  const [lo, hi] = range;
  const out: string[] = [];
  values.forEach((value, step) => {
    if (!Number.isFinite(value)) return;
    const clamped = Math.min(hi, Math.max(lo, value));
    const x = area.left + (step / span) * area.width;
    const y = area.top + (1 - (clamped - lo) / (hi - lo)) * area.height;
    out.push(`${round(x)},${round(y)}`);
  });
  return out.join(' ');
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
