import type { TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { SIMD_MIN_ELEMENTS, withWasm } from './wasm-operands';

/** The fused optimizer steps. */
export type OptimizerUpdateKernelName = 'adamUpdate';

/** The float32 scalars of one Adam step, rounded as the composition's scalar operands are. */
interface AdamScalars {
  c1: number;
  c2: number;
  alpha: number;
  epsilon: number;
}

/** Adam in JavaScript: every operation rounded to float32, so the same bits as the wasm loop. */
function adamLoop(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  outP: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  { c1, c2, alpha, epsilon }: AdamScalars,
): void {
  const f = Math.fround;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = f(m[i]! + f(f(gi - m[i]!) * c1));
    const vi = f(v[i]! + f(f(f(gi * gi) - v[i]!) * c2));
    outM[i] = mi;
    outV[i] = vi;
    outP[i] = p[i]! - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + epsilon));
  }
}

/**
 * The fused optimizer kernels: Adam in one pass over the parameter, its gradient and its two
 * moments (one SIMD loop, split across threads for large parameters), where the composition makes
 * twelve elementwise passes and eleven temporaries.
 */
export function optimizerUpdateKernels(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
): KernelFamily<OptimizerUpdateKernelName> {
  return {
    adamUpdate: ({ param, grad, m, v }, { alpha, beta1, beta2, epsilon }) => {
      const f = Math.fround;
      const scalars = { c1: f(1 - beta1), c2: f(1 - beta2), alpha: f(alpha), epsilon: f(epsilon) };
      const n = storage.values(param).length;
      const inJs = (): [TensorInfo, TensorInfo, TensorInfo] => {
        // Pooled like every kernel's output; the inputs are read after allocating.
        const out = [
          storage.allocFloat32(n),
          storage.allocFloat32(n),
          storage.allocFloat32(n),
        ] as const;
        const value = (t: TensorInfo, name: string) => storage.float32Values(t, 'adamUpdate', name);
        adamLoop(
          value(param, 'param'),
          value(grad, 'grad'),
          value(m, 'm'),
          value(v, 'v'),
          ...out,
          scalars,
        );
        return out.map((values) => storage.output(values, param.shape, 'float32')) as [
          TensorInfo,
          TensorInfo,
          TensorInfo,
        ];
      };
      if (runtime === null || n < SIMD_MIN_ELEMENTS) return inJs();
      return withWasm(
        runtime,
        storage,
        (ops) => {
          const ins = [
            ops.input(param, 'adamUpdate', 'param'),
            ops.input(grad, 'adamUpdate', 'grad'),
            ops.input(m, 'adamUpdate', 'm'),
            ops.input(v, 'adamUpdate', 'v'),
          ];
          const outs = [ops.temp(n), ops.temp(n), ops.temp(n)];
          const { c1, c2, alpha: a, epsilon: e } = scalars;
          runtime.split(n, PARALLEL_MIN_ELEMENTS, 4, (s, end) => ({
            fn: 'adamUpdate',
            args: [...ins, ...outs].map((ptr) => ptr + 4 * s).concat([end - s, c1, c2, a, e]),
          }));
          return outs.map((ptr) => ops.output(ptr, n, param.shape)) as [
            TensorInfo,
            TensorInfo,
            TensorInfo,
          ];
        },
        inJs,
      );
    },
  };
}
