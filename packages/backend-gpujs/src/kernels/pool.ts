import { type Pool2dAttrs, type TensorInfo, windowOutputSize } from '@glia/core';
import { int, kernelSource } from '../program';
import type { KernelContext, KernelFamily } from './context';

/** Code declaring `name0..3`, the coordinates of `index` in an NHWC shape. */
function split4(name: string, index: string, [, d1, d2, d3]: readonly number[]): string {
  return [
    `const ${name}0 = Math.floor((${index} + 0.5) / ${int(d1! * d2! * d3!)});`,
    `const ${name}r0 = ${index} - ${name}0 * ${int(d1! * d2! * d3!)};`,
    `const ${name}1 = Math.floor((${name}r0 + 0.5) / ${int(d2! * d3!)});`,
    `const ${name}r1 = ${name}r0 - ${name}1 * ${int(d2! * d3!)};`,
    `const ${name}2 = Math.floor((${name}r1 + 0.5) / ${int(d3!)});`,
    `const ${name}3 = ${name}r1 - ${name}2 * ${int(d3!)};`,
  ].join('\n');
}

interface PoolGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
}

function geometry(shape: readonly number[], attrs: Pool2dAttrs): PoolGeometry {
  const [n, h, w, c] = shape as [number, number, number, number];
  const [pt, pb, pl, pr] = attrs.pad;
  return {
    n,
    h,
    w,
    c,
    oh: windowOutputSize(h, attrs.filterSize[0], attrs.strides[0], 1, pt, pb),
    ow: windowOutputSize(w, attrs.filterSize[1], attrs.strides[1], 1, pl, pr),
  };
}

/**
 * Loops over the in-image cells of output window (wy, wx) of image `b`, channel `ch`: `inner` sees
 * `iy`, `ix` and `v` (the input value from `input`).
 */
function windowLoop(
  g: PoolGeometry,
  attrs: Pool2dAttrs,
  coords: { b: string; wy: string; wx: string; ch: string },
  input: string,
  inner: string,
  suffix = '',
): string {
  const [fh, fw] = attrs.filterSize;
  const [sh, sw] = attrs.strides;
  const [pt, , pl] = attrs.pad;
  return [
    `for (let fy${suffix} = 0; fy${suffix} < ${int(fh)}; fy${suffix}++) {`,
    `const iy${suffix} = ${coords.wy} * ${int(sh)} - ${int(pt)} + fy${suffix};`,
    `if (iy${suffix} >= 0 && iy${suffix} < ${int(g.h)}) {`,
    `for (let fx${suffix} = 0; fx${suffix} < ${int(fw)}; fx${suffix}++) {`,
    `const ix${suffix} = ${coords.wx} * ${int(sw)} - ${int(pl)} + fx${suffix};`,
    `if (ix${suffix} >= 0 && ix${suffix} < ${int(g.w)}) {`,
    `const v${suffix} = ${input}[((${coords.b} * ${int(g.h)} + iy${suffix}) * ${int(g.w)} + ix${suffix}) * ${int(g.c)} + ${coords.ch}];`,
    inner,
    '}',
    '}',
    '}',
    '}',
  ].join('\n');
}

/**
 * Loops over the output windows (y, x) that contain input cell (o1, o2): `inner` sees `y`, `x`,
 * `fy`, `fx` (the cell's place in that window).
 */
function windowsContaining(g: PoolGeometry, attrs: Pool2dAttrs, inner: string): string {
  const [fh, fw] = attrs.filterSize;
  const [sh, sw] = attrs.strides;
  const [pt, , pl] = attrs.pad;
  return [
    `for (let fy = 0; fy < ${int(fh)}; fy++) {`,
    `const ty = o1 + ${int(pt)} - fy;`,
    `const y = Math.floor((ty + 0.5) / ${int(sh)});`,
    `if (y * ${int(sh)} === ty && y >= 0 && y < ${int(g.oh)}) {`,
    `for (let fx = 0; fx < ${int(fw)}; fx++) {`,
    `const tx = o2 + ${int(pl)} - fx;`,
    `const x = Math.floor((tx + 0.5) / ${int(sw)});`,
    `if (x * ${int(sw)} === tx && x >= 0 && x < ${int(g.ow)}) {`,
    inner,
    '}',
    '}',
    '}',
    '}',
  ].join('\n');
}

/** The number of in-image cells of window (y, x), as code. */
function windowCount(g: PoolGeometry, attrs: Pool2dAttrs): string {
  const [fh, fw] = attrs.filterSize;
  const [sh, sw] = attrs.strides;
  const [pt, , pl] = attrs.pad;
  return [
    `const y0 = Math.max(y * ${int(sh)} - ${int(pt)}, 0);`,
    `const y1 = Math.min(y * ${int(sh)} - ${int(pt)} + ${int(fh)}, ${int(g.h)});`,
    `const x0 = Math.max(x * ${int(sw)} - ${int(pl)}, 0);`,
    `const x1 = Math.min(x * ${int(sw)} - ${int(pl)} + ${int(fw)}, ${int(g.w)});`,
    'const count = (y1 - y0) * (x1 - x0);',
  ].join('\n');
}

/** maxPool, avgPool and their gradients (NHWC), each one output element per thread. */
export function poolKernels(
  ctx: KernelContext,
): KernelFamily<'maxPool' | 'avgPool' | 'maxPoolGrad' | 'avgPoolGrad'> {
  const windowOf = { b: 'o0', wy: 'o1', wx: 'o2', ch: 'o3' };
  return {
    maxPool: ({ x }, attrs): TensorInfo => {
      const g = geometry(x.shape, attrs);
      const outShape = [g.n, g.oh, g.ow, g.c];
      const body = [
        split4('o', 'i', outShape),
        'let m = -Infinity;',
        // NaN wins and stays
        windowLoop(g, attrs, windowOf, 'a0', 'if (v > m || v !== v) { if (m === m) { m = v; } }'),
        'return m;',
      ].join('\n');
      return ctx.run(kernelSource(1, body), outShape, x.dtype, [x]);
    },
    avgPool: ({ x }, attrs): TensorInfo => {
      const g = geometry(x.shape, attrs);
      const outShape = [g.n, g.oh, g.ow, g.c];
      const body = [
        split4('o', 'i', outShape),
        'let s = 0.0;',
        'let count = 0.0;',
        windowLoop(g, attrs, windowOf, 'a0', 's += v;\ncount += 1.0;'),
        'return s / count;',
      ].join('\n');
      return ctx.run(kernelSource(1, body), outShape, 'float32', [x]);
    },
    maxPoolGrad: ({ dy, x }, attrs): TensorInfo => {
      const g = geometry(x.shape, attrs);
      // For each window holding this cell: is this cell the window's first maximum (NaN first)?
      const argmax = windowLoop(
        g,
        attrs,
        { b: 'o0', wy: 'y', wx: 'x', ch: 'o3' },
        'a1',
        `if (best < 0.0 || v_w > m || (v_w !== v_w && m === m)) { m = v_w; best = iy_w * ${int(g.w)} + ix_w; }`,
        '_w',
      );
      const body = [
        split4('o', 'i', x.shape),
        'let s = 0.0;',
        windowsContaining(
          g,
          attrs,
          [
            'let m = 0.0;',
            'let best = -1.0;',
            argmax,
            `if (best === o1 * ${int(g.w)} + o2) { s += a0[((o0 * ${int(g.oh)} + y) * ${int(g.ow)} + x) * ${int(g.c)} + o3]; }`,
          ].join('\n'),
        ),
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(2, body), [...x.shape], 'float32', [dy, x]);
    },
    avgPoolGrad: ({ dy }, attrs): TensorInfo => {
      const inputShape = attrs.inputShape;
      const g = geometry(inputShape, attrs);
      const body = [
        split4('o', 'i', inputShape),
        'let s = 0.0;',
        windowsContaining(
          g,
          attrs,
          `${windowCount(g, attrs)}\ns += a0[((o0 * ${int(g.oh)} + y) * ${int(g.ow)} + x) * ${int(g.c)} + o3] / count;`,
        ),
        'return s;',
      ].join('\n');
      return ctx.run(kernelSource(1, body), [...inputShape], 'float32', [dy]);
    },
  };
}
