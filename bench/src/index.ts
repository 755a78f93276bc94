// Benchmarks of Glia's kernels against TensorFlow.js, both on their CPU backends, measured in the same
// run. Run on demand: `pnpm --filter @glia/bench build && pnpm --filter @glia/bench bench`.
// Each line prints the median time of both and the ratio (Glia / TF.js: below 1 means Glia is faster).
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

async function main(): Promise<void> {
  tf.enableProdMode(); // no per-op NaN checks in TF.js, as a user timing it would run
  await tf.setBackend('cpu');
  const backend = await glia.ready();
  console.log(
    `Glia backend: ${backend.name}; TF.js backend: ${tf.getBackend()} (tfjs ${tf.version.tfjs}); node ${process.version}`,
  );
  console.log('case | glia ms | tfjs ms | glia/tfjs');
  for (const c of cases()) {
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
}

await main();
