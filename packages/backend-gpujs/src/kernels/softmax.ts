import { stridesOf, type TensorInfo } from '@glia/core';
import { coordinates, int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';

/** softmax / logSoftmax along `axis`: each thread finds its run's maximum and sum, then its value. */
function softmaxSource(shape: readonly number[], axis: number, log: boolean): string {
  const strides = stridesOf([...shape]);
  const n = shape[axis]!;
  const stride = strides[axis]!;
  const at = (j: string) => `a0[base + ${j} * ${int(stride)}]`;
  const body = [
    coordinates('o', 'i', shape),
    `const base = i - o${axis} * ${int(stride)};`,
    'let m = -Infinity;',
    `for (let j = 0; j < ${int(n)}; j++) {\nconst v = ${at('j')};\nif (v > m || v !== v) { if (m === m) { m = v; } }\n}`,
    'let s = 0.0;',
    `for (let j = 0; j < ${int(n)}; j++) {\ns += Math.exp(${at('j')} - m);\n}`,
    log ? 'return (a0[i] - m) - Math.log(s);' : 'return Math.exp(a0[i] - m) / s;',
  ].join('\n');
  return kernelSource(1, body);
}

/** softmax and logSoftmax. */
export function softmaxKernels(ctx: KernelContext): KernelFamily<'softmax' | 'logSoftmax'> {
  const kernel =
    (log: boolean) =>
    ({ x }: { x: TensorInfo }, { axis }: { axis: number }) =>
      ctx.run(softmaxSource(x.shape, axis, log), [...x.shape], 'float32', [x]);
  return { softmax: kernel(false), logSoftmax: kernel(true) };
}
