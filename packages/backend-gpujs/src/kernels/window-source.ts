import type { Window2dGeometry } from '@glia/core';
import { int } from '../program';

/*
 * The loops of the 2-D window kernels (convolution, pooling and their gradients) as generated code,
 * over core's window geometry: each kernel computes one output element per thread and walks the
 * window cells its element depends on.
 */

/** `name · dilation` as code, with no multiplication for dilation 1. */
function dilated(name: string, dilation: number): string {
  return dilation === 1 ? name : `${name} * ${int(dilation)}`;
}

/**
 * Loops over the in-image cells of window (wy, wx): `inner` sees `iy`, `ix` (the input cell) and
 * `fy`, `fx` (its place in the window), each name ending in `suffix`.
 */
export function windowCells(
  g: Window2dGeometry,
  wy: string,
  wx: string,
  inner: string,
  suffix = '',
): string {
  const [fy, fx, iy, ix] = ['fy', 'fx', 'iy', 'ix'].map((n) => `${n}${suffix}`);
  return [
    `for (let ${fy} = 0; ${fy} < ${int(g.windowHeight)}; ${fy}++) {`,
    `const ${iy} = ${wy} * ${int(g.strideHeight)} - ${int(g.padTop)} + ${dilated(fy!, g.dilationHeight)};`,
    `if (${iy} >= 0 && ${iy} < ${int(g.inHeight)}) {`,
    `for (let ${fx} = 0; ${fx} < ${int(g.windowWidth)}; ${fx}++) {`,
    `const ${ix} = ${wx} * ${int(g.strideWidth)} - ${int(g.padLeft)} + ${dilated(fx!, g.dilationWidth)};`,
    `if (${ix} >= 0 && ${ix} < ${int(g.inWidth)}) {`,
    inner,
    '}\n}\n}\n}',
  ].join('\n');
}

/**
 * Loops over the windows (y, x) that contain input cell (o1, o2): `inner` sees `y`, `x` and `fy`,
 * `fx` (the cell's place in that window).
 */
export function windowsContaining(g: Window2dGeometry, inner: string): string {
  const sh = int(g.strideHeight);
  const sw = int(g.strideWidth);
  return [
    `for (let fy = 0; fy < ${int(g.windowHeight)}; fy++) {`,
    `const ty = o1 + ${int(g.padTop)} - ${dilated('fy', g.dilationHeight)};`,
    `const y = Math.floor((ty + 0.5) / ${sh});`,
    `if (y * ${sh} === ty && y >= 0 && y < ${int(g.outHeight)}) {`,
    `for (let fx = 0; fx < ${int(g.windowWidth)}; fx++) {`,
    `const tx = o2 + ${int(g.padLeft)} - ${dilated('fx', g.dilationWidth)};`,
    `const x = Math.floor((tx + 0.5) / ${sw});`,
    `if (x * ${sw} === tx && x >= 0 && x < ${int(g.outWidth)}) {`,
    inner,
    '}\n}\n}\n}',
  ].join('\n');
}
