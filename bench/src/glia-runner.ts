/*
 * Glia's side of the benchmark, on one backend: 'cpu' (threads from GLIA_THREADS, default every
 * core) or 'gpujs'. Each workload builds its model with the same architecture as the TF.js side.
 */
import { seedCnnLayers } from '@glia/layers/testing';
import * as glia from 'glia';
import type { FrameworkRunner } from './runner';
import { INFER_BATCH, inputValues, labels, MATMUL_SIZE, TRAIN_BATCH } from './workloads';

function compile(model: glia.Sequential): glia.Sequential {
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  return model;
}

function seedCnn(): glia.Sequential {
  return compile(glia.sequential({ layers: seedCnnLayers(glia.layers) }));
}

/** The step of each workload, built lazily so only the selected one allocates. */
const builders: FrameworkRunner['workloads'] = {
  'cnn-train': () => {
    const model = seedCnn();
    const x = glia.tensor(inputValues(TRAIN_BATCH * 784, 1), [TRAIN_BATCH, 28, 28, 1]);
    const y = glia.tensor(labels(TRAIN_BATCH), [TRAIN_BATCH], 'int32');
    return async () => void (await model.trainOnBatch(x, y));
  },
  'cnn-infer': () => {
    const model = seedCnn();
    const x = glia.tensor(inputValues(INFER_BATCH * 784, 2), [INFER_BATCH, 28, 28, 1]);
    return () =>
      glia.tidy(
        () => void (model.predict(x, { batchSize: INFER_BATCH }) as glia.Tensor).dataSync(),
      );
  },
  'mlp-train': () => {
    const model = compile(
      glia.sequential({
        layers: [
          glia.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
          glia.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    );
    const x = glia.tensor(inputValues(TRAIN_BATCH * 784, 3), [TRAIN_BATCH, 784]);
    const y = glia.tensor(labels(TRAIN_BATCH), [TRAIN_BATCH], 'int32');
    return async () => void (await model.trainOnBatch(x, y));
  },
  'lstm-train': () => {
    const model = compile(
      glia.sequential({
        layers: [
          glia.layers.lstm({ units: 64, inputShape: [28, 28] }),
          glia.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    );
    const x = glia.tensor(inputValues(TRAIN_BATCH * 784, 4), [TRAIN_BATCH, 28, 28]);
    const y = glia.tensor(labels(TRAIN_BATCH), [TRAIN_BATCH], 'int32');
    return async () => void (await model.trainOnBatch(x, y));
  },
  matmul: () => {
    const n = MATMUL_SIZE;
    const a = glia.tensor(inputValues(n * n, 5), [n, n]);
    return () => glia.tidy(() => void glia.matMul(a, a).dataSync());
  },
};

/** Readies `backendName` (its worker threads started) and describes it. */
async function setUpGlia(backendName: 'cpu' | 'gpujs'): Promise<string> {
  if (backendName === 'gpujs') await import('@glia/backend-gpujs');
  await glia.setBackend(backendName);
  const backend = glia.getBackend();
  const threads = (backend as { threadsReady?: () => Promise<number> }).threadsReady;
  if (typeof threads === 'function') await threads.call(backend);
  return backend.describe?.() ?? backend.name;
}

/** Glia on `backendName`: every workload but the ceiling. */
export function gliaRunner(backendName: 'cpu' | 'gpujs'): FrameworkRunner {
  return {
    setUp: () => setUpGlia(backendName),
    workloads: Object.fromEntries(
      Object.entries(builders).map(([name, build]) => [
        name,
        () => {
          glia.setSeed(7);
          return build!();
        },
      ]),
    ),
  };
}
