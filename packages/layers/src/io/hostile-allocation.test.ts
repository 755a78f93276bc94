// Model files whose topology implies huge weights beside a tiny weights file: each is rejected by
// name before the weight is allocated (the weight guard compares it with the manifest first), with
// no tensor left behind and no large growth of the process's memory.
import '@glia/backend-cpu';
import { memory, ready, SizeLimitError } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import * as layers from '../layers/index';
import { Sequential } from '../model/sequential';
import { fromMemory, memoryHandler } from './handlers/memory';
import type { ModelArtifacts } from './io-types';
import { loadModel } from './load-model';
import { ModelFileError } from './model-file-error';

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** The artifacts of a small saved model, to be edited into hostile ones. */
async function artifactsOf(make: () => Sequential): Promise<ModelArtifacts> {
  resetLayerNames();
  const model = make();
  const handler = memoryHandler();
  await model.save(handler);
  model.dispose();
  return handler.artifacts!;
}

function layerConfigs(artifacts: ModelArtifacts): LayerJson[] {
  return (artifacts.modelTopology as { config: { layers: LayerJson[] } }).config.layers;
}

async function expectRejectedCheaply(artifacts: ModelArtifacts, message: RegExp): Promise<void> {
  const tensors = memory().numTensors;
  const rss = process.memoryUsage().rss;
  const error = await loadModel(fromMemory(artifacts)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as Error).message).toMatch(message);
  expect(memory().numTensors).toBe(tensors);
  // the weights these files imply are 400 MB to 16 GB; nothing near that was allocated
  expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 2 ** 20);
}

describe('loadModel checks every weight against the manifest before allocating it', () => {
  let mlp: ModelArtifacts;
  beforeAll(async () => {
    await ready();
    mlp = await artifactsOf(
      () =>
        new Sequential({
          layers: [layers.dense({ units: 3, inputShape: [4] }), layers.dense({ units: 2 })],
        }),
    );
  });

  it('a Dense of 1e8 units beside a tiny weights file', async () => {
    const a = structuredClone(mlp);
    layerConfigs(a)[0]!.config.units = 1e8;
    await expectRejectedCheaply(
      a,
      /weightSpecs\[0\]\.shape: 'dense\/kernel' is \[4,3\]: the layer's weight is \[4,100000000\]/,
    );
  });

  it('units of 2^31 - 1', async () => {
    const a = structuredClone(mlp);
    layerConfigs(a)[0]!.config.units = 2 ** 31 - 1;
    await expectRejectedCheaply(
      a,
      /addWeight 'dense\/kernel': output shape \[4,2147483647\] has 8\.59e\+9 elements.*expected at most 2147483647/,
    );
  });

  it('batch_input_shape [null, 1e8]', async () => {
    const a = structuredClone(mlp);
    layerConfigs(a)[0]!.config.batch_input_shape = [null, 1e8];
    await expectRejectedCheaply(
      a,
      /'dense\/kernel' is \[4,3\]: the layer's weight is \[100000000,3\]/,
    );
  });

  it('an LSTM of 1e4 units', async () => {
    const a = await artifactsOf(
      () => new Sequential({ layers: [layers.lstm({ units: 2, inputShape: [3, 4] })] }),
    );
    layerConfigs(a)[0]!.config.units = 1e4;
    await expectRejectedCheaply(a, /kernel' is \[4,8\]: the layer's weight is \[4,40000\]/);
  });

  it('a Conv2D of 1e4 filters with a 200x200 kernel', async () => {
    const a = await artifactsOf(
      () =>
        new Sequential({
          layers: [layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [200, 200, 1] })],
        }),
    );
    layerConfigs(a)[0]!.config.filters = 1e4;
    layerConfigs(a)[0]!.config.kernel_size = [200, 200];
    await expectRejectedCheaply(
      a,
      /kernel' is \[3,3,1,2\]: the layer's weight is \[200,200,1,10000\]/,
    );
  });

  it('a weight the manifest lacks is named before it is allocated', async () => {
    const a = structuredClone(mlp);
    // drop the last layer's bias from the manifest and its 8 bytes from the weights file
    a.weightSpecs = a.weightSpecs!.filter((w) => w.name !== 'dense_1/bias');
    a.weightData = a.weightData.slice(0, a.weightData.byteLength - 8);
    await expectRejectedCheaply(
      a,
      /lacks the weight 'dense_1\/bias' \[2\] \(float32\) that the topology implies/,
    );
  });

  it('outside loading, a layer whose weight passes the size limit is a SizeLimitError', () => {
    const tensors = memory().numTensors;
    const make = () =>
      new Sequential({ layers: [layers.dense({ units: 2 ** 31, inputShape: [4] })] });
    expect(make).toThrow(SizeLimitError);
    expect(make).toThrow(/addWeight '.*kernel': output shape \[4,2147483648\]/);
    expect(memory().numTensors).toBe(tensors);
  });
});

describe('file:// loading reads nothing outside the model folder', () => {
  it('a weights file that is a symbolic link out of the folder is refused, unread', async () => {
    const { mkdtemp, rm, symlink, writeFile, unlink } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = await mkdtemp(join(tmpdir(), 'glia-symlink-'));
    try {
      resetLayerNames();
      const model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [3] })] });
      await model.save(`file://${join(root, 'model')}`);
      model.dispose();
      // a secret of the right size, outside the model's folder
      await writeFile(join(root, 'secret.bin'), new Uint8Array(32));
      await unlink(join(root, 'model', 'weights.bin'));
      await symlink(join(root, 'secret.bin'), join(root, 'model', 'weights.bin'));
      const tensors = memory().numTensors;
      await expect(loadModel(`file://${join(root, 'model')}`)).rejects.toThrow(
        /weightsManifest: 'weights\.bin' leads outside the model's folder .* refusing to read it/,
      );
      expect(memory().numTensors).toBe(tensors);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a manifest declaring more than MAX_WEIGHT_BYTES is refused before any weight file is read', async () => {
    const { MAX_WEIGHT_BYTES } = await import('./handlers/model-json');
    const json = {
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { layers: [] } },
      weightsManifest: [
        { paths: ['weights.bin'], weights: [{ name: 'w', shape: [2 ** 30, 4], dtype: 'float32' }] },
      ],
    };
    const { artifactsFromModelJson } = await import('./handlers/model-json');
    let reads = 0;
    await expect(
      artifactsFromModelJson(json as never, 'model.json', async () => {
        reads++;
        return new ArrayBuffer(0);
      }),
    ).rejects.toThrow(
      `model.json: weightsManifest: declares 17179869184 bytes of weights: expected at most ${MAX_WEIGHT_BYTES}`,
    );
    expect(reads).toBe(0);
  });
});
