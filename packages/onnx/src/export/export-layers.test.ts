import { mul, type Tensor } from '@glia/core';
import { ACTIVATION_NAMES, Layer, layers, type SymbolicShape, sequential } from '@glia/layers';
import { describe, expect, it } from 'vitest';
import { OnnxExportError } from '../errors';
import { oneLayer, RECURRENT_CASES } from '../sequential-test-models';
import { expectOrtAgrees, maxAbsDiff, runInOrt } from '../test-support';
import { toOnnx } from './to-onnx';

// Every layer kind and setting the exporter maps, one small model each, checked in ONNX Runtime.

/** Checks a model of `stack` in ONNX Runtime, with weights from seed 3 and an input from seed 5. */
const ortAgrees = (stack: () => Layer[], inputShape: readonly number[], scale = 1) =>
  expectOrtAgrees(stack, inputShape, { weightSeed: 3, seed: 5, scale });

// Every activation Glia has, and the alias `silu`.
const ACTIVATIONS = [...ACTIVATION_NAMES, 'silu'];

describe('toOnnx maps each layer', () => {
  for (const activation of ACTIVATIONS) {
    it(`Activation '${activation}' (after a Dense, on rank 2 and as a layer on NHWC)`, async () => {
      await ortAgrees(() => [layers.dense({ units: 5, activation, inputShape: [4] })], [3, 4], 4);
      await ortAgrees(
        () => [
          layers.conv2d({ filters: 3, kernelSize: 1, inputShape: [3, 3, 2] }),
          layers.activation({ activation }),
        ],
        [2, 3, 3, 2],
        4,
      );
    });
  }

  it('Dense on rank 3 (MatMul + Add) and without a bias', async () => {
    await ortAgrees(
      () => [
        layers.dense({ units: 3, inputShape: [4, 5] }),
        layers.dense({ units: 2, useBias: false }),
      ],
      [2, 4, 5],
    );
  });

  it('Conv2D: valid and same padding, strides, dilation, no bias', async () => {
    await ortAgrees(
      () => [
        layers.conv2d({
          filters: 3,
          kernelSize: [3, 2],
          strides: 2,
          padding: 'same',
          inputShape: [7, 6, 2],
        }),
      ],
      [2, 7, 6, 2],
    );
    await ortAgrees(
      () => [
        layers.conv2d({
          filters: 3,
          kernelSize: 3,
          dilationRate: 2,
          useBias: false,
          inputShape: [8, 8, 2],
        }),
      ],
      [2, 8, 8, 2],
    );
  });

  it('Conv2DTranspose: same and valid, kernel below and above the stride', async () => {
    for (const padding of ['same', 'valid'] as const) {
      for (const [kernelSize, strides] of [
        [3, 2],
        [2, 3],
        [4, 2],
        [3, 1],
      ] as const) {
        await ortAgrees(
          () => [
            layers.conv2dTranspose({
              filters: 2,
              kernelSize,
              strides,
              padding,
              inputShape: [4, 5, 3],
            }),
          ],
          [2, 4, 5, 3],
        );
      }
    }
  });

  it('pooling: max and average, valid and same, odd sizes; global average and max', async () => {
    for (const padding of ['same', 'valid'] as const) {
      await ortAgrees(
        () => [layers.maxPooling2d({ poolSize: 3, strides: 2, padding, inputShape: [7, 6, 2] })],
        [2, 7, 6, 2],
      );
      await ortAgrees(
        () => [layers.averagePooling2d({ poolSize: [2, 3], padding, inputShape: [7, 6, 2] })],
        [2, 7, 6, 2],
      );
    }
    await ortAgrees(() => [layers.globalAveragePooling2d({ inputShape: [4, 5, 3] })], [2, 4, 5, 3]);
    await ortAgrees(() => [layers.globalMaxPooling2d({ inputShape: [4, 5, 3] })], [2, 4, 5, 3]);
  });

  it('BatchNormalization on ranks 2, 3 and 4; LayerNormalization', async () => {
    await ortAgrees(() => [layers.batchNormalization({ inputShape: [5] })], [3, 5]);
    await ortAgrees(() => [layers.batchNormalization({ inputShape: [4, 5] })], [3, 4, 5]);
    await ortAgrees(
      () => [layers.batchNormalization({ inputShape: [3, 4, 5], center: false })],
      [2, 3, 4, 5],
    );
    await ortAgrees(() => [layers.layerNormalization({ inputShape: [4, 5] })], [3, 4, 5]);
    await ortAgrees(
      () => [
        layers.conv2d({ filters: 4, kernelSize: 1, inputShape: [3, 3, 2] }),
        layers.layerNormalization({ scale: false }),
      ],
      [2, 3, 3, 2],
    );
  });

  it('training-only layers are identities', async () => {
    await ortAgrees(
      () => [
        layers.gaussianNoise({ stddev: 0.5, inputShape: [6, 6, 1] }),
        layers.randomFlip({}),
        layers.randomRotation({ factor: 0.1 }),
        layers.randomZoom({ heightFactor: 0.1 }),
        layers.randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 }),
        layers.randomContrast({ factor: 0.2 }),
        layers.dropout({ rate: 0.3 }),
      ],
      [2, 6, 6, 1],
    );
  });

  it('Flatten, Reshape, Embedding, ZeroPadding2D, UpSampling2D', async () => {
    await ortAgrees(
      () => [
        layers.conv2d({ filters: 2, kernelSize: 1, inputShape: [3, 4, 2] }),
        layers.flatten(),
        layers.reshape({ targetShape: [4, -1] }),
      ],
      [2, 3, 4, 2],
    );
    await ortAgrees(
      () => [
        layers.zeroPadding2d({
          padding: [
            [1, 2],
            [0, 3],
          ],
          inputShape: [3, 4, 2],
        }),
      ],
      [2, 3, 4, 2],
    );
    await ortAgrees(
      () => [layers.upSampling2d({ size: [2, 3], inputShape: [3, 4, 2] })],
      [2, 3, 4, 2],
    );
    const model = sequential({
      layers: [layers.embedding({ inputDim: 10, outputDim: 3, inputShape: [4] })],
    });
    const { tensor } = await import('@glia/core');
    const ids = tensor(
      [
        [0, 3, 9, 2],
        [1, 1, 5, 8],
      ],
      [2, 4],
    );
    const actual = await runInOrt(await toOnnx(model), ids);
    expect(maxAbsDiff(actual.data, await model.predict(ids).data())).toBe(0);
  });

  it.each(RECURRENT_CASES)('%s', async (_, stack, inputShape) => {
    await ortAgrees(stack, inputShape);
  });

  it.each([
    oneLayer(
      'TimeDistributed over Dense',
      (s) =>
        layers.timeDistributed({
          layer: layers.dense({ units: 3, activation: 'relu' }),
          inputShape: s,
        }),
      [4, 5],
    ),
    oneLayer(
      'TimeDistributed over Conv2D',
      (s) =>
        layers.timeDistributed({
          layer: layers.conv2d({ filters: 2, kernelSize: 3 }),
          inputShape: s,
        }),
      [3, 5, 5, 1],
    ),
  ])('%s', async (_, stack, inputShape) => {
    await ortAgrees(stack, inputShape);
  });
});

/** A user's own layer: toOnnx has no mapping for it. */
class Doubler extends Layer {
  static override readonly className = 'Doubler';
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }
  protected call(input: Tensor): Tensor {
    return mul(input, 2);
  }
}

describe('toOnnx errors', () => {
  it('lists every layer it cannot map, by class and name', async () => {
    const model = sequential({
      layers: [
        layers.batchNormalization({ axis: 1, inputShape: [4, 5], name: 'bn_axis1' }),
        new Doubler({ name: 'doubler' }),
      ],
    });
    const error = await toOnnx(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxExportError);
    expect((error as Error).message).toMatch(
      /2 layer\(s\).*BatchNormalization 'bn_axis1': axis 1.*Doubler 'doubler': no ONNX mapping/,
    );
  });

  it('rejects what is not a model', async () => {
    await expect(toOnnx({ layers: [] } as never)).rejects.toThrow(
      /toOnnx: expected a Sequential or functional model, got Object/,
    );
  });

  it('rejects unknown option keys', async () => {
    const model = sequential({ layers: [layers.dense({ units: 2, inputShape: [3] })] });
    await expect(toOnnx(model, { inputname: 'x' } as never)).rejects.toThrow(
      /unknown option 'inputname'/,
    );
  });
});
