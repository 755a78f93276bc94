// The layers added for porting TF.js models (composites of existing ops, no new kernel) run on gpu.js
// as on the CPU backend: the same outputs and the same gradients for input and weights, from the
// same seed, with no kernel falling back to the CPU and no tensor left behind.
import '@glia/backend-cpu';
import { valueAndGrads, variableGrads } from '@glia/autograd';
import {
  getFallbackCounts,
  memory,
  Prng,
  registerBackend,
  removeBackend,
  resetFallbackCounts,
  setBackend,
  setSeed,
  sum,
  type Tensor,
  tensor,
} from '@glia/core';
import { type Layer, layers, resetLayerNames } from '@glia/layers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testBackend } from './test-support';

const GPU = 'gpujs-porting-layers';

beforeAll(() => {
  const backend = testBackend();
  registerBackend(GPU, () => backend);
});
afterAll(async () => {
  await setBackend('cpu');
  removeBackend(GPU);
});

type Case = [name: string, make: () => Layer, shape: number[], training?: boolean];

const cases: Case[] = [
  [
    'conv1d causal',
    () => layers.conv1d({ filters: 3, kernelSize: 3, padding: 'causal', activation: 'tanh' }),
    [2, 6, 2],
  ],
  [
    'conv1d strided',
    () => layers.conv1d({ filters: 2, kernelSize: 2, strides: 2, padding: 'same' }),
    [2, 7, 3],
  ],
  [
    'separableConv2d',
    () =>
      layers.separableConv2d({ filters: 3, kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
    [1, 5, 5, 2],
  ],
  [
    'depthwiseConv2d',
    () => layers.depthwiseConv2d({ kernelSize: 2, dilationRate: 2 }),
    [1, 5, 5, 3],
  ],
  ['maxPooling1d', () => layers.maxPooling1d({ poolSize: 2 }), [2, 6, 3]],
  [
    'averagePooling1d',
    () => layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' }),
    [2, 6, 3],
  ],
  ['globalAveragePooling1d', () => layers.globalAveragePooling1d(), [2, 6, 3]],
  ['globalMaxPooling1d', () => layers.globalMaxPooling1d(), [2, 6, 3]],
  [
    'cropping2D',
    () =>
      layers.cropping2D({
        cropping: [
          [1, 0],
          [0, 2],
        ],
      }),
    [1, 4, 5, 2],
  ],
  ['upSampling1d', () => layers.upSampling1d({ size: 3 }), [2, 3, 2]],
  ['permute', () => layers.permute({ dims: [2, 1] }), [2, 3, 4]],
  ['repeatVector', () => layers.repeatVector({ n: 3 }), [2, 4]],
  ['leakyReLU', () => layers.leakyReLU({ alpha: 0.2 }), [2, 5]],
  ['prelu', () => layers.prelu({ sharedAxes: [1], alphaInitializer: 'glorotUniform' }), [2, 3, 4]],
  ['elu', () => layers.elu({ alpha: 0.5 }), [2, 5]],
  ['reLU', () => layers.reLU({ maxValue: 0.6, threshold: 0.1, negativeSlope: 0.3 }), [2, 5]],
  ['softmax', () => layers.softmax({ axis: 1 }), [2, 3, 4]],
  ['spatialDropout1d', () => layers.spatialDropout1d({ rate: 0.4, seed: 5 }), [2, 4, 3], true],
  ['spatialDropout2d', () => layers.spatialDropout2d({ rate: 0.4, seed: 5 }), [2, 2, 2, 3], true],
  [
    'dropout noiseShape',
    () => layers.dropout({ rate: 0.4, noiseShape: [null, 1, null], seed: 5 }),
    [2, 4, 3],
    true,
  ],
];

interface Result {
  output: number[];
  inputGrad: number[];
  weightGrads: number[][];
}

async function run(backend: string, [, make, shape, training]: Case): Promise<Result> {
  await setBackend(backend);
  setSeed(11);
  resetLayerNames();
  const prng = new Prng(3);
  const size = shape.reduce((a, b) => a * b, 1);
  const x = tensor(
    Float32Array.from({ length: size }, () => prng.nextFloat() * 2 - 1),
    shape,
  );
  const layer = make();
  const context = { training: training ?? false };
  const loss = (input: Tensor): Tensor => sum(layer.apply(input, context));
  const { value, grads } = valueAndGrads(loss)([x]);
  const variables = layer.trainableWeights.map((w) => w.variable);
  const weightGrads = variables.length === 0 ? undefined : variableGrads(() => loss(x), variables);
  const output = layer.apply(x, context);
  const result = {
    output: Array.from(output.dataSync()),
    inputGrad: Array.from(grads[0]!.dataSync()),
    weightGrads: variables.map((v) => Array.from(weightGrads!.grads[v.name]!.dataSync())),
  };
  for (const t of [x, value, output, ...grads]) t.dispose();
  if (weightGrads) {
    weightGrads.value.dispose();
    for (const g of Object.values(weightGrads.grads)) g.dispose();
  }
  layer.dispose();
  return result;
}

function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  got.forEach((g, i) => {
    if (Math.abs(g - want[i]!) > 1e-4 * Math.max(1, Math.abs(want[i]!)))
      expect.fail(`${what}[${i}]: gpu.js ${g}, CPU ${want[i]}`);
  });
}

for (const c of cases) {
  it(`${c[0]}: gpu.js gives the CPU backend's output and gradients, without fallbacks`, async () => {
    const before = memory().numTensors;
    resetFallbackCounts();
    const gpu = await run(GPU, c);
    expect(getFallbackCounts()).toEqual({});
    const cpu = await run('cpu', c);
    expectClose(gpu.output, cpu.output, 'output');
    expectClose(gpu.inputGrad, cpu.inputGrad, 'input gradient');
    expect(gpu.weightGrads.length).toBe(cpu.weightGrads.length);
    gpu.weightGrads.forEach((g, i) => {
      expectClose(g, cpu.weightGrads[i]!, `weight ${i} gradient`);
    });
    expect(memory().numTensors).toBe(before);
  });
}
