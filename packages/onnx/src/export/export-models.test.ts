import { layers, sequential } from '@glia/layers';
import { seedCnnLayers } from '@glia/layers/testing';
import { describe, it } from 'vitest';
import { SEQUENTIAL_CASES } from '../sequential-test-models';
import { expectOrtAgrees } from '../test-support';

// The models the issue names, each exported and run in ONNX Runtime (the oracle), against Glia's
// predictions on the same input.

describe('toOnnx: models run in ONNX Runtime as in Glia', () => {
  it("the seed MNIST CNN (the mnist-cnn app's architecture)", async () => {
    const model = sequential({ layers: seedCnnLayers(layers) });
    await expectOrtAgrees(model, [3, 28, 28, 1]);
  });

  // With random weights, so that every layer's parameters matter.
  it.each(SEQUENTIAL_CASES)('%s', async (_, stack, inputShape) => {
    await expectOrtAgrees(stack, inputShape);
  });
});
