import { describe, expect, it } from 'vitest';
import { polylinePoints, valueRange } from './chart-geometry';

const area = { left: 10, top: 20, width: 100, height: 50 };

describe('polylinePoints', () => {
  it('puts step 0 at the left, the last step at the right, the range ends at bottom and top', () => {
    expect(polylinePoints([0, 0.5, 1], area, [0, 1])).toBe('10,70 60,45 110,20');
  });

  it('spreads the points over the planned steps, so the line grows to the right', () => {
    // 2 of 5 planned batches: x at steps 0 and 1 of 4
    expect(polylinePoints([1, 2], area, [0, 4], 4)).toBe('10,57.5 35,45');
  });

  it('clamps values outside the range and leaves out non-finite ones', () => {
    expect(polylinePoints([-1, Number.NaN, 2], area, [0, 1])).toBe('10,70 110,20');
  });

  it('draws a single value at the left edge', () => {
    expect(polylinePoints([0.25], area, [0, 1])).toBe('10,57.5');
  });
});

describe('valueRange', () => {
  it('shows accuracy on [0, 1]', () => {
    expect(valueRange('accuracy', [0.2, 0.4])).toEqual([0, 1]);
  });

  it('shows a loss from 0 to 5% above its largest finite value', () => {
    expect(valueRange('loss', [2, 1, Number.NaN])).toEqual([0, 2.1]);
  });

  it('falls back to [0, 1] with no finite value, and widens an empty span', () => {
    expect(valueRange('loss', [])).toEqual([0, 1]);
    expect(valueRange('loss', [Number.POSITIVE_INFINITY])).toEqual([0, 1]);
    expect(valueRange('loss', [0, 0])).toEqual([0, 1]);
  });
});
