import { layers, sequential } from '@glia/layers';
import { describe, it } from 'vitest';
import { SEQUENTIAL_CASES } from '../sequential-test-models';
import { expectOrtAgrees } from '../test-support';

// The models the issue names, each exported and run in ONNX Runtime (the oracle), against Glia's
// predictions on the same input.

describe('toOnnx: models run in ONNX Runtime as in Glia', () => {
  it("the seed MNIST CNN (the mnist-cnn app's architecture)", async () => {
    const model = sequential({
      layers: [
        layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
        layers.flatten(),
        layers.dense({ units: 64, activation: 'relu' }),
        layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    await expectOrtAgrees(model, [3, 28, 28, 1]);
  });

  // With random weights, so that every layer's parameters matter.
  it.each(SEQUENTIAL_CASES)('%s', async (_, stack, inputShape) => {
    await expectOrtAgrees(stack, inputShape);
  });
});
