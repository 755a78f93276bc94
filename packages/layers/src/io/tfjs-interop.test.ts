// Glia and TF.js 4.22 read each other's layers-model files, and predict the same values.
import { singleOutput } from '../model/layers-model';
import '@glia/backend-cpu';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memory, oneHot, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictBoth, tfjsArtifacts, useCpuBesideTfjs } from '../layers/tfjs-oracle';
import { fromMemory } from './handlers/memory';
import type { ModelJson } from './io-types';
import { loadModel } from './load-model';
import { gliaCnn, gliaMlp, maxAbsDiff, seededValues, tfjsCnn, tfjsMlp } from './test-models';
import { useTempDir } from './test-support';

const dir = useTempDir('glia-interop-');
beforeAll(useCpuBesideTfjs);

/** A TF.js handler that loads a model.json and weights.bin from disk. */
async function tfjsHandlerFor(modelDir: string): Promise<tf.io.IOHandler> {
  const json = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8')) as ModelJson;
  const bin = await readFile(join(modelDir, json.weightsManifest[0]!.paths[0]!));
  return tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    trainingConfig: json.trainingConfig as tf.io.TrainingConfig | undefined,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
  });
}

const cases = [
  { name: 'the seed CNN', glia: () => gliaCnn(), tfjs: () => tfjsCnn(tf), input: [4, 28, 28, 1] },
  { name: 'an MLP', glia: () => gliaMlp(), tfjs: () => tfjsMlp(tf), input: [6, 20] },
];

describe('Glia -> TF.js', () => {
  for (const c of cases) {
    it(`${c.name} saved with file:// loads in TF.js and predicts the same`, async () => {
      const glia = c.glia();
      const target = join(dir(), `glia-${c.input.length}`);
      const result = await glia.save(`file://${target}`);
      expect(result.location).toBe(`file://${join(target, 'model.json')}`);
      const json = JSON.parse(await readFile(join(target, 'model.json'), 'utf8')) as ModelJson;
      expect(json.format).toBe('layers-model');
      expect(json.generatedBy).toMatch(/^Glia /);
      expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);

      const tfModel = await tf.loadLayersModel(await tfjsHandlerFor(target));
      expect(tfModel.layers.map((l) => l.name)).toEqual(glia.layers.map((l) => l.name));
      const diff = await predictBoth(glia, tfModel, c.input, 11);
      console.log(`Glia -> TF.js, ${c.name}: max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      glia.dispose();
      tfModel.dispose();
    });
  }
});

describe('Glia -> TF.js with the optimizer', () => {
  it('TF.js reads the training config and the Adam state Glia saved', async () => {
    const glia = gliaMlp(3);
    glia.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = tensor(seededValues(6 * 20, 31), [6, 20]);
    const y = oneHot(tensor([0, 1, 2, 3, 4, 0], [6], 'int32'), 5);
    await glia.trainOnBatch(x, y);
    const target = join(dir(), 'glia-adam');
    await glia.save(`file://${target}`, { includeOptimizer: true });
    const tfModel = await tf.loadLayersModel(await tfjsHandlerFor(target));
    expect(tfModel.optimizer.getClassName()).toBe('Adam');
    const theirs = await tfModel.optimizer.getWeights();
    const ours = glia.compiled!.optimizer.getWeights();
    expect(theirs.length).toBe(ours.length);
    for (let i = 0; i < ours.length; i++)
      expect(Array.from(await theirs[i]!.tensor.data())).toEqual(
        Array.from(await ours[i]!.tensor.data()),
      );
    for (const t of [x, y, ...ours.map((w) => w.tensor)]) t.dispose();
    glia.dispose();
    tfModel.dispose();
  });
});

describe('TF.js -> Glia', () => {
  for (const c of cases) {
    it(`${c.name} saved by TF.js loads in Glia (fromMemory) and predicts the same`, async () => {
      const tfModel = c.tfjs();
      const before = memory().numTensors;
      const glia = singleOutput(await loadModel(fromMemory(await tfjsArtifacts(tfModel))));
      expect(glia.layers.map((l) => l.name)).toEqual(tfModel.layers.map((l) => l.name));
      expect(glia.weights.map((w) => w.originalName)).toEqual(
        tfModel.weights.map((w) => w.originalName),
      );
      const diff = await predictBoth(glia, tfModel, c.input, 12);
      console.log(`TF.js -> Glia, ${c.name}: max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      glia.dispose();
      expect(memory().numTensors).toBe(before);
      tfModel.dispose();
    });

    it(`${c.name} saved by TF.js as model.json + weights.bin loads with file://`, async () => {
      const tfModel = c.tfjs();
      const artifacts = await tfjsArtifacts(tfModel);
      const target = join(dir(), `tfjs-${c.input.length}`);
      await rm(target, { recursive: true, force: true });
      await mkdir(target, { recursive: true });
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['./group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(`${target}`, 'model.json'), JSON.stringify(modelJson));
      await writeFile(
        join(`${target}`, 'group1-shard1of1.bin'),
        new Uint8Array(artifacts.weightData as ArrayBuffer),
      );
      const glia = singleOutput(await loadModel(`file://${join(target, 'model.json')}`));
      const diff = await predictBoth(glia, tfModel, c.input, 13);
      expect(diff).toBeLessThan(1e-5);
      glia.dispose();
      tfModel.dispose();
    });
  }

  it('a TF.js model saved with its Adam state comes back compiled, the state bit-for-bit', async () => {
    const tfModel = tfjsMlp(tf);
    tfModel.compile({
      optimizer: tf.train.adam(0.01),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const labels = tf.oneHot([0, 1, 2, 3, 4, 0], 5).toFloat();
    await tfModel.trainOnBatch(tf.tensor(seededValues(6 * 20, 21), [6, 20]), labels);
    const glia = singleOutput(await loadModel(fromMemory(await tfjsArtifacts(tfModel, true))));
    const compiled = glia.compiled!;
    expect(compiled.optimizer.className).toBe('Adam');
    expect(compiled.optimizer.learningRate).toBeCloseTo(0.01, 7);
    expect(compiled.outputs[0]!.loss.name).toBe('categoricalCrossentropy');
    expect(compiled.outputs[0]!.metrics.map((m) => m.name)).toEqual(['accuracy']);
    const ours = compiled.optimizer.getWeights();
    const theirs = await tfModel.optimizer.getWeights();
    expect(ours.map((w) => w.name)).toEqual(theirs.map((w) => w.name));
    for (let i = 0; i < ours.length; i++)
      expect(Array.from(await ours[i]!.tensor.data())).toEqual(
        Array.from(await theirs[i]!.tensor.data()),
      );
    for (const w of ours) w.tensor.dispose();
    glia.dispose();
    tfModel.dispose();
  });

  it('a TF.js model saved with its momentum state resumes training in Glia as in TF.js', async () => {
    const tfModel = tfjsMlp(tf);
    tfModel.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'categoricalCrossentropy' });
    const labels = [0, 1, 2, 3, 4, 0];
    await tfModel.trainOnBatch(
      tf.tensor(seededValues(6 * 20, 21), [6, 20]),
      tf.oneHot(labels, 5).toFloat(),
    );
    const glia = singleOutput(await loadModel(fromMemory(await tfjsArtifacts(tfModel, true))));
    expect(glia.compiled?.optimizer.className).toBe('Momentum');

    const xs2 = seededValues(6 * 20, 22);
    await tfModel.trainOnBatch(tf.tensor(xs2, [6, 20]), tf.oneHot(labels, 5).toFloat());
    const x = tensor(xs2, [6, 20]);
    const y = oneHot(tensor(labels, [6], 'int32'), 5);
    await glia.trainOnBatch(x, y);
    const ours = glia.getWeights();
    const theirs = tfModel.getWeights();
    let diff = 0;
    for (let i = 0; i < ours.length; i++)
      diff = Math.max(diff, maxAbsDiff(await ours[i]!.data(), await theirs[i]!.data()));
    console.log(
      `TF.js momentum state -> Glia, weights after one more step: max |diff| = ${diff.toExponential(2)}`,
    );
    expect(diff).toBeLessThan(1e-6);
    for (const t of [...ours, x, y]) t.dispose();
    glia.dispose();
    tfModel.dispose();
  });
});
