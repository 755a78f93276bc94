/*
 * Glia's side of the benchmark, on one backend: 'cpu' (threads from GLIA_THREADS, default every
 * core) or 'gpujs'. Each workload builds its model with the same architecture as the TF.js side.
 */
import * as glia from 'glia';
import { median, timeRuns } from './timing';
import {
  INFER_BATCH,
  inputValues,
  labels,
  MATMUL_SIZE,
  type Measurement,
  TRAIN_BATCH,
  WORKLOADS,
  type WorkloadName,
} from './workloads';

type Step = () => void;

function compile(model: glia.Sequential): glia.Sequential {
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  return model;
}

function seedCnn(): glia.Sequential {
  return compile(
    glia.sequential({
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
    }),
  );
}

/** The step of each workload, built lazily so only the selected ones allocate. */
const builders: Record<WorkloadName, () => Step> = {
  'cnn-train': () => {
    const model = seedCnn();
    const x = glia.tensor(inputValues(TRAIN_BATCH * 784, 1), [TRAIN_BATCH, 28, 28, 1]);
    const y = glia.tensor(labels(TRAIN_BATCH), [TRAIN_BATCH], 'int32');
    return () => void model.trainOnBatch(x, y);
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
    return () => void model.trainOnBatch(x, y);
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
    return () => void model.trainOnBatch(x, y);
  },
  matmul: () => {
    const n = MATMUL_SIZE;
    const a = glia.tensor(inputValues(n * n, 5), [n, n]);
    return () => glia.tidy(() => void glia.matMul(a, a).dataSync());
  },
};

/** Measures `names` on the active Glia backend. */
export async function runGlia(names: WorkloadName[], budgetMs: number): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const spec of WORKLOADS.filter((w) => names.includes(w.name))) {
    glia.setSeed(7);
    const step = builders[spec.name]();
    const runsMs = await timeRuns(step, { budgetMs });
    const skipped = runsMs.length === 1;
    out.push({
      workload: spec.name,
      rate: skipped ? null : spec.unitsPerCall / (median(runsMs) / 1000),
      runsMs,
      note: skipped
        ? `one step took ${(runsMs[0]! / 1000).toFixed(0)} s: over the budget`
        : undefined,
    });
  }
  return out;
}

/** Readies `backendName` and describes it. */
export async function setUpGlia(backendName: 'cpu' | 'gpujs'): Promise<string> {
  if (backendName === 'gpujs') await import('@glia/backend-gpujs');
  await glia.setBackend(backendName);
  const backend = glia.getBackend();
  const threads = (backend as { threadsReady?: () => Promise<number> }).threadsReady;
  if (typeof threads === 'function') await threads.call(backend);
  return backend.describe?.() ?? backend.name;
}
