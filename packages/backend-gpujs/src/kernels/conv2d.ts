import { type Conv2dAttrs, conv2dGeometry, type TensorInfo } from '@glia/core';
import { coordinates, int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';
import { windowCells, windowsContaining } from './window-source';

/**
 * The source of conv2d over a0 = x, a1 = filter, one output element per thread; `epilogue` ends
 * it with the sum `s` of the output element (the fused kernel adds a bias and an activation).
 */
export function conv2dSource(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2dAttrs,
  epilogue = 'return s;',
  inputCount = 2,
): { source: string; shape: [number, number, number, number] } {
  const g = conv2dGeometry('conv2d', xShape, filterShape, attrs);
  const co = filterShape[3]!;
  const [h, w, ci] = [g.inHeight, g.inWidth, g.inChannels];
  const shape: [number, number, number, number] = [g.batch, g.outHeight, g.outWidth, co];
  const body = [
    coordinates('o', 'i', shape),
    'let s = 0.0;',
    windowCells(
      g,
      'o1',
      'o2',
      [
        `const xBase = ((o0 * ${int(h)} + iy) * ${int(w)} + ix) * ${int(ci)};`,
        `const fBase = (fy * ${int(g.windowWidth)} + fx) * ${int(ci * co)} + o3;`,
        `for (let c = 0; c < ${int(ci)}; c++) {`,
        `s += a0[xBase + c] * a1[fBase + c * ${int(co)}];`,
        '}',
      ].join('\n'),
    ),
    epilogue,
  ].join('\n');
  return { source: kernelSource(inputCount, body), shape };
}

/** conv2d and its two gradients, each one output element per thread with constant loops. */
export function conv2dKernels(
  ctx: KernelContext,
): KernelFamily<'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter'> {
  return {
    conv2d: ({ x, filter }, attrs): TensorInfo => {
      const { source, shape } = conv2dSource(x.shape, filter.shape, attrs);
      return ctx.run(source, shape, 'float32', [x, filter]);
    },

    conv2dBackpropInput: ({ dy, filter }, attrs): TensorInfo => {
      const inputShape = attrs.inputShape;
      const g = conv2dGeometry('conv2dBackpropInput', inputShape, filter.shape, attrs);
      const co = filter.shape[3]!;
      // dx[b,iy,ix,c] = sum over (fy,fx,co) of dy[b,y,x,co] * f[fy,fx,c,co] where iy = y*sh - pt + fy*dh
      const body = [
        coordinates('o', 'i', inputShape),
        'let s = 0.0;',
        windowsContaining(
          g,
          [
            `const dyBase = ((o0 * ${int(g.outHeight)} + y) * ${int(g.outWidth)} + x) * ${int(co)};`,
            `const fBase = ((fy * ${int(g.windowWidth)} + fx) * ${int(g.inChannels)} + o3) * ${int(co)};`,
            `for (let c = 0; c < ${int(co)}; c++) {`,
            's += a0[dyBase + c] * a1[fBase + c];',
            '}',
          ].join('\n'),
        ),
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [...inputShape], 'float32', [dy, filter]);
    },

    conv2dBackpropFilter: ({ x, dy }, attrs): TensorInfo => {
      const filterShape = attrs.filterShape;
      const g = conv2dGeometry('conv2dBackpropFilter', x.shape, filterShape, attrs);
      const [h, w, ci, co] = [g.inHeight, g.inWidth, g.inChannels, filterShape[3]!];
      const [oh, ow] = [g.outHeight, g.outWidth];
      // dw[fy,fx,c,co] = sum over (b,y,x) of x[b,iy,ix,c] * dy[b,y,x,co]
      const body = [
        coordinates('o', 'i', filterShape),
        'let s = 0.0;',
        `for (let b = 0; b < ${int(g.batch)}; b++) {`,
        `for (let y = 0; y < ${int(oh)}; y++) {`,
        `const iy = y * ${int(g.strideHeight)} - ${int(g.padTop)} + o0 * ${int(g.dilationHeight)};`,
        `if (iy >= 0 && iy < ${int(h)}) {`,
        `for (let x = 0; x < ${int(ow)}; x++) {`,
        `const ix = x * ${int(g.strideWidth)} - ${int(g.padLeft)} + o1 * ${int(g.dilationWidth)};`,
        `if (ix >= 0 && ix < ${int(w)}) {`,
        `s += a0[((b * ${int(h)} + iy) * ${int(w)} + ix) * ${int(ci)} + o2] * a1[((b * ${int(oh)} + y) * ${int(ow)} + x) * ${int(co)} + o3];`,
        '}\n}\n}\n}\n}',
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [...filterShape], 'float32', [x, dy]);
    },
  };
}
