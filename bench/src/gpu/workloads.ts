/*
 * The GPU benchmark's workloads, for Glia (any backend) and TF.js (webgpu, webgl), in the browser
 * and in Node alike. Every step ends in an awaited read, so the time counts the device's work, and
 * Glia's steps read with `await` only (its webgpu mode has no synchronous read).
 */
import { type GpujsMode, registerGpujsBackend } from '@glia/backend-gpujs';
import { seedCnnLayers } from '@glia/layers/testing';
import type * as tfjs from '@tensorflow/tfjs';
import * as glia from 'glia';
import { median, timeRuns } from '../timing';
import { inputValues, labels } from '../workloads';

/** The workloads, in the table's order. */
export const GPU_WORKLOADS = [
  'cnn-train',
  'cnn-infer',
  'matmul-1024',
  'matmul-4096',
  'lstm-train',
] as const;
export type GpuWorkload = (typeof GPU_WORKLOADS)[number];

/** What one step is worth, in the unit of the table. */
const UNITS: Record<GpuWorkload, { perCall: number; unit: string }> = {
  'cnn-train': { perCall: 64, unit: 'samples/s' },
  'cnn-infer': { perCall: 256, unit: 'samples/s' },
  'matmul-1024': { perCall: (2 * 1024 ** 3) / 1e9, unit: 'GFLOP/s' },
  'matmul-4096': { perCall: (2 * 4096 ** 3) / 1e9, unit: 'GFLOP/s' },
  'lstm-train': { perCall: 64, unit: 'samples/s' },
};

/** One cell of the table. */
export interface GpuMeasurement {
  workload: GpuWorkload;
  /** Units per second (median run), or null when one step took longer than the budget. */
  rate: number | null;
  unit: string;
  runsMs: number[];
}

type Step = () => Promise<unknown>;

interface Layers {
  conv2d(a: object): unknown;
  maxPooling2d(a: object): unknown;
  flatten(a?: object): unknown;
  dense(a: object): unknown;
  lstm(a: object): unknown;
}

/** The seed CNN (from `@glia/layers/testing`) and the LSTM, as layer lists for either framework. */
const seedCnn = (l: Layers): unknown[] => seedCnnLayers(l);

function lstmLayers(l: Layers): unknown[] {
  return [
    l.lstm({ units: 64, inputShape: [28, 28] }),
    l.dense({ units: 10, activation: 'softmax' }),
  ];
}

const COMPILE = { optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' } as const;

function gliaModel(build: (l: Layers) => unknown[]): glia.Sequential {
  const model = glia.sequential({ layers: build(glia.layers as unknown as Layers) as never });
  model.compile(COMPILE);
  return model;
}

/** Glia's step of `workload` on the active backend. */
function gliaStep(workload: GpuWorkload): Step {
  switch (workload) {
    case 'cnn-train':
    case 'lstm-train': {
      const cnn = workload === 'cnn-train';
      const model = gliaModel(cnn ? seedCnn : lstmLayers);
      const x = glia.tensor(inputValues(64 * 784, 1), cnn ? [64, 28, 28, 1] : [64, 28, 28]);
      const y = glia.tensor(labels(64), [64], 'int32');
      return () => model.fit(x, y, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
    }
    case 'cnn-infer': {
      const model = gliaModel(seedCnn);
      const x = glia.tensor(inputValues(256 * 784, 2), [256, 28, 28, 1]);
      return async () => {
        const p = model.predict(x, { batchSize: 256 });
        await p.data();
        p.dispose();
      };
    }
    case 'matmul-1024':
    case 'matmul-4096': {
      const n = workload === 'matmul-1024' ? 1024 : 4096;
      const a = glia.tensor(inputValues(n * n, 5), [n, n]);
      return async () => {
        const c = glia.matMul(a, a);
        await c.data();
        c.dispose();
      };
    }
  }
}

/** TF.js's step of `workload` on its active backend. */
function tfjsStep(tf: typeof tfjs, workload: GpuWorkload): Step {
  const model = (build: (l: Layers) => unknown[]): tfjs.Sequential => {
    const m = tf.sequential({ layers: build(tf.layers as unknown as Layers) as never });
    m.compile(COMPILE);
    return m;
  };
  switch (workload) {
    case 'cnn-train':
    case 'lstm-train': {
      const cnn = workload === 'cnn-train';
      const m = model(cnn ? seedCnn : lstmLayers);
      const x = tf.tensor(inputValues(64 * 784, 1), cnn ? [64, 28, 28, 1] : [64, 28, 28]);
      const y = tf.tensor(Float32Array.from(labels(64)), [64]);
      return () => m.trainOnBatch(x, y);
    }
    case 'cnn-infer': {
      const m = model(seedCnn);
      const x = tf.tensor(inputValues(256 * 784, 2), [256, 28, 28, 1]);
      return async () => {
        const p = m.predict(x, { batchSize: 256 }) as tfjs.Tensor;
        await p.data();
        p.dispose();
      };
    }
    case 'matmul-1024':
    case 'matmul-4096': {
      const n = workload === 'matmul-1024' ? 1024 : 4096;
      const a = tf.tensor(inputValues(n * n, 5), [n, n]);
      return async () => {
        const c = tf.matMul(a, a);
        await c.data();
        c.dispose();
      };
    }
  }
}

/** Times each workload: a warm-up step, then at least 2 more (fewer when one exceeds `budgetMs`). */
async function measure(
  workloads: readonly GpuWorkload[],
  stepOf: (w: GpuWorkload) => Step,
  budgetMs: number,
): Promise<GpuMeasurement[]> {
  const out: GpuMeasurement[] = [];
  for (const workload of workloads) {
    glia.setSeed(7);
    const step = stepOf(workload);
    const { runsMs } = await timeRuns(step, { minRuns: 2, maxRuns: 5, targetMs: 2000, budgetMs });
    const { perCall, unit } = UNITS[workload];
    out.push({
      workload,
      rate: runsMs.length === 1 ? null : perCall / (median(runsMs) / 1000),
      unit,
      runsMs,
    });
  }
  return out;
}

/** Registers gpu.js's `mode` under `name`, in this module's copy of Glia. */
export function registerGpujsMode(name: string, mode: GpujsMode): void {
  registerGpujsBackend({ name, mode });
}

/** Glia on registry backend `name` (activated here); returns its description and the cells. */
export async function runGlia(
  name: string,
  workloads: readonly GpuWorkload[],
  budgetMs: number,
): Promise<{ label: string; cells: GpuMeasurement[] }> {
  const backend = await glia.setBackend(name);
  const label = backend.describe?.() ?? name;
  return { label, cells: await measure(workloads, gliaStep, budgetMs) };
}

/** TF.js on its backend `name` ('webgpu', 'webgl'). */
export async function runTfjs(
  tf: typeof tfjs,
  name: string,
  workloads: readonly GpuWorkload[],
  budgetMs: number,
): Promise<{ label: string; cells: GpuMeasurement[] }> {
  await tf.setBackend(name);
  await tf.ready();
  return {
    label: `tfjs ${tf.version.tfjs} ${name}`,
    cells: await measure(workloads, (w) => tfjsStep(tf, w), budgetMs),
  };
}
