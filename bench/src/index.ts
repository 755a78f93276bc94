// Benchmarks of Glia's kernels against TensorFlow.js, both on their CPU backends, measured in the same
// run. Run on demand: `pnpm --filter @glia/bench build && pnpm --filter @glia/bench bench`.
// Each kernel line prints the median time of both and the ratio (Glia / TF.js: below 1 means Glia is
// faster); the workload lines print throughput (GFLOP/s, samples/s) and Glia / TF.js (above 1: Glia
// is faster).
import * as tf from '@tensorflow/tfjs';
import * as glia from 'glia';
import { medianMs } from './timing';

interface Case {
  name: string;
  glia: () => glia.Tensor;
  tfjs: () => tf.Tensor;
}

function cases(): Case[] {
  const seedData = (n: number) =>
    Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  const g = (shape: number[]) => glia.tensor(seedData(shape.reduce((a, b) => a * b, 1)), shape);
  const t = (shape: number[]) => tf.tensor(seedData(shape.reduce((a, b) => a * b, 1)), shape);
  const a256 = [g([256, 256]), t([256, 256])] as const;
  const b256 = [g([256, 256]), t([256, 256])] as const;
  const mnist = [g([64, 28, 28, 1]), t([64, 28, 28, 1])] as const;
  const w1 = [g([3, 3, 1, 32]), t([3, 3, 1, 32])] as const;
  const act = [g([64, 26, 26, 32]), t([64, 26, 26, 32])] as const;
  const w2 = [g([3, 3, 32, 64]), t([3, 3, 32, 64])] as const;
  const logits = [g([1024, 1000]), t([1024, 1000])] as const;
  return [
    {
      name: 'matMul 256x256x256',
      glia: () => glia.matMul(a256[0], b256[0]),
      tfjs: () => tf.matMul(a256[1], b256[1]),
    },
    {
      name: 'conv2d [64,28,28,1] * [3,3,1,32]',
      glia: () => glia.conv2d(mnist[0], w1[0]),
      tfjs: () => tf.conv2d(mnist[1] as tf.Tensor4D, w1[1] as tf.Tensor4D, 1, 'valid'),
    },
    {
      name: 'conv2d [64,26,26,32] * [3,3,32,64]',
      glia: () => glia.conv2d(act[0], w2[0]),
      tfjs: () => tf.conv2d(act[1] as tf.Tensor4D, w2[1] as tf.Tensor4D, 1, 'valid'),
    },
    {
      name: 'maxPool2d [64,26,26,32] 2x2',
      glia: () => glia.maxPool2d(act[0], { poolSize: 2 }),
      tfjs: () => tf.maxPool(act[1] as tf.Tensor4D, 2, 2, 'valid'),
    },
    {
      name: 'softmax [1024,1000]',
      glia: () => glia.softmax(logits[0]),
      tfjs: () => tf.softmax(logits[1]),
    },
    {
      name: 'add broadcast [64,26,26,32]+[32]',
      glia: () => glia.add(act[0], glia.ones([32])),
      tfjs: () => tf.add(act[1], tf.ones([32])),
    },
  ];
}

/** A throughput workload: `run` does `units` units of work (FLOPs or samples) per call. */
interface Workload {
  name: string;
  unit: string;
  units: number;
  glia: () => void;
  tfjs: () => void;
  /** Frees what the workload built. */
  dispose: () => void;
}

function matMulWorkload(size: number): Workload {
  const values = Float32Array.from({ length: size * size }, (_, i) => Math.sin(i) * 0.5);
  const ga = glia.tensor(values, [size, size]);
  const ta = tf.tensor(values, [size, size]);
  return {
    name: `matMul ${size}x${size}x${size}`,
    unit: 'GFLOP/s',
    units: (2 * size ** 3) / 1e9,
    glia: () => glia.tidy(() => void glia.matMul(ga, ga).dataSync()),
    tfjs: () => tf.tidy(() => void tf.matMul(ta, ta).dataSync()),
    dispose: () => {
      ga.dispose();
      ta.dispose();
    },
  };
}

/** The seed CNN of the layers issue, in Glia and in TF.js, with the same initial weights. */
function seedCnns(): { glia: glia.Sequential; tfjs: tf.Sequential } {
  glia.setSeed(7);
  const g = glia.sequential({
    layers: [
      glia.layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [28, 28, 1],
      }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      glia.layers.flatten(),
      glia.layers.dense({ units: 64, activation: 'relu' }),
      glia.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  g.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const t = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  t.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  return { glia: g, tfjs: t };
}

function seedCnnWorkloads(): Workload[] {
  const models = seedCnns();
  const image = (n: number) =>
    Float32Array.from({ length: n * 784 }, (_, i) => 0.5 + 0.5 * Math.sin(i * 0.37));
  const trainBatch = 64;
  const inferBatch = 256;
  const gx = glia.tensor(image(trainBatch), [trainBatch, 28, 28, 1]);
  const tx = tf.tensor(image(trainBatch), [trainBatch, 28, 28, 1]);
  const labels = Array.from({ length: trainBatch }, (_, i) => i % 10);
  const gy = glia.tensor(Int32Array.from(labels), [trainBatch], 'int32');
  const ty = tf.tensor(labels, [trainBatch], 'float32');
  const gInfer = glia.tensor(image(inferBatch), [inferBatch, 28, 28, 1]);
  const tInfer = tf.tensor(image(inferBatch), [inferBatch, 28, 28, 1]);
  const dispose = () => {
    for (const t of [gx, gy, gInfer]) t.dispose();
    for (const t of [tx, ty, tInfer]) t.dispose();
  };
  return [
    {
      name: `seed CNN training (batch ${trainBatch}, adam)`,
      unit: 'samples/s',
      units: trainBatch,
      glia: () => void models.glia.trainOnBatch(gx, gy),
      tfjs: () => void models.tfjs.trainOnBatch(tx, ty),
      dispose: () => {},
    },
    {
      name: `seed CNN inference (batch ${inferBatch})`,
      unit: 'samples/s',
      units: inferBatch,
      glia: () => glia.tidy(() => void models.glia.predict(gInfer).dataSync()),
      tfjs: () => tf.tidy(() => void (models.tfjs.predict(tInfer) as tf.Tensor).dataSync()),
      dispose,
    },
  ];
}

async function main(): Promise<void> {
  tf.enableProdMode(); // no per-op NaN checks in TF.js, as a user timing it would run
  await tf.setBackend('cpu');
  const backend = await glia.ready();
  console.log(
    `Glia backend: ${backend.describe?.() ?? backend.name}; TF.js backend: ${tf.getBackend()} (tfjs ${tf.version.tfjs}); node ${process.version}`,
  );
  console.log('case | glia ms | tfjs ms | glia/tfjs');
  const filter = process.argv[2] ?? '';
  for (const c of cases().filter((c) => c.name.includes(filter))) {
    const gliaMs = await medianMs(() =>
      glia.tidy(() => {
        c.glia().dataSync();
      }),
    );
    const tfjsMs = await medianMs(() => tf.tidy(() => c.tfjs().dataSync()));
    console.log(
      `${c.name} | ${gliaMs.toFixed(2)} | ${tfjsMs.toFixed(2)} | ${(gliaMs / tfjsMs).toFixed(2)}`,
    );
  }
  console.log('\nworkload | glia | tfjs | glia/tfjs (above 1: Glia is faster)');
  const workloads = [matMulWorkload(256), matMulWorkload(1024), ...seedCnnWorkloads()];
  for (const w of workloads) {
    if (!w.name.includes(filter)) {
      w.dispose();
      continue;
    }
    // TF.js's cpu backend takes seconds per call on the big workloads: fewer runs there.
    const gliaMs = await medianMs(w.glia, 5, 1);
    const tfjsMs = await medianMs(w.tfjs, 3, 1);
    const gliaRate = w.units / (gliaMs / 1000);
    const tfjsRate = w.units / (tfjsMs / 1000);
    console.log(
      `${w.name} | ${gliaRate.toFixed(1)} ${w.unit} | ${tfjsRate.toFixed(1)} ${w.unit} | ${(gliaRate / tfjsRate).toFixed(2)}`,
    );
    w.dispose();
  }
}

await main();
