import '@glia/backend-cpu';
import { memory, ready, type Tensor, tensor, tidy, ValueError } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalLossName, getLoss, losses, lossNames } from './index';
import type { LossSpec } from './loss';
import { expectClose, valuesOf } from './test-support';

beforeAll(ready);

describe('getLoss', () => {
  it.each([
    ['sparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy'],
    ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
    ['SparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy'],
    ['scce', 'sparseCategoricalCrossentropy'],
    ['categorical_crossentropy', 'categoricalCrossentropy'],
    ['binary_crossentropy', 'binaryCrossentropy'],
    ['mse', 'meanSquaredError'],
    ['MSE', 'meanSquaredError'],
    ['mean_squared_error', 'meanSquaredError'],
    ['mae', 'meanAbsoluteError'],
    ['meanAbsoluteError', 'meanAbsoluteError'],
    ['huber', 'huber'],
    ['kld', 'kullbackLeiblerDivergence'],
    ['KLD', 'kullbackLeiblerDivergence'],
    ['kl_divergence', 'kullbackLeiblerDivergence'],
    ['kullback_leibler_divergence', 'kullbackLeiblerDivergence'],
    ['cosine_similarity', 'cosineSimilarity'],
    ['cosineProximity', 'cosineSimilarity'],
    ['hinge', 'hinge'],
  ])('resolves %s to %s', (identifier, name) => {
    expect(getLoss(identifier).name).toBe(name);
    expect(canonicalLossName(identifier)).toBe(name);
  });

  it('gives the cross-entropies their fused path and label checks', () => {
    const expectations: [string, 'softmax' | 'sigmoid'][] = [
      ['categoricalCrossentropy', 'softmax'],
      ['sparseCategoricalCrossentropy', 'softmax'],
      ['binaryCrossentropy', 'sigmoid'],
    ];
    for (const [name, activation] of expectations) {
      const spec = getLoss(name);
      expect(spec.fused?.activation).toBe(activation);
      expect(spec.validateLabels).toBeTypeOf('function');
    }
    expect(getLoss('mse').fused).toBeUndefined();
  });

  it('resolves a built-in loss passed as a function to its full spec', () => {
    const spec = getLoss(losses.sparseCategoricalCrossentropy);
    expect(spec.name).toBe('sparseCategoricalCrossentropy');
    expect(spec.fused?.activation).toBe('softmax');
  });

  it('takes a spec made with options as it is', () => {
    const spec = losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    expect(getLoss(spec)).toBe(spec);
    expect(spec.fused).toBeUndefined();
  });

  it('wraps a plain function, named after it', () => {
    function squaredLogError(yTrue: Tensor, yPred: Tensor): Tensor {
      return losses.meanSquaredError(yTrue, yPred);
    }
    const spec: LossSpec = getLoss(squaredLogError);
    expect(spec.name).toBe('squaredLogError');
    expect(spec.fused).toBeUndefined();
    const before = memory().numTensors;
    const values = tidy(() => valuesOf(spec.fn(tensor([[1, 2]]), tensor([[0, 0]]))));
    expectClose(values, [2.5]);
    expect(memory().numTensors).toBe(before);
  });

  it('rejects an unknown name with a ValueError listing the known names', () => {
    expect(() => getLoss('meanSquareError')).toThrow(ValueError);
    expect(() => getLoss('meanSquareError')).toThrow(
      /getLoss: unknown loss 'meanSquareError': expected one of meanSquaredError, mean_squared_error, mse, .*sparse_categorical_crossentropy.*kld/,
    );
    expect(lossNames()).toContain('sparse_categorical_crossentropy');
  });

  it('rejects something that is not a loss', () => {
    expect(() => getLoss({} as LossSpec)).toThrow(/getLoss: got an object without a fn/);
  });

  it('spec.fn skips the label checks the training loop runs once (validateLabels)', () => {
    // The tensor form checks; spec.fn, called per batch after validateLabels, does not re-read labels.
    const values = tidy(() => {
      const spec = getLoss('sparseCategoricalCrossentropy');
      return valuesOf(spec.fn(tensor([1], [1], 'int32'), tensor([[0.25, 0.75]])));
    });
    expectClose(values, [-Math.log(0.75)]);
  });
});
