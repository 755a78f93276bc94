import '@glia/backend-cpu';
import { checkGradient } from '@glia/autograd';
import { ready, type Tensor, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getRegularizer, L1L2, regularizers, serializeRegularizer } from './index';

beforeAll(async () => {
  await ready();
});

const w = () =>
  tensor([
    [1, -2],
    [0.5, 3],
  ]);

describe('regularizers', () => {
  it('l1, l2 and l1l2 compute l1·Σ|w| + l2·Σw²', () => {
    expect(regularizers.l1({ l1: 0.1 }).apply(w()).dataSync()[0]).toBeCloseTo(0.65, 6);
    expect(regularizers.l2({ l2: 0.1 }).apply(w()).dataSync()[0]).toBeCloseTo(1.425, 6);
    expect(regularizers.l1l2({ l1: 0.1, l2: 0.1 }).apply(w()).dataSync()[0]).toBeCloseTo(2.075, 6);
    expect(new L1L2().apply(w()).dataSync()[0]).toBe(0);
  });

  it('default to 0.01, as TF.js, and save as L1L2 { l1, l2 }', () => {
    expect(serializeRegularizer(regularizers.l1())).toEqual({
      className: 'L1L2',
      config: { l1: 0.01, l2: 0 },
    });
    expect(serializeRegularizer(regularizers.l2())).toEqual({
      className: 'L1L2',
      config: { l1: 0, l2: 0.01 },
    });
    expect(serializeRegularizer(regularizers.l1l2())).toEqual({
      className: 'L1L2',
      config: { l1: 0.01, l2: 0.01 },
    });
  });

  it('have the gradient l1·sign(w) + 2·l2·w', () => {
    const r = regularizers.l1l2({ l1: 0.3, l2: 0.2 });
    const { ok, message } = checkGradient((x: Tensor) => r.apply(x), [w()], { tolerance: 1e-3 });
    expect(message).toBe('');
    expect(ok).toBe(true);
  });
});

describe('getRegularizer', () => {
  it('reads names, saved forms (TF.js L1L2, Keras L1 / L2) and regularizers', () => {
    expect(getRegularizer('l2').getConfig()).toEqual({ l1: 0, l2: 0.01 });
    expect(getRegularizer('L1L2').getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(
      getRegularizer({ className: 'L1L2', config: { l1: 0.5, l2: 0.25 } }).getConfig(),
    ).toEqual({ l1: 0.5, l2: 0.25 });
    expect(getRegularizer({ className: 'L2', config: { l2: 0.3 } }).getConfig()).toEqual({
      l1: 0,
      l2: 0.3,
    });
    const r = regularizers.l1();
    expect(getRegularizer(r)).toBe(r);
    const config = serializeRegularizer(regularizers.l1l2({ l1: 0.2 }));
    expect(serializeRegularizer(getRegularizer(config))).toEqual(config);
  });

  it('names what it expected', () => {
    expect(() => getRegularizer('l3')).toThrow(
      "getRegularizer: unknown regularizer 'l3': expected one of l1, l2, l1l2",
    );
    expect(() => getRegularizer({ className: 'MaxNorm', config: {} })).toThrow(
      /unknown regularizer class 'MaxNorm': expected one of L1L2, L1, L2/,
    );
    expect(() => getRegularizer({ className: 'L1L2', config: { l1: -1 } })).toThrow(
      'L1L2: l1 must be a finite number >= 0, got -1',
    );
    expect(() => getRegularizer({ className: 'L1L2', config: { l3: 1 } })).toThrow(
      "L1L2: unknown config field 'l3': expected only l1, l2",
    );
    const extraField = { className: 'L1L2', config: {}, trainable: true };
    expect(() => getRegularizer(extraField)).toThrow(
      "getRegularizer: unknown config field 'trainable': expected only className, config",
    );
  });
});
