import { describe, expect, it } from 'vitest';
import { kernelTestBed } from '../test-support';

describe('softmax and logSoftmax', () => {
  it('are finite and exact for large logits [1000, 1001, 1002]', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1000, 1001, 1002]);
    const softmax = read(kernels.softmax({ x }, { axis: 0 }));
    [0.09003057317038046, 0.24472847105479764, 0.6652409557748219].forEach((p, i) => {
      expect(softmax[i]).toBeCloseTo(p, 6);
    });
    const logSoftmax = read(kernels.logSoftmax({ x }, { axis: 0 }));
    [-2.40760596444438, -1.40760596444438, -0.40760596444438].forEach((p, i) => {
      expect(logSoftmax[i]).toBeCloseTo(p, 5);
    });
  });

  it('normalise along a middle axis', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([0, 5, Math.log(3), 5, 0, 7, Math.log(7), 7], [2, 2, 2]);
    const y = read(kernels.softmax({ x }, { axis: 1 }));
    [0.25, 0.5, 0.75, 0.5, 0.125, 0.5, 0.875, 0.5].forEach((p, i) => {
      expect(y[i]).toBeCloseTo(p, 6);
    });
  });
});
