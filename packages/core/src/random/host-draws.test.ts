import { describe, expect, it } from 'vitest';
import { useHostBackend } from '../test-support/host-backend';
import { setSeed } from './prng';
import { randomNormal, randomNormalValues, randomUniform, seedFromGlobalGenerator } from './random';

describe('host draws (no tensor, no read back)', () => {
  useHostBackend('host-draws');
  it('seedFromGlobalGenerator gives what a one-element int32 randomUniform holds', () => {
    setSeed(11);
    const a = [seedFromGlobalGenerator(), seedFromGlobalGenerator()];
    setSeed(11);
    const b = [0, 1].map(() => randomUniform([], 0, 2 ** 31 - 1, 'int32').dataSync()[0]);
    expect(a).toEqual(b);
    expect(a.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31 - 1)).toBe(true);
  });
  it('randomNormalValues gives randomNormal(…, 0, 1, float32, seed)', () => {
    expect(Array.from(randomNormalValues(7, 5))).toEqual(
      Array.from(randomNormal([7], 0, 1, 'float32', 5).dataSync()),
    );
  });
});
