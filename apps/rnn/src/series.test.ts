import { describe, expect, it } from 'vitest';
import { lastValueForecast, meanSquaredError, multiSeasonalSeries, slidingWindows } from './series';

describe('the synthetic series', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = multiSeasonalSeries(300, 1);
    expect(multiSeasonalSeries(300, 1)).toEqual(a);
    expect(multiSeasonalSeries(300, 2)).not.toEqual(a);
  });

  it('cuts windows whose target is the step after them', () => {
    const series = Float32Array.from({ length: 10 }, (_, i) => i);
    const w = slidingWindows(series, 3, 0, 6);
    expect(w.count).toBe(3);
    expect(Array.from(w.inputs)).toEqual([0, 1, 2, 1, 2, 3, 2, 3, 4]);
    expect(Array.from(w.targets)).toEqual([3, 4, 5]);
    expect(Array.from(lastValueForecast(w))).toEqual([2, 3, 4]);
    expect(meanSquaredError(lastValueForecast(w), w.targets)).toBe(1);
  });
});
