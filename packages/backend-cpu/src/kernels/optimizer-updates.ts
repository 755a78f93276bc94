import type { KernelAttrs } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';

/** The fused optimizer steps. */
export type OptimizerUpdateKernelName = 'adamUpdate';

/** The float32 scalars of one Adam step, rounded as the composition's scalar operands are. */
export interface AdamScalars {
  c1: number;
  c2: number;
  alpha: number;
  epsilon: number;
}

/** The scalars of one Adam step from the kernel's attributes (the wasm loop takes the same). */
export function adamScalars({
  alpha,
  beta1,
  beta2,
  epsilon,
}: KernelAttrs<'adamUpdate'>): AdamScalars {
  const f = Math.fround;
  return { c1: f(1 - beta1), c2: f(1 - beta2), alpha: f(alpha), epsilon: f(epsilon) };
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
 * moments, where the composition makes twelve elementwise passes and eleven temporaries.
 */
export function optimizerUpdateKernels(
  storage: CpuStorage,
): KernelFamily<OptimizerUpdateKernelName> {
  return {
    adamUpdate: ({ param, grad, m, v }, attrs) => {
      const n = storage.values(param).length;
      // Pooled like every kernel's output; the inputs are read after allocating.
      const out = [
        storage.allocFloat32(n),
        storage.allocFloat32(n),
        storage.allocFloat32(n),
      ] as const;
      const value = (t: typeof param, name: string) => storage.float32Values(t, 'adamUpdate', name);
      adamLoop(
        value(param, 'param'),
        value(grad, 'grad'),
        value(m, 'm'),
        value(v, 'v'),
        ...out,
        adamScalars(attrs),
      );
      const [p, mOut, vOut] = out.map((values) => storage.output(values, param.shape, 'float32'));
      return [p!, mOut!, vOut!];
    },
  };
}
