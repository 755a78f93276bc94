/** Class 8: small surprises of predict. */
import { ShapeError, type Tensor, tensor, ValueError } from '@glia/core';
import { layers, Sequential } from '@glia/layers';
import type { Case } from '../harness';

export function surpriseCases(): Case[] {
  let x: Tensor | undefined;
  let model: Sequential | undefined;
  return [
    {
      title: 'predict on a model without layers',
      setup: () => {
        x = tensor([[1, 2]]);
        model = new Sequential();
      },
      run: () => model!.predict(x!),
      error: ValueError,
      message: /predict: the model has no layers/,
    },
    {
      title: 'predict on one example without a batch dimension',
      setup: () => {
        x = tensor([1, 2, 3, 4]);
        model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [4] })] });
      },
      run: () => model!.predict(x!),
      error: ShapeError,
      message: /add one, e\.g\. expandDims\(x, 0\) gives \[1,4\]/,
    },
  ];
}
