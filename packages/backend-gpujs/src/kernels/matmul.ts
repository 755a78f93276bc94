import type { TensorInfo } from '@glia/core';
import { int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';

/**
 * batchMatMul: one output element per thread, a constant-length loop over the inner dimension.
 * Transposes are folded into the strides, never materialised.
 */
export function matMulKernels(ctx: KernelContext): KernelFamily<'batchMatMul'> {
  return {
    batchMatMul: ({ a, b }, { transposeA, transposeB }): TensorInfo => {
      const [batch, a1, a2] = a.shape as [number, number, number];
      const [, b1, b2] = b.shape as [number, number, number];
      const m = transposeA ? a2 : a1;
      const k = transposeA ? a1 : a2;
      const n = transposeB ? b1 : b2;
      // a[r][p] and b[p][c] as flat offsets within one batch
      const aRow = transposeA ? 1 : k;
      const aInner = transposeA ? m : 1;
      const bInner = transposeB ? 1 : n;
      const bCol = transposeB ? k : 1;
      const mul = (v: string, s: number) => (s === 1 ? v : `${v} * ${int(s)}`);
      const body = [
        `const bt = Math.floor((i + 0.5) / ${int(m * n)});`,
        `const rest = i - bt * ${int(m * n)};`,
        `const r = Math.floor((rest + 0.5) / ${int(n)});`,
        `const c = rest - r * ${int(n)};`,
        `const aBase = bt * ${int(m * k)} + ${mul('r', aRow)};`,
        `const bBase = bt * ${int(k * n)} + ${mul('c', bCol)};`,
        'let s = 0.0;',
        k === 0
          ? ''
          : `for (let p = 0; p < ${int(k)}; p++) {\ns += a0[aBase + ${mul('p', aInner)}] * a1[bBase + ${mul('p', bInner)}];\n}`,
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [batch, m, n], a.dtype, [a, b]);
    },
  };
}
