// Small surprises of predict: an empty model and a rank-1 input get errors that say what to do.
import '@glia/backend-cpu';
import { memory, ready, ShapeError, tensor, ValueError } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as layers from '../layers/index';
import { Sequential } from '../model/sequential';

describe('predict: errors that say what to do', () => {
  beforeAll(async () => {
    await ready();
  });

  it('a model without layers does not return its input: it says it has no layers', () => {
    const model = new Sequential({ name: 'empty' });
    const x = tensor([[1, 2]]);
    const before = memory().numTensors;
    expect(() => model.predict(x)).toThrow(ValueError);
    expect(() => model.predict(x)).toThrow(
      'predict: the model has no layers: add layers before predicting',
    );
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('one example without its batch dimension gets the hint to add one', () => {
    const model = new Sequential({
      name: 'net',
      layers: [layers.dense({ units: 2, inputShape: [4], name: 'd' })],
    });
    const x = tensor([1, 2, 3, 4]);
    const wide = tensor([[1, 2, 3]]);
    const before = memory().numTensors;
    expect(() => model.predict(x)).toThrow(ShapeError);
    expect(() => model.predict(x)).toThrow(
      "predict: x has shape [4]: expected (None, 4), the input shape of model 'net' (None: any size); it looks like one example without the batch dimension: add one, e.g. expandDims(x, 0) gives [1,4]",
    );
    // a wrong width is not mistaken for a missing batch dimension
    expect(() => model.predict(wide)).toThrow(/\(None: any size\)$/);
    expect(memory().numTensors).toBe(before);
    model.dispose();
    x.dispose();
    wide.dispose();
  });
});
