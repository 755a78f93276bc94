import { lit } from '../program';
import type { KernelContext, KernelFamily } from './context';
import { mapInputs } from './elementwise';

/** The fused optimizer steps. */
export type OptimizerUpdateName = 'adamUpdate';

/**
 * Adam as three generated kernels over [param, grad, m, v] (a gpu.js kernel has one output): the
 * new m, the new v, and the new parameter, which recomputes both moments rather than reading them.
 */
export function optimizerUpdateKernels(ctx: KernelContext): KernelFamily<OptimizerUpdateName> {
  return {
    adamUpdate: ({ param, grad, m, v }, { alpha, beta1, beta2, epsilon }) => {
      const inputs = [param, grad, m, v];
      const newM = `v2 + (v1 - v2) * ${lit(Math.fround(1 - beta1))}`;
      const newV = `v3 + (v1 * v1 - v3) * ${lit(Math.fround(1 - beta2))}`;
      const step = `(mm * ${lit(Math.fround(alpha))}) / (Math.sqrt(vv) + ${lit(Math.fround(epsilon))})`;
      return [
        mapInputs(
          ctx,
          inputs,
          'float32',
          `const mm = ${newM};\nconst vv = ${newV};\nreturn v0 - ${step};`,
          param.shape,
        ),
        mapInputs(ctx, inputs, 'float32', `return ${newM};`, param.shape),
        mapInputs(ctx, inputs, 'float32', `return ${newV};`, param.shape),
      ];
    },
  };
}
