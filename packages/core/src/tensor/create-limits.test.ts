import { describe, expect, it } from 'vitest';
import '../composites/index';
import { memory } from '../engine/engine';
import { DTypeError, GliaError, SizeLimitError } from '../errors';
import { randomNormal, randomUniform, truncatedNormal } from '../random/random';
import { useHostBackend } from '../test-support/host-backend';
import { MAX_TENSOR_ELEMENTS } from '../util/size-limit';
import { eye, fill, linspace, ones, range, zeros } from './create';

describe('creation ops: sizes checked before allocating, and dtype rules', () => {
  useHostBackend('host-limits');

  it('a huge shape is a SizeLimitError naming the op, the shape, the count and the limit', () => {
    const before = memory().numTensors;
    const rssBefore = process.memoryUsage().rss;
    const cases: [string, () => unknown, RegExp][] = [
      [
        'zeros',
        () => zeros([1e6, 1e6]),
        /zeros: output shape \[1000000,1000000\] has 1\.00e\+12 elements/,
      ],
      [
        'ones',
        () => ones([1e6, 1e6], 'int32'),
        /ones: .*1\.00e\+12 elements, 4\.00e\+12 bytes of int32/,
      ],
      ['fill', () => fill([2 ** 31], 1), /fill: .*\[2147483648\]/],
      ['eye', () => eye(1e6), /eye: output shape \[1000000,1000000\]/],
      ['range', () => range(0, 1e12), /range: output shape \[1000000000000\]/],
      ['linspace', () => linspace(0, 1, 1e10), /linspace: /],
      ['randomNormal', () => randomNormal([1e6, 1e6]), /randomNormal: /],
      ['randomUniform', () => randomUniform([1e6, 1e6]), /randomUniform: /],
      ['randomUniform bool', () => randomUniform([1e6, 1e6], 0, 1, 'bool'), /randomUniform: /],
      ['truncatedNormal', () => truncatedNormal([1e6, 1e6]), /truncatedNormal: /],
    ];
    for (const [title, call, message] of cases) {
      let caught: unknown;
      try {
        call();
      } catch (e) {
        caught = e;
      }
      expect(caught, title).toBeInstanceOf(SizeLimitError);
      expect(caught, title).toBeInstanceOf(GliaError);
      expect((caught as Error).message, title).toMatch(message);
      expect((caught as Error).message, title).toContain(`expected at most ${MAX_TENSOR_ELEMENTS}`);
    }
    expect(memory().numTensors).toBe(before);
    // nothing was allocated: far less than the 4 GB the smallest of these shapes would need
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 2 ** 20);
  });

  it('a shape with a zero dimension holds no elements, however large the others', () => {
    expect(zeros([0, 1e12]).size).toBe(0);
  });

  it('eye and randomUniform accept bool', () => {
    expect([...eye(2, 3, 'bool').dataSync()]).toEqual([1, 0, 0, 0, 1, 0]);
    const coin = Array.from(randomUniform([20000], 0, 1, 'bool', 3).dataSync());
    const trues = coin.reduce((s, v) => s + v, 0);
    // Binomial(20000, 1/2): sd 70.7; 5 sigma
    expect(Math.abs(trues - 10000)).toBeLessThan(354);
    expect(coin.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('randomNormal and truncatedNormal in int32 round to nearest, so the mean stays (n = 100000)', () => {
    for (const f of [randomNormal, truncatedNormal]) {
      const v = Array.from(f([100000], 0, 1, 'int32', 11).dataSync());
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      // rounded N(0,1) has variance ~1.08: the mean's sd is ~0.0033; before, floor gave -0.5
      expect(Math.abs(mean)).toBeLessThan(0.02);
      // P(round(z) = 0) = P(|z| < 0.5) = 0.3829 for the normal
      if (f === randomNormal) {
        const zeros = v.filter((x) => x === 0).length / v.length;
        expect(Math.abs(zeros - 0.3829)).toBeLessThan(0.01);
      }
    }
  });

  it('an unknown dtype is still a DTypeError', () => {
    expect(() => eye(2, 2, 'float64' as never)).toThrow(DTypeError);
    expect(() => range(0, 3, 1, 'x' as never)).toThrow(DTypeError);
  });
});
