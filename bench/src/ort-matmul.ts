/*
 * ONNX Runtime node (native CPU kernels) on the matMul workload: the native reference beside
 * TF.js wasm. Its intra-op threads follow GLIA_THREADS (default every core), like Glia's.
 */
import * as ort from 'onnxruntime-node';
import { matMulModel } from './onnx-matmul-model';
import type { FrameworkRunner } from './runner';
import { benchThreads, inputValues, MATMUL_SIZE } from './workloads';

/** A session running `model` with the bench's thread count, every graph optimization on. */
export function ortSession(model: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model, {
    intraOpNumThreads: benchThreads(),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });
}

export function ortMatMulRunner(): FrameworkRunner {
  return {
    setUp: async () =>
      `onnxruntime-node ${ort.env.versions.node}, ${benchThreads()} intra-op threads`,
    workloads: {
      matmul: async () => {
        const n = MATMUL_SIZE;
        const session = await ortSession(matMulModel(n, n, n));
        const a = new ort.Tensor('float32', inputValues(n * n, 5), [n, n]);
        return async () => {
          const { c } = await session.run({ a, b: a });
          return c?.data;
        };
      },
    },
  };
}
