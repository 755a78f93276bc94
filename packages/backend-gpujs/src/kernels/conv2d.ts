import { type Conv2dAttrs, type TensorInfo, windowOutputSize } from '@glia/core';
import { int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';

/** The sizes of one conv2d: x [n,h,w,ci], filter [fh,fw,ci,co], y [n,oh,ow,co]. */
interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  ci: number;
  fh: number;
  fw: number;
  co: number;
  oh: number;
  ow: number;
}

function geometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2dAttrs,
): ConvGeometry {
  const [n, h, w, ci] = xShape as [number, number, number, number];
  const [fh, fw, , co] = filterShape as [number, number, number, number];
  const [pt, pb, pl, pr] = attrs.pad;
  return {
    n,
    h,
    w,
    ci,
    fh,
    fw,
    co,
    oh: windowOutputSize(h, fh, attrs.strides[0], attrs.dilations[0], pt, pb),
    ow: windowOutputSize(w, fw, attrs.strides[1], attrs.dilations[1], pl, pr),
  };
}

/** Code declaring `name0..3` as the NHWC-style coordinates of `index` in [d0, d1, d2, d3]. */
function split4(name: string, index: string, dims: [number, number, number, number]): string {
  const [, d1, d2, d3] = dims;
  return [
    `const ${name}0 = Math.floor((${index} + 0.5) / ${int(d1 * d2 * d3)});`,
    `const ${name}r0 = ${index} - ${name}0 * ${int(d1 * d2 * d3)};`,
    `const ${name}1 = Math.floor((${name}r0 + 0.5) / ${int(d2 * d3)});`,
    `const ${name}r1 = ${name}r0 - ${name}1 * ${int(d2 * d3)};`,
    `const ${name}2 = Math.floor((${name}r1 + 0.5) / ${int(d3)});`,
    `const ${name}3 = ${name}r1 - ${name}2 * ${int(d3)};`,
  ].join('\n');
}

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
  const g = geometry(xShape, filterShape, attrs);
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const [pt, , pl] = attrs.pad;
  const body = [
    split4('o', 'i', [g.n, g.oh, g.ow, g.co]),
    'let s = 0.0;',
    `for (let fy = 0; fy < ${int(g.fh)}; fy++) {`,
    `const iy = o1 * ${int(sh)} - ${int(pt)} + fy * ${int(dh)};`,
    `if (iy >= 0 && iy < ${int(g.h)}) {`,
    `for (let fx = 0; fx < ${int(g.fw)}; fx++) {`,
    `const ix = o2 * ${int(sw)} - ${int(pl)} + fx * ${int(dw)};`,
    `if (ix >= 0 && ix < ${int(g.w)}) {`,
    `const xBase = ((o0 * ${int(g.h)} + iy) * ${int(g.w)} + ix) * ${int(g.ci)};`,
    `const fBase = (fy * ${int(g.fw)} + fx) * ${int(g.ci * g.co)} + o3;`,
    `for (let c = 0; c < ${int(g.ci)}; c++) {`,
    `s += a0[xBase + c] * a1[fBase + c * ${int(g.co)}];`,
    '}',
    '}',
    '}',
    '}',
    '}',
    epilogue,
  ].join('\n');
  return { source: kernelSource(inputCount, body), shape: [g.n, g.oh, g.ow, g.co] };
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
      const inputShape = attrs.inputShape as [number, number, number, number];
      const g = geometry(inputShape, filter.shape, attrs);
      const [sh, sw] = attrs.strides;
      const [dh, dw] = attrs.dilations;
      const [pt, , pl] = attrs.pad;
      // dx[b,iy,ix,c] = sum over (fy,fx,co) of dy[b,y,x,co] * f[fy,fx,c,co] where iy = y*sh - pt + fy*dh
      const body = [
        split4('o', 'i', inputShape),
        'let s = 0.0;',
        `for (let fy = 0; fy < ${int(g.fh)}; fy++) {`,
        `const ty = o1 + ${int(pt)} - fy * ${int(dh)};`,
        `const y = Math.floor((ty + 0.5) / ${int(sh)});`,
        `if (y * ${int(sh)} === ty && y >= 0 && y < ${int(g.oh)}) {`,
        `for (let fx = 0; fx < ${int(g.fw)}; fx++) {`,
        `const tx = o2 + ${int(pl)} - fx * ${int(dw)};`,
        `const x = Math.floor((tx + 0.5) / ${int(sw)});`,
        `if (x * ${int(sw)} === tx && x >= 0 && x < ${int(g.ow)}) {`,
        `const dyBase = ((o0 * ${int(g.oh)} + y) * ${int(g.ow)} + x) * ${int(g.co)};`,
        `const fBase = ((fy * ${int(g.fw)} + fx) * ${int(g.ci)} + o3) * ${int(g.co)};`,
        `for (let c = 0; c < ${int(g.co)}; c++) {`,
        's += a0[dyBase + c] * a1[fBase + c];',
        '}',
        '}',
        '}',
        '}',
        '}',
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [...inputShape], 'float32', [dy, filter]);
    },

    conv2dBackpropFilter: ({ x, dy }, attrs): TensorInfo => {
      const filterShape = attrs.filterShape as [number, number, number, number];
      const g = geometry(x.shape, filterShape, attrs);
      const [sh, sw] = attrs.strides;
      const [dh, dw] = attrs.dilations;
      const [pt, , pl] = attrs.pad;
      // dw[fy,fx,c,co] = sum over (b,y,x) of x[b,iy,ix,c] * dy[b,y,x,co]
      const body = [
        split4('o', 'i', filterShape),
        'let s = 0.0;',
        `for (let b = 0; b < ${int(g.n)}; b++) {`,
        `for (let y = 0; y < ${int(g.oh)}; y++) {`,
        `const iy = y * ${int(sh)} - ${int(pt)} + o0 * ${int(dh)};`,
        `if (iy >= 0 && iy < ${int(g.h)}) {`,
        `for (let x = 0; x < ${int(g.ow)}; x++) {`,
        `const ix = x * ${int(sw)} - ${int(pl)} + o1 * ${int(dw)};`,
        `if (ix >= 0 && ix < ${int(g.w)}) {`,
        `s += a0[((b * ${int(g.h)} + iy) * ${int(g.w)} + ix) * ${int(g.ci)} + o2] * a1[((b * ${int(g.oh)} + y) * ${int(g.ow)} + x) * ${int(g.co)} + o3];`,
        '}',
        '}',
        '}',
        '}',
        '}',
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [...filterShape], 'float32', [x, dy]);
    },
  };
}
