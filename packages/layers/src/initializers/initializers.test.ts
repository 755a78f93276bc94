import '@glia/backend-cpu';
import { ready, setSeed, type Tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeFans,
  getInitializer,
  INITIALIZER_NAMES,
  type Initializer,
  initializers,
  serializeInitializer,
} from './index';

beforeAll(async () => {
  await ready();
});

function stats(t: Tensor): { mean: number; variance: number; min: number; max: number } {
  const v = t.dataSync();
  let sum = 0;
  for (const x of v) sum += x;
  const mean = sum / v.length;
  let sq = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of v) {
    sq += (x - mean) ** 2;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  t.dispose();
  return { mean, variance: sq / v.length, min, max };
}

describe('computeFans', () => {
  it('reads dense kernels as [in, out] and conv kernels with their receptive field', () => {
    expect(computeFans([100, 200])).toEqual({ fanIn: 100, fanOut: 200 });
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(computeFans([5])).toEqual({ fanIn: 5, fanOut: 5 });
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

describe('variance scaling initializers', () => {
  // [fan-in 144, fan-out 288] for conv, [100, 200] for dense: tens of thousands of draws.
  const cases: [string, () => Initializer, number[], number, 'uniform' | 'normal'][] = [
    [
      'glorotUniform',
      () => initializers.glorotUniform({ seed: 1 }),
      [100, 200],
      2 / 300,
      'uniform',
    ],
    ['glorotNormal', () => initializers.glorotNormal({ seed: 2 }), [100, 200], 2 / 300, 'normal'],
    ['heUniform', () => initializers.heUniform({ seed: 3 }), [3, 3, 16, 32], 2 / 144, 'uniform'],
    ['heNormal', () => initializers.heNormal({ seed: 4 }), [3, 3, 16, 32], 2 / 144, 'normal'],
    ['lecunUniform', () => initializers.lecunUniform({ seed: 5 }), [100, 200], 1 / 100, 'uniform'],
    ['lecunNormal', () => initializers.lecunNormal({ seed: 6 }), [100, 200], 1 / 100, 'normal'],
  ];
  for (const [name, make, shape, variance, kind] of cases) {
    it(`${name} has mean 0 and variance ${variance.toPrecision(3)} (Keras' formula) on ${JSON.stringify(shape)}`, () => {
      const s = stats(make().apply(shape));
      expect(Math.abs(s.mean)).toBeLessThan(0.03 * Math.sqrt(variance));
      expect(s.variance / variance).toBeGreaterThan(0.95);
      expect(s.variance / variance).toBeLessThan(1.05);
      // Uniform within ±sqrt(3·variance); the truncated normal within two of its standard deviations.
      const bound =
        kind === 'uniform'
          ? Math.sqrt(3 * variance)
          : (2 * Math.sqrt(variance)) / 0.8796256610342398;
      expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(Math.max(-s.min, s.max)).toBeGreaterThan(bound * 0.95);
    });
  }

  it('untruncatedNormal and fanOut work as named', () => {
    const s = stats(
      initializers
        .varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'untruncatedNormal', seed: 9 })
        .apply([100, 200]),
    );
    expect(s.variance / (3 / 200)).toBeCloseTo(1, 1);
    expect(Math.max(-s.min, s.max)).toBeGreaterThan(3 * Math.sqrt(3 / 200));
  });
});

describe('other initializers', () => {
  it('zeros, ones and constant fill', () => {
    expect(Array.from(initializers.zeros().apply([2, 2]).dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(initializers.ones().apply([3]).dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(initializers.constant({ value: -2.5 }).apply([2]).dataSync())).toEqual([
      -2.5, -2.5,
    ]);
    expect(initializers.ones().apply([2], 'int32').dtype).toBe('int32');
  });

  it('randomNormal, randomUniform and truncatedNormal follow their parameters', () => {
    const n = stats(initializers.randomNormal({ mean: 2, stddev: 0.5, seed: 1 }).apply([20000]));
    expect(n.mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(n.variance)).toBeCloseTo(0.5, 1);
    const u = stats(initializers.randomUniform({ minval: -3, maxval: 1, seed: 2 }).apply([20000]));
    expect(u.min).toBeGreaterThanOrEqual(-3);
    expect(u.max).toBeLessThan(1);
    expect(u.variance).toBeCloseTo(16 / 12, 1);
    const t = stats(initializers.truncatedNormal({ mean: 1, stddev: 0.1, seed: 3 }).apply([20000]));
    expect(t.min).toBeGreaterThanOrEqual(0.8 - 1e-6);
    expect(t.max).toBeLessThanOrEqual(1.2 + 1e-6);
    // Defaults, as Keras and TF.js: stddev 0.05, uniform in ±0.05.
    const d = stats(initializers.randomUniform().apply([1000]));
    expect(Math.max(-d.min, d.max)).toBeLessThanOrEqual(0.05);
  });
});

describe('orthogonal', () => {
  /** Gram matrix of the rows (or columns) of t viewed as [rows, cols]. */
  function gram(t: Tensor, rows: number, cols: number, of: 'columns' | 'rows'): number[][] {
    const v = t.dataSync();
    const n = of === 'columns' ? cols : rows;
    const len = of === 'columns' ? rows : cols;
    const at = (i: number, k: number) => (of === 'columns' ? v[k * cols + i]! : v[i * cols + k]!);
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
        return s;
      }),
    );
  }
  function expectIdentity(g: number[][], scale = 1): void {
    for (const [i, row] of g.entries()) {
      for (const [j, v] of row.entries()) expect(v).toBeCloseTo(i === j ? scale : 0, 5);
    }
  }

  it('gives orthonormal columns (Qᵀ·Q = I) for tall shapes and rows for wide ones', () => {
    expectIdentity(gram(initializers.orthogonal({ seed: 1 }).apply([6, 4]), 6, 4, 'columns'));
    expectIdentity(gram(initializers.orthogonal({ seed: 2 }).apply([4, 6]), 4, 6, 'rows'));
    expectIdentity(gram(initializers.orthogonal({ seed: 3 }).apply([5, 5]), 5, 5, 'columns'));
    // A conv kernel [3, 3, 2, 4] is orthogonal as [18, 4].
    expectIdentity(
      gram(initializers.orthogonal({ seed: 4 }).apply([3, 3, 2, 4]), 18, 4, 'columns'),
    );
  });

  it('scales by gain', () => {
    expectIdentity(
      gram(initializers.orthogonal({ gain: 2, seed: 5 }).apply([5, 3]), 5, 3, 'columns'),
      4,
    );
  });

  it('needs rank 2 or more', () => {
    expect(() => initializers.orthogonal().apply([4])).toThrow(
      'Orthogonal: shape [4] has rank 1: expected rank >= 2',
    );
  });
});

describe('seeds', () => {
  const all = (seed?: number): Initializer[] => [
    initializers.glorotUniform({ seed }),
    initializers.heNormal({ seed }),
    initializers.randomNormal({ seed }),
    initializers.randomUniform({ seed }),
    initializers.truncatedNormal({ seed }),
    initializers.orthogonal({ seed }),
  ];

  it('a seed gives the same values on every call', () => {
    for (const init of all(11)) {
      expect(Array.from(init.apply([4, 3]).dataSync())).toEqual(
        Array.from(init.apply([4, 3]).dataSync()),
      );
    }
  });

  it('without a seed, values come from the global generator: setSeed(n) repeats them', () => {
    const draw = () => all().map((init) => Array.from(init.apply([4, 3]).dataSync()));
    setSeed(123);
    const first = draw();
    setSeed(123);
    expect(draw()).toEqual(first);
    expect(draw()).not.toEqual(first);
  });
});

describe('getInitializer and serialization', () => {
  it('accepts the camelCase, snake_case and class-name forms', () => {
    for (const name of ['glorotUniform', 'glorot_uniform', 'GlorotUniform']) {
      expect(getInitializer(name).getConfig()).toEqual({
        scale: 1,
        mode: 'fanAvg',
        distribution: 'uniform',
        seed: null,
      });
    }
    expect(getInitializer('he_normal').getConfig()).toEqual({
      scale: 2,
      mode: 'fanIn',
      distribution: 'normal',
      seed: null,
    });
    expect(getInitializer('leCunNormal').getConfig()).toEqual({
      scale: 1,
      mode: 'fanIn',
      distribution: 'normal',
      seed: null,
    });
    expect(getInitializer('zeros').className).toBe('Zeros');
    expect(getInitializer('random_uniform').className).toBe('RandomUniform');
    const mine = initializers.ones();
    expect(getInitializer(mine)).toBe(mine);
  });

  it('saves as TF.js does: Glorot, He and LeCun as VarianceScaling', () => {
    const pairs: [Initializer, { getClassName(): string; getConfig(): object }][] = [
      [initializers.glorotUniform(), tf.initializers.glorotUniform({})],
      [initializers.glorotNormal({ seed: 3 }), tf.initializers.glorotNormal({ seed: 3 })],
      [initializers.heUniform(), tf.initializers.heUniform({})],
      [initializers.heNormal(), tf.initializers.heNormal({})],
      [initializers.lecunUniform(), tf.initializers.leCunUniform({})],
      [initializers.lecunNormal(), tf.initializers.leCunNormal({})],
      [initializers.zeros(), tf.initializers.zeros()],
      [initializers.ones(), tf.initializers.ones()],
      [initializers.constant({ value: 3 }), tf.initializers.constant({ value: 3 })],
      [
        initializers.randomNormal({ mean: 1, stddev: 2, seed: 4 }),
        tf.initializers.randomNormal({ mean: 1, stddev: 2, seed: 4 }),
      ],
      [
        initializers.randomUniform({ minval: -1, maxval: 2 }),
        tf.initializers.randomUniform({ minval: -1, maxval: 2 }),
      ],
      [initializers.truncatedNormal(), tf.initializers.truncatedNormal({})],
      [
        initializers.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'uniform' }),
        tf.initializers.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'uniform' }),
      ],
      [initializers.orthogonal({ gain: 2 }), tf.initializers.orthogonal({ gain: 2 })],
    ];
    const json = (v: unknown) =>
      JSON.parse(JSON.stringify(v, (_k, x) => (x === null ? undefined : x)));
    for (const [ours, theirs] of pairs) {
      expect(json(serializeInitializer(ours))).toEqual(
        json({ className: theirs.getClassName(), config: theirs.getConfig() }),
      );
    }
  });

  it('round-trips every initializer through its saved form', () => {
    for (const name of INITIALIZER_NAMES.filter((n) => n !== 'constant')) {
      const saved = serializeInitializer(getInitializer(name));
      expect(serializeInitializer(getInitializer(JSON.parse(JSON.stringify(saved))))).toEqual(
        saved,
      );
    }
    const constant = serializeInitializer(initializers.constant({ value: 0.5 }));
    expect(serializeInitializer(getInitializer(constant))).toEqual(constant);
  });

  it('names what it expected', () => {
    expect(() => getInitializer('glorot')).toThrow(
      "getInitializer: unknown initializer 'glorot': expected one of zeros, ones, constant, randomNormal, randomUniform, truncatedNormal, varianceScaling, glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal, orthogonal",
    );
    expect(() => getInitializer('constant')).toThrow(/'constant' needs a value/);
    expect(() => getInitializer({ className: 'Identity', config: {} })).toThrow(
      /unknown initializer class 'Identity': expected one of Zeros, Ones/,
    );
    expect(() =>
      getInitializer({ className: 'VarianceScaling', config: { mode: 'fanMiddle' } }),
    ).toThrow(/VarianceScaling: unknown mode "fanMiddle"/);
    expect(() => getInitializer({ className: 'RandomNormal', config: { stdDev: 1 } })).toThrow(
      "RandomNormal: unknown config field 'stdDev': expected only mean, stddev, seed",
    );
    expect(() => initializers.randomUniform({ minval: 1, maxval: 1 })).toThrow(
      'RandomUniform: maxval 1 must exceed minval 1',
    );
    expect(() => initializers.zeros().apply([2], 'bool')).toThrow(
      'Zeros: dtype bool is not supported: expected float32 or int32',
    );
  });
});
