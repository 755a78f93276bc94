import {
  type DType,
  type Pool2dAttrs,
  pool2dGeometry,
  type TensorInfo,
  type Window2dGeometry,
} from '@glia/core';
import { coordinates, int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';
import { windowCells, windowsContaining } from './window-source';

/**
 * Loops over the in-image cells of output window (wy, wx) of image `b`, channel `ch`: `inner` sees
 * `iy`, `ix` and `v` (the input value from `input`), each name ending in `suffix`.
 */
function windowLoop(
  g: Window2dGeometry,
  coords: { b: string; wy: string; wx: string; ch: string },
  input: string,
  inner: string,
  suffix = '',
): string {
  const [iy, ix] = [`iy${suffix}`, `ix${suffix}`];
  const cell = `((${coords.b} * ${int(g.inHeight)} + ${iy}) * ${int(g.inWidth)} + ${ix}) * ${int(g.inChannels)} + ${coords.ch}`;
  return windowCells(
    g,
    coords.wy,
    coords.wx,
    `const v${suffix} = ${input}[${cell}];\n${inner}`,
    suffix,
  );
}

/** The number of in-image cells of window (y, x), as code. */
function windowCount(g: Window2dGeometry): string {
  const [sh, sw] = [int(g.strideHeight), int(g.strideWidth)];
  const [pt, pl] = [int(g.padTop), int(g.padLeft)];
  return [
    `const y0 = Math.max(y * ${sh} - ${pt}, 0);`,
    `const y1 = Math.min(y * ${sh} - ${pt} + ${int(g.windowHeight)}, ${int(g.inHeight)});`,
    `const x0 = Math.max(x * ${sw} - ${pl}, 0);`,
    `const x1 = Math.min(x * ${sw} - ${pl} + ${int(g.windowWidth)}, ${int(g.inWidth)});`,
    'const count = (y1 - y0) * (x1 - x0);',
  ].join('\n');
}

/** maxPool, avgPool and their gradients (NHWC), each one output element per thread. */
export function poolKernels(
  ctx: KernelContext,
): KernelFamily<'maxPool' | 'avgPool' | 'maxPoolGrad' | 'avgPoolGrad'> {
  const windowOf = { b: 'o0', wy: 'o1', wx: 'o2', ch: 'o3' };
  /** A pooling kernel: `init`, then `step` on each in-image window cell's value `v`, then `result`. */
  const overWindows = (
    op: string,
    x: TensorInfo,
    attrs: Pool2dAttrs,
    dtype: DType,
    fold: { init: string; step: string; result: string },
  ): TensorInfo => {
    const g = pool2dGeometry(op, x.shape, attrs);
    const outShape = [g.batch, g.outHeight, g.outWidth, g.inChannels];
    const body = [
      coordinates('o', 'i', outShape),
      fold.init,
      windowLoop(g, windowOf, 'a0', fold.step),
      `return ${fold.result};`,
    ].join('\n');
    return ctx.run(kernelSource(1, body), outShape, dtype, [x]);
  };
  return {
    maxPool: ({ x }, attrs) =>
      // NaN wins and stays
      overWindows('maxPool', x, attrs, x.dtype, {
        init: 'let m = -Infinity;',
        step: 'if (v > m || v !== v) { if (m === m) { m = v; } }',
        result: 'm',
      }),
    avgPool: ({ x }, attrs) =>
      overWindows('avgPool', x, attrs, 'float32', {
        init: 'let s = 0.0;\nlet count = 0.0;',
        step: 's += v;\ncount += 1.0;',
        result: 's / count',
      }),
    maxPoolGrad: ({ dy, x }, attrs): TensorInfo => {
      const g = pool2dGeometry('maxPoolGrad', x.shape, attrs);
      // For each window holding this cell: is this cell the window's first maximum (NaN first)?
      const argmax = windowLoop(
        g,
        { b: 'o0', wy: 'y', wx: 'x', ch: 'o3' },
        'a1',
        `if (best < 0.0 || v_w > m || (v_w !== v_w && m === m)) { m = v_w; best = iy_w * ${int(g.inWidth)} + ix_w; }`,
        '_w',
      );
      const body = [
        coordinates('o', 'i', x.shape),
        'let s = 0.0;',
        windowsContaining(
          g,
          [
            'let m = 0.0;',
            'let best = -1.0;',
            argmax,
            `if (best === o1 * ${int(g.inWidth)} + o2) { s += a0[((o0 * ${int(g.outHeight)} + y) * ${int(g.outWidth)} + x) * ${int(g.inChannels)} + o3]; }`,
          ].join('\n'),
        ),
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [...x.shape], 'float32', [dy, x]);
    },
    avgPoolGrad: ({ dy }, attrs): TensorInfo => {
      const inputShape = attrs.inputShape;
      const g = pool2dGeometry('avgPoolGrad', inputShape, attrs);
      const body = [
        coordinates('o', 'i', inputShape),
        'let s = 0.0;',
        windowsContaining(
          g,
          `${windowCount(g)}\ns += a0[((o0 * ${int(g.outHeight)} + y) * ${int(g.outWidth)} + x) * ${int(g.inChannels)} + o3] / count;`,
        ),
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(1, body), [...inputShape], 'float32', [dy]);
    },
  };
}
