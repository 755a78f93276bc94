/**
 * The attribution methods, against independent references: saliency against finite differences,
 * gradient × input against w·x by hand, integrated gradients' completeness, SmoothGrad against
 * saliency, occlusion on a model that sees one region only; batches, targets, errors, and no leaks.
 */
import {
  add,
  matMul,
  memory,
  mul,
  reshape,
  sigmoid,
  slice,
  sum,
  type Tensor,
  tanh,
  tensor,
  tidy,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientTimesInput, integratedGradients, occlusion, saliency, smoothGrad } from './index';
import { randomTensor, smallClassifier, smallCnn, useCpu } from './test-support';

beforeAll(useCpu);

const values = (t: Tensor): number[] => Array.from(t.dataSync());

/** f(x)[example, target] for each example, on the host. */
function scoresOf(f: (x: Tensor) => Tensor, x: Tensor, target: number): number[] {
  return tidy(() => {
    const out = f(x);
    const k = out.shape[1]!;
    return values(out).filter((_, i) => i % k === target);
  });
}

describe('saliency', () => {
  it('equals central finite differences of the class score (float64 steps on a float32 model)', () => {
    const model = smallClassifier(3);
    const f = (x: Tensor) => model.apply(x);
    const x = randomTensor([2, 6], 4);
    const map = saliency(model, x, { target: 1 });
    expect(map.shape).toEqual([2, 6]);
    const base = values(x);
    const eps = 1e-2;
    const numeric = base.map((_, i) => {
      const plus = base.slice();
      const minus = base.slice();
      plus[i]! += eps;
      minus[i]! -= eps;
      const example = Math.floor(i / 6);
      const up = scoresOf(f, tensor(plus, [2, 6]), 1)[example]!;
      const down = scoresOf(f, tensor(minus, [2, 6]), 1)[example]!;
      return (up - down) / (2 * eps);
    });
    const analytic = values(map);
    const scale = Math.max(...numeric.map(Math.abs));
    for (let i = 0; i < numeric.length; i++) {
      expect(Math.abs(analytic[i]! - numeric[i]!)).toBeLessThan(2e-3 * scale + 1e-5);
    }
    map.dispose();
    x.dispose();
    model.dispose();
  });

  it('of a batch is the saliency of each example on its own', () => {
    const model = smallCnn();
    const x = randomTensor([3, 6, 6, 2], 5, 0, 1);
    const whole = saliency(model, x, { target: [0, 2, 3] });
    [0, 2, 3].forEach((target, i) => {
      const one = tidy(() => slice(x, [i, 0, 0, 0], [1, 6, 6, 2]));
      const alone = saliency(model, one, { target });
      const part = tidy(() => values(slice(whole, [i, 0, 0, 0], [1, 6, 6, 2])));
      values(alone).forEach((v, j) => {
        expect(v).toBeCloseTo(part[j]!, 6);
      });
      alone.dispose();
      one.dispose();
    });
    whole.dispose();
    x.dispose();
    model.dispose();
  });

  it('defaults to the predicted class, and takes a function of the output or logits', () => {
    const model = smallClassifier(5);
    const x = randomTensor([4, 6], 6);
    const predicted = tidy(() => {
      const out = values(model.apply(x));
      return [0, 1, 2, 3].map((i) => {
        const row = out.slice(i * 3, i * 3 + 3);
        return row.indexOf(Math.max(...row));
      });
    });
    const byDefault = saliency(model, x);
    const explicit = saliency(model, x, { target: predicted });
    const picked = saliency(model, x, {
      target: (out) =>
        sum(
          mul(
            out,
            tensor(
              predicted.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))),
              [4, 3],
            ),
          ),
          1,
        ),
    });
    expect(values(byDefault)).toEqual(values(explicit));
    values(picked).forEach((v, i) => {
      expect(v).toBeCloseTo(values(explicit)[i]!, 6);
    });
    const logits = saliency(model, x, { target: 0, logits: true });
    expect(values(logits)).not.toEqual(values(saliency(model, x, { target: 0 })));
    for (const t of [byDefault, explicit, picked, logits, x]) t.dispose();
    model.dispose();
  });

  it('rejects bad targets and inputs with messages that name them', () => {
    const model = smallClassifier(1);
    const x = randomTensor([2, 6], 1);
    expect(() => saliency(model, x, { target: 3 })).toThrow(
      /saliency: target class 3 is out of range: the model gives 3 scores per example/,
    );
    expect(() => saliency(model, x, { target: [0] })).toThrow(/1 class indices for 2 examples/);
    expect(() => saliency(model, x, { target: 1.5 })).toThrow(/non-negative integer/);
    expect(() => saliency(model, x, { target: (out) => out })).toThrow(
      /target function returned shape \[2,3\].*expected one score per row, \[2\]/,
    );
    const ints = tensor(new Int32Array(12), [2, 6], 'int32');
    expect(() => saliency(model, ints, { target: 0 })).toThrow(/dtype int32: expected float32/);
    const one = tensor([1, 2, 3]);
    expect(() => saliency((t) => t, one)).toThrow(/expected a batch/);
    for (const t of [x, ints, one]) t.dispose();
    model.dispose();
  });
});

describe('gradient × input', () => {
  it('on a linear model is w·x per feature', () => {
    const w = tensor([
      [1, -2],
      [0.5, 3],
      [-1.5, 0.25],
    ]);
    const b = tensor([0.3, -0.7]);
    const linear = (x: Tensor) => add(matMul(x, w), b);
    const x = tensor([
      [2, -1, 4],
      [0.5, 0.5, -2],
    ]);
    const attr = gradientTimesInput(linear, x, { target: 1 });
    expect(values(attr)).toEqual([2 * -2, -1 * 3, 4 * 0.25, 0.5 * -2, 0.5 * 3, -2 * 0.25]);
    const first = gradientTimesInput(linear, x, { target: 0 });
    expect(values(first)).toEqual([2, -0.5, -6, 0.5, 0.25, 3]);
    for (const t of [w, b, x, attr, first]) t.dispose();
  });
});

describe('integrated gradients', () => {
  /** max over examples of |sum(attributions) - (f(x) - f(baseline))| / |f(x) - f(baseline)|. */
  function completenessError(
    f: (x: Tensor) => Tensor,
    ig: Tensor,
    x: Tensor,
    baseline: Tensor,
    target: number,
  ): number {
    const n = x.shape[0]!;
    const sums = tidy(() => values(sum(reshape(ig, [n, -1]), 1)));
    const atX = scoresOf(f, x, target);
    const atBase = tidy(() => scoresOf(f, add(mul(x, 0), baseline), target));
    return Math.max(
      ...sums.map((s, i) => Math.abs(s - (atX[i]! - atBase[i]!)) / Math.abs(atX[i]! - atBase[i]!)),
    );
  }

  it('satisfies completeness within 1% at 128 steps on nonlinear models', () => {
    const mlp = smallClassifier(7);
    const x = randomTensor([3, 6], 8, -3, 3);
    const baseline = randomTensor([6], 9, -0.5, 0.5);
    const cnn = smallCnn(3);
    const images = randomTensor([2, 6, 6, 2], 10, 0, 2);
    const black = tensor(new Float32Array(72), [6, 6, 2]);
    const errors: Record<string, number> = {};
    for (const method of ['midpoint', 'trapezoid'] as const) {
      const options = { steps: 128, method } as const;
      const ig = integratedGradients(mlp, x, { ...options, target: 2, logits: true, baseline });
      const logits = (t: Tensor) => mlp.apply(t, { training: false }, true);
      errors[`mlp logits, ${method}`] = completenessError(logits, ig, x, baseline, 2);
      const igCnn = integratedGradients(cnn, images, { ...options, target: 1, baseline: black });
      errors[`cnn softmax, ${method}`] = completenessError(
        (t) => cnn.apply(t),
        igCnn,
        images,
        black,
        1,
      );
      ig.dispose();
      igCnn.dispose();
    }
    for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThan(0.01);
    // A 4-step right Riemann sum is visibly off: the check has teeth.
    const coarse = integratedGradients(cnn, images, {
      steps: 4,
      method: 'right',
      target: 1,
      baseline: black,
    });
    expect(completenessError((t) => cnn.apply(t), coarse, images, black, 1)).toBeGreaterThan(0.01);
    for (const t of [x, baseline, images, black, coarse]) t.dispose();
    mlp.dispose();
    cnn.dispose();
  });

  it('does not depend on how the steps are batched, and a zero baseline is the default', () => {
    const model = smallCnn(4);
    const x = randomTensor([2, 6, 6, 2], 3, 0, 1);
    const a = integratedGradients(model, x, { target: 1, steps: 16 });
    const b = integratedGradients(model, x, { target: 1, steps: 16, batchSize: 6, baseline: 0 });
    values(a).forEach((v, i) => {
      expect(v).toBeCloseTo(values(b)[i]!, 6);
    });
    expect(a.shape).toEqual([2, 6, 6, 2]);
    for (const t of [a, b, x]) t.dispose();
    model.dispose();
  });

  it('for a linear model equals gradient × (x - baseline) exactly, with any rule', () => {
    const w = tensor([[2], [-1], [0.5]]);
    const f = (x: Tensor) => matMul(x, w);
    const x = tensor([[1, 2, 3]]);
    for (const method of ['left', 'right', 'midpoint', 'trapezoid'] as const) {
      const ig = integratedGradients(f, x, { baseline: 1, steps: 4, method });
      values(ig).forEach((v, i) => {
        expect(v).toBeCloseTo([0, -1, 1][i]!, 6);
      });
      ig.dispose();
    }
    for (const t of [w, x]) t.dispose();
  });
});

describe('SmoothGrad', () => {
  it('with zero noise equals saliency', () => {
    const model = smallClassifier(2);
    const x = randomTensor([3, 6], 2);
    const plain = saliency(model, x, { target: 0 });
    const smooth = smoothGrad(model, x, { target: 0, noiseLevel: 0, samples: 5 });
    const absolute = smoothGrad(model, x, { target: 0, stdDev: 0, samples: 3 });
    values(smooth).forEach((v, i) => {
      expect(v).toBeCloseTo(values(plain)[i]!, 6);
    });
    values(absolute).forEach((v, i) => {
      expect(v).toBeCloseTo(values(plain)[i]!, 6);
    });
    for (const t of [x, plain, smooth, absolute]) t.dispose();
    model.dispose();
  });

  it('repeats with its seed (for any batching), and differs with another seed', () => {
    const model = smallCnn(6);
    const x = randomTensor([2, 6, 6, 2], 7, 0, 1);
    const a = smoothGrad(model, x, { target: 3, samples: 8, seed: 1 });
    const b = smoothGrad(model, x, { target: 3, samples: 8, seed: 1, batchSize: 3 });
    const c = smoothGrad(model, x, { target: 3, samples: 8, seed: 2 });
    values(a).forEach((v, i) => {
      expect(v).toBeCloseTo(values(b)[i]!, 6);
    });
    expect(values(a)).not.toEqual(values(c));
    for (const t of [a, b, c, x]) t.dispose();
    model.dispose();
  });
});

describe('occlusion', () => {
  // Sees only rows 2-3 and columns 4-5 of an 8×8 image: score = sum of w·x over that region.
  const regionModel = (x: Tensor): Tensor =>
    tidy(() => {
      const region = slice(x, [0, 2, 4, 0], [x.shape[0]!, 2, 2, 1]);
      const w = tensor([1, 2, -1, 3], [1, 2, 2, 1]);
      return reshape(sum(mul(region, w), [1, 2, 3]), [x.shape[0]!, 1]);
    });

  it('attributes only to the region a model looks at', () => {
    const x = randomTensor([2, 8, 8, 1], 3, 0.5, 1);
    const drops = occlusion(regionModel, x, { window: 2, strides: 2 });
    const v = values(drops);
    const inside = (p: number) => {
      const r = Math.floor((p % 64) / 8);
      const c = p % 8;
      return r >= 2 && r <= 3 && c >= 4 && c <= 5;
    };
    const xs = values(x);
    v.forEach((d, p) => {
      if (!inside(p)) expect(d).toBe(0);
    });
    for (const example of [0, 1]) {
      // The one patch covering the region removes its whole score: every pixel there gets it.
      const o = example * 64;
      const score = xs[o + 20]! * 1 + xs[o + 21]! * 2 + xs[o + 28]! * -1 + xs[o + 29]! * 3;
      for (const p of [20, 21, 28, 29]) expect(v[o + p]).toBeCloseTo(score, 5);
    }
    // Overlapping patches (stride 1): still nothing outside the patches that touch the region.
    const fine = occlusion(regionModel, x, { window: 3, strides: 1, baseline: 0.5 });
    values(fine).forEach((d, p) => {
      const r = Math.floor((p % 64) / 8);
      const c = p % 8;
      if (r < 0 || r > 5 || c < 2 || c > 7) expect(d).toBe(0);
    });
    for (const t of [x, drops, fine]) t.dispose();
  });

  it('covers edges that the strides do not reach, and keeps the channels', () => {
    const model = smallCnn(8);
    const x = randomTensor([1, 6, 6, 2], 4, 0, 1);
    const drops = occlusion(model, x, { target: 2, window: 4, strides: 3, batchSize: 1 });
    expect(drops.shape).toEqual([1, 6, 6, 2]);
    const v = values(drops);
    for (let p = 0; p < 36; p++) expect(v[p * 2]).toBe(v[p * 2 + 1]);
    expect(() => occlusion(model, x, { window: 7 })).toThrow(/window \[7,7\] is larger/);
    expect(() => occlusion(model, x, { window: 0 })).toThrow(/window must be a positive integer/);
    x.dispose();
    drops.dispose();
    model.dispose();
  });
});

describe('memory', () => {
  it('every method adds exactly its result to memory().numTensors', () => {
    const model = smallCnn(9);
    const x = randomTensor([2, 6, 6, 2], 1, 0, 1);
    const baseline = randomTensor([2, 6, 6, 2], 2, 0, 0.1);
    const fn = (t: Tensor) => tidy(() => sigmoid(tanh(reshape(sum(t, [1, 2, 3]), [t.shape[0]!]))));
    const runs: [string, () => Tensor][] = [
      ['saliency', () => saliency(model, x)],
      ['saliency (function)', () => saliency(fn, x)],
      ['gradientTimesInput', () => gradientTimesInput(model, x, { target: 1 })],
      [
        'integratedGradients',
        () => integratedGradients(model, x, { steps: 9, batchSize: 4, baseline }),
      ],
      ['smoothGrad', () => smoothGrad(model, x, { samples: 5, seed: 3, batchSize: 4 })],
      [
        'smoothGrad (stdDev)',
        () => smoothGrad(model, x, { samples: 2, stdDev: 0.1, target: [1, 2] }),
      ],
      ['occlusion', () => occlusion(model, x, { window: 2, strides: 1, batchSize: 7 })],
    ];
    for (const [name, run] of runs) {
      const before = memory().numTensors;
      const result = run();
      expect(memory().numTensors, name).toBe(before + 1);
      expect(result.shape, name).toEqual(x.shape);
      result.dispose();
    }
    const before = memory().numTensors;
    expect(() => saliency(model, x, { target: 9 })).toThrow();
    for (const [name, run] of [
      ['integratedGradients', () => integratedGradients(model, x, { batchSize: 0 })],
      ['smoothGrad', () => smoothGrad(model, x, { batchSize: 1.5 })],
      ['occlusion', () => occlusion(model, x, { window: 2, batchSize: -1 })],
    ] as const) {
      expect(run, name).toThrow(new RegExp(`${name}: batchSize must be a positive integer`));
    }
    expect(memory().numTensors).toBe(before);
    for (const t of [x, baseline]) t.dispose();
    model.dispose();
  });
});
