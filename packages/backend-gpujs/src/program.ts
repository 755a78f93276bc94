/*
 * Kernel source generation. Every gpu.js kernel this backend runs is generated as JavaScript source
 * with the shapes and attributes baked in as literals: gpu.js needs constant loop bounds, and a
 * source string is then its own cache key (kernel, shapes and attributes all appear in it).
 *
 * Every tensor is stored flat (row-major) as a one-dimensional gpu.js output; in the GL modes gpu.js
 * packs that into a near-square 2-D texture within the device's maximum texture size, and the
 * generated code recovers N-d coordinates from the flat index with the strides baked in.
 *
 * Index arithmetic runs in float32 on the GL modes, so divisions use `floor((i + 0.5) / s)`, which is
 * exact for every index below 2^22 whatever the rounding of the division.
 */
import { stridesOf } from '@glia/core';

/** The float literal of `n` as gpu.js parses it (always with a decimal point or exponent). */
export function lit(n: number): string {
  if (Number.isNaN(n)) return NAN;
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '(-Infinity)';
  const s = String(Math.fround(n) === n ? n : Math.fround(n));
  const text = /[.eE]/.test(s) ? s : `${s}.0`;
  return n < 0 ? `(${text})` : text;
}

/** A NaN: gpu.js has no NaN identifier, and 0/0 is NaN in IEEE arithmetic. */
export const NAN = '(0.0 / 0.0)';

/** An integer literal (loop bounds, index arithmetic). */
export function int(n: number): string {
  return String(Math.trunc(n));
}

/**
 * Code declaring `${prefix}0 .. ${prefix}{rank-1}`, the coordinates of flat index `index` in
 * `shape` (row-major). Dimensions of size 1 get coordinate 0 without arithmetic.
 */
export function coordinates(prefix: string, index: string, shape: readonly number[]): string {
  const strides = stridesOf([...shape]);
  const lines: string[] = [];
  let rest = index;
  for (let d = 0; d < shape.length; d++) {
    const name = `${prefix}${d}`;
    const stride = strides[d]!;
    if (d === shape.length - 1) {
      lines.push(`const ${name} = ${rest};`);
    } else if (shape[d] === 1) {
      lines.push(`const ${name} = 0;`);
    } else {
      lines.push(`const ${name} = Math.floor((${rest} + 0.5) / ${int(stride)});`);
      const restName = `${prefix}r${d}`;
      lines.push(`const ${restName} = ${rest} - ${name} * ${int(stride)};`);
      rest = restName;
    }
  }
  return lines.join('\n');
}

/**
 * The flat index into a tensor of `shape` at coordinates `coords` (one expression per dimension),
 * broadcasting: dimensions of size 1 contribute nothing. `coords` aligns to the right of the
 * output's coordinates, as NumPy broadcasting does.
 */
export function flatIndex(shape: readonly number[], coords: readonly string[]): string {
  const strides = stridesOf([...shape]);
  const offset = coords.length - shape.length;
  const terms: string[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const c = coords[d + offset]!;
    terms.push(strides[d] === 1 ? c : `${c} * ${int(strides[d]!)}`);
  }
  return terms.length === 0 ? '0' : terms.join(' + ');
}

/** `[prefix0, prefix1, ...]` for a rank. */
export function coordNames(prefix: string, rank: number): string[] {
  return Array.from({ length: rank }, (_, d) => `${prefix}${d}`);
}

/** A kernel function's source over inputs `a0 .. a{n-1}`, with `body` returning the output value. */
export function kernelSource(inputCount: number, body: string): string {
  const params = Array.from({ length: inputCount }, (_, i) => `a${i}`).join(', ');
  return `function(${params}) {\nconst i = this.thread.x;\n${body}\n}`;
}
