import type { DType, ReductionKernelName, TensorInfo } from '@glia/core';
import { int, NAN } from '../program';
import type { KernelContext, KernelFamily } from './context';
import { MAX_FLOAT } from './math-source';
import { reductionPlan, reductionSource } from './reduce-source';

/** Compensated (Kahan) summation: float32 accumulation loses too much over long runs. */
const KAHAN_INIT = 'let s = 0.0;\nlet c = 0.0;';
// once the sum is infinite the compensation would turn it into NaN: stop compensating
const KAHAN_STEP = `const y = v - c;\nconst t = s + y;\nif (Math.abs(t) <= ${MAX_FLOAT}) { c = (t - s) - y; } else { c = 0.0; }\ns = t;`;

function reduce(
  ctx: KernelContext,
  x: TensorInfo,
  axes: number[],
  dtype: DType,
  init: string,
  step: string,
  finish: (count: number) => string,
): TensorInfo {
  const plan = reductionPlan(x.shape, axes);
  return ctx.run(reductionSource(plan, init, step, finish(plan.count)), plan.outShape, dtype, [x]);
}

/** The log of the sum of exponentials: max first, so large inputs do not overflow. */
function logSumExpSource(count: number): { init: string; step: string; finish: string } {
  return {
    init: 'let m = -Infinity;',
    step: 'if (v > m || v !== v) { m = v; }',
    finish: `if (m !== m) { return m; }\nif (m === -Infinity || m === Infinity) { return m; }\nlet s = 0.0;\nfor (let j = 0; j < ${int(count)}; j++) {\nSTEP\nconst v = a0[k];\ns += Math.exp(v - m);\n}\nreturn m + Math.log(s);`,
  };
}

/** The reductions, logSumExp, argMax/argMin and moments. */
export function reduceKernels(ctx: KernelContext): KernelFamily<ReductionKernelName> {
  const arg =
    (better: string) =>
    ({ x }: { x: TensorInfo }, { axis }: { axis: number }) =>
      reduce(
        ctx,
        x,
        [axis],
        'int32',
        'let best = 0.0;\nlet at = 0.0;\nlet found = 0.0;',
        // the first NaN wins, then the first extreme (NumPy)
        `if (found === 0.0) { if (v !== v) { at = j; found = 1.0; } else if (j === 0 || v ${better} best) { best = v; at = j; } }`,
        () => 'return at;',
      );
  return {
    sum: ({ x }, { axes }) =>
      reduce(
        ctx,
        x,
        axes,
        x.dtype === 'bool' ? 'int32' : x.dtype,
        KAHAN_INIT,
        KAHAN_STEP,
        () => 'return s;',
      ),
    mean: ({ x }, { axes }) =>
      reduce(ctx, x, axes, 'float32', KAHAN_INIT, KAHAN_STEP, (n) =>
        n === 0 ? `return ${NAN};` : `return s / ${int(n)}.0;`,
      ),
    prod: ({ x }, { axes }) =>
      reduce(
        ctx,
        x,
        axes,
        x.dtype === 'bool' ? 'int32' : x.dtype,
        'let p = 1.0;',
        'p *= v;',
        () => 'return p;',
      ),
    max: ({ x }, { axes }) =>
      reduce(
        ctx,
        x,
        axes,
        x.dtype,
        'let m = -Infinity;',
        'if (v > m || v !== v) { m = v; }',
        () => 'return m;',
      ),
    min: ({ x }, { axes }) =>
      reduce(
        ctx,
        x,
        axes,
        x.dtype,
        'let m = Infinity;',
        'if (v < m || v !== v) { m = v; }',
        () => 'return m;',
      ),
    all: ({ x }, { axes }) =>
      reduce(
        ctx,
        x,
        axes,
        'bool',
        'let r = 1.0;',
        'if (v === 0.0) { r = 0.0; }',
        () => 'return r;',
      ),
    any: ({ x }, { axes }) =>
      reduce(
        ctx,
        x,
        axes,
        'bool',
        'let r = 0.0;',
        'if (v !== 0.0) { r = 1.0; }',
        () => 'return r;',
      ),
    logSumExp: ({ x }, { axes }) => {
      const plan = reductionPlan(x.shape, axes);
      const parts = logSumExpSource(plan.count);
      const source = reductionSource(
        plan,
        parts.init,
        parts.step,
        parts.finish.replace('STEP', plan.stepCode),
      );
      return ctx.run(source, plan.outShape, 'float32', [x]);
    },
    argMax: arg('>'),
    argMin: arg('<'),
    moments: ({ x }, { axes }) => {
      const plan = reductionPlan(x.shape, axes);
      const n = plan.count;
      const mean = ctx.run(
        reductionSource(
          plan,
          KAHAN_INIT,
          KAHAN_STEP,
          n === 0 ? `return ${NAN};` : `return s / ${int(n)}.0;`,
        ),
        plan.outShape,
        'float32',
        [x],
      );
      // two passes: the textbook E[x^2] - E[x]^2 cancels badly under a large common offset
      const variance = ctx.run(
        reductionSource(
          plan,
          `let s = 0.0;\nlet c = 0.0;\nconst m = a1[i];`,
          `const d = v - m;\nconst y = d * d - c;\nconst t = s + y;\nif (Math.abs(t) <= ${MAX_FLOAT}) { c = (t - s) - y; } else { c = 0.0; }\ns = t;`,
          n === 0 ? `return ${NAN};` : `return s / ${int(n)}.0;`,
        ).replace('function(a0)', 'function(a0, a1)'),
        plan.outShape,
        'float32',
        [x, mean],
      );
      return [mean, variance];
    },
  };
}
