/*
 * The workloads of the benchmark, the same for every framework: names, units, and the floating
 * point work one unit costs (multiply-adds of the products and convolutions, counted as 2 FLOPs;
 * the elementwise work is left out), from which a rate in samples/s becomes GFLOP/s and a fraction
 * of the machine's peak.
 */
import { availableParallelism } from 'node:os';

export const TRAIN_BATCH = 64;
export const INFER_BATCH = 256;
export const MATMUL_SIZE = 1024;

/** Independent f32x4 accumulators of the ceiling loop (13 fit V8's x64 SIMD registers beside x, y). */
export const CEILING_CHAINS = 12;
/** Loop steps per thread per ceiling call: 96 FLOPs each with 12 chains, about 0.1 s. */
export const CEILING_ITERATIONS = 50_000_000;

/** Threads every framework may use: GLIA_THREADS when set, else every core. */
export function benchThreads(): number {
  const fromEnv = Number(process.env.GLIA_THREADS);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : availableParallelism();
}

export type WorkloadName =
  | 'cnn-train'
  | 'cnn-infer'
  | 'mlp-train'
  | 'lstm-train'
  | 'matmul'
  | 'simd-peak';

export interface WorkloadSpec {
  name: WorkloadName;
  label: string;
  unit: 'samples/s' | 'GFLOP/s';
  /** Samples one call processes (or, for matMul, GFLOP one call does). */
  unitsPerCall: number;
  /** GFLOP per sample (matMul: 1, its unit already is GFLOP). */
  gflopPerUnit: number;
}

/** FLOPs of a product [m,k]x[k,n]. */
const mm = (m: number, k: number, n: number): number => 2 * m * k * n;

/** The seed CNN per sample: conv 3x3x1x32, pool, conv 3x3x32x64, pool, conv 3x3x64x64, dense 576-64-10. */
const cnnForward =
  mm(26 * 26, 9, 32) + mm(11 * 11, 288, 64) + mm(3 * 3, 576, 64) + mm(1, 576, 64) + mm(1, 64, 10);
/** Training: forward, every weight gradient (as much again), every input gradient but the first layer's. */
const cnnTrain = 2 * cnnForward + (cnnForward - mm(26 * 26, 9, 32));
const mlpForward = mm(1, 784, 128) + mm(1, 128, 10);
const mlpTrain = 2 * mlpForward + (mlpForward - mm(1, 784, 128));
/** LSTM(64) over 28 steps of 28 features: four gates from input and state, then dense 64-10. */
const lstmForward = 28 * (mm(1, 28, 256) + mm(1, 64, 256)) + mm(1, 64, 10);
const lstmTrain = 3 * lstmForward;

export const WORKLOADS: WorkloadSpec[] = [
  {
    name: 'cnn-train',
    label: `seed CNN training (batch ${TRAIN_BATCH}, Adam)`,
    unit: 'samples/s',
    unitsPerCall: TRAIN_BATCH,
    gflopPerUnit: cnnTrain / 1e9,
  },
  {
    name: 'cnn-infer',
    label: `seed CNN inference (batch ${INFER_BATCH})`,
    unit: 'samples/s',
    unitsPerCall: INFER_BATCH,
    gflopPerUnit: cnnForward / 1e9,
  },
  {
    name: 'mlp-train',
    label: `MLP 784-128-10 training (batch ${TRAIN_BATCH}, Adam)`,
    unit: 'samples/s',
    unitsPerCall: TRAIN_BATCH,
    gflopPerUnit: mlpTrain / 1e9,
  },
  {
    name: 'lstm-train',
    label: `LSTM(64) on 28x28 sequences, training (batch ${TRAIN_BATCH}, Adam)`,
    unit: 'samples/s',
    unitsPerCall: TRAIN_BATCH,
    gflopPerUnit: lstmTrain / 1e9,
  },
  {
    name: 'matmul',
    label: `matMul ${MATMUL_SIZE}`,
    unit: 'GFLOP/s',
    unitsPerCall: mm(MATMUL_SIZE, MATMUL_SIZE, MATMUL_SIZE) / 1e9,
    gflopPerUnit: 1,
  },
  {
    name: 'simd-peak',
    label: 'f32x4 mul+add ceiling (registers only)',
    unit: 'GFLOP/s',
    get unitsPerCall() {
      return (benchThreads() * CEILING_ITERATIONS * CEILING_CHAINS * 8) / 1e9;
    },
    gflopPerUnit: 1,
  },
];

/** Deterministic pseudo-random values in [0, 1): the same inputs for every framework. */
export function inputValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 32;
  }
  return out;
}

/** Labels 0..9 for a batch. */
export function labels(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => (i * 7) % 10);
}

/** What one framework's process measured for one workload. */
export interface Measurement {
  workload: WorkloadName;
  /** Units per second (samples/s, or GFLOP/s for matMul); null when skipped. */
  rate: number | null;
  /**
   * Units per second of the process's CPU time (all its threads): what a step costs in work, less
   * sensitive than `rate` to other jobs on the machine; null when skipped.
   */
  cpuRate: number | null;
  /** Milliseconds per call: each run's time, sorted. */
  runsMs: number[];
  /** Why there is no rate, when there is none. */
  note?: string;
}

/** What a (framework, workload) process prints on its last line. */
export interface RunReport {
  framework: string;
  description: string;
  measurement: Measurement;
}
