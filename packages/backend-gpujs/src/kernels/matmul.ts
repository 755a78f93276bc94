import type { TensorInfo } from '@glia/core';
import { int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';

/**
 * The source of a batched product over a0 = a [batch, ., .], a1 = b, one output element per thread;
 * `epilogue` ends it with the sum `s` and the output column `c` in scope (the fused kernel adds a
 * bias and an activation).
 */
export function matMulSource(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
  epilogue = 'return s;',
  inputCount = 2,
): { source: string; shape: [number, number, number] } {
  const [batch, a1, a2] = aShape as [number, number, number];
  const [, b1, b2] = bShape as [number, number, number];
  const m = transposeA ? a2 : a1;
  const k = transposeA ? a1 : a2;
  const n = transposeB ? b1 : b2;
  // a[r][p] and b[p][c] as flat offsets within one batch
  const aRow = transposeA ? 1 : k;
  const aInner = transposeA ? m : 1;
  const bInner = transposeB ? 1 : n;
  const bCol = transposeB ? k : 1;
  const mul = (v: string, st: number) => (st === 1 ? v : `${v} * ${int(st)}`);
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
    epilogue,
  ].join('\n');
  return { source: kernelSource(inputCount, body), shape: [batch, m, n] };
}

/**
 * batchMatMul: one output element per thread, a constant-length loop over the inner dimension.
 * Transposes are folded into the strides, never materialised.
 */
export function matMulKernels(ctx: KernelContext): KernelFamily<'batchMatMul'> {
  return {
    batchMatMul: ({ a, b }, { transposeA, transposeB }): TensorInfo => {
      const { source, shape } = matMulSource(a.shape, b.shape, transposeA, transposeB);
      return ctx.run(source, shape, a.dtype, [a, b]);
    },
  };
}
