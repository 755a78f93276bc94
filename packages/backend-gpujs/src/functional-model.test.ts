// Functional models on the gpu.js backend: a residual CNN and a two-input model with shared and
// merge layers, saved in the TF.js format on the CPU, load and predict on gpu.js the same within
// 1e-5; saved on gpu.js, they load on the CPU the same. (@glia/layers checks the files against
// TF.js itself.)
import '@glia/backend-cpu';
import {
  memory,
  Prng,
  registerBackend,
  removeBackend,
  setBackend,
  setSeed,
  type Tensor,
  tensor,
} from '@glia/core';
import { input, type LayersModel, layers, loadModel, memoryHandler, model } from '@glia/layers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testBackend } from './test-support';

beforeAll(() => {
  registerBackend('gpujs-functional', () => testBackend());
});
afterAll(async () => {
  await setBackend('cpu');
  removeBackend('gpujs-functional');
});

function residualCnn(): LayersModel {
  const x = input({ shape: [8, 8, 2] });
  const c1 = layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(x);
  const c2 = layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(c1);
  const act = layers.activation({ activation: 'relu' }).apply(layers.add().apply([c1, c2]));
  const flat = layers.flatten().apply(layers.maxPooling2d({ poolSize: 2 }).apply(act));
  return model({
    inputs: x,
    outputs: layers.dense({ units: 3, activation: 'softmax' }).apply(flat),
  });
}

function twoInput(): LayersModel {
  const a = input({ shape: [5], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const shared = layers.dense({ units: 4, name: 'shared' });
  const sa = shared.apply(layers.dense({ units: 4, activation: 'relu' }).apply(a));
  const sb = shared.apply(layers.dense({ units: 4, activation: 'tanh' }).apply(b));
  const klass = layers
    .dense({ units: 2, activation: 'softmax' })
    .apply(layers.concatenate().apply([sa, sb]));
  const cosine = layers.dot({ axes: 1, normalize: true }).apply([sa, sb]);
  return model({ inputs: [a, b], outputs: [klass, cosine] });
}

function seeded(shape: number[], seed: number): Tensor {
  const prng = new Prng(seed);
  const n = shape.reduce((x, y) => x * y, 1);
  return tensor(
    Float32Array.from({ length: n }, () => 2 * prng.nextFloat() - 1),
    shape,
  );
}

/** Every output's values, flattened, on the current backend. */
async function predictions(m: LayersModel, shapes: number[][]): Promise<number[][]> {
  const xs = shapes.map((s, i) => seeded(s, 40 + i));
  const out = m.predict(xs);
  const list = Array.isArray(out) ? out : [out];
  const values = await Promise.all(list.map(async (t) => Array.from(await t.data())));
  for (const t of [...xs, ...list]) t.dispose();
  return values;
}

function maxDiff(a: number[][], b: number[][]): number {
  let d = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      d = Math.max(d, Math.abs(v - b[i]![j]!));
    });
  });
  return d;
}

for (const [name, build, shapes] of [
  ['a residual CNN', residualCnn, [[3, 8, 8, 2]]],
  [
    'a two-input model with shared and merge layers',
    twoInput,
    [
      [4, 5],
      [4, 3],
    ],
  ],
] as [string, () => LayersModel, number[][]][]) {
  it(`${name}: the TF.js-format file predicts the same on gpu.js and the CPU, both ways`, {
    timeout: 300_000,
  }, async () => {
    await setBackend('cpu');
    setSeed(3);
    const made = build();
    const onCpu = await predictions(made, shapes);
    const fromCpu = memoryHandler();
    await made.save(fromCpu);
    made.dispose();

    await setBackend('gpujs-functional');
    const before = memory().numTensors;
    const loaded = await loadModel(fromCpu);
    const onGpu = await predictions(loaded, shapes);
    const fromGpu = memoryHandler();
    await loaded.save(fromGpu);
    loaded.dispose();
    expect(memory().numTensors).toBe(before);

    await setBackend('cpu');
    const back = await loadModel(fromGpu);
    const again = await predictions(back, shapes);
    back.dispose();
    console.log(`${name}: gpu.js vs CPU max |diff| = ${maxDiff(onGpu, onCpu).toExponential(2)}`);
    expect(maxDiff(onGpu, onCpu)).toBeLessThan(1e-5);
    expect(maxDiff(again, onCpu)).toBe(0);
  });
}
