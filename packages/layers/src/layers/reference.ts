/** Independent loop implementations the layer tests compare against (NHWC, row-major). */

/** TF's 'same' padding before the window, for one dimension. */
export function samePadBefore(
  inSize: number,
  outSize: number,
  window: number,
  stride: number,
): number {
  return Math.floor(Math.max((outSize - 1) * stride + window - inSize, 0) / 2);
}

export interface WindowOptions {
  strides: [number, number];
  padding: 'valid' | 'same';
  dilation?: [number, number];
}

function outSize(
  inSize: number,
  window: number,
  stride: number,
  padding: 'valid' | 'same',
): number {
  return padding === 'same'
    ? Math.ceil(inSize / stride)
    : Math.ceil((inSize - window + 1) / stride);
}

/**
 * Where a 2-D window of (effective) size `wh` × `ww` slides over an input of `h` × `w`: the output
 * size and the padding before the first row and column.
 */
function slide(
  [h, w]: [number, number],
  [wh, ww]: [number, number],
  [sh, sw]: [number, number],
  padding: 'valid' | 'same',
): { oh: number; ow: number; top: number; left: number } {
  const oh = outSize(h, wh, sh, padding);
  const ow = outSize(w, ww, sw, padding);
  const top = padding === 'same' ? samePadBefore(h, oh, wh, sh) : 0;
  const left = padding === 'same' ? samePadBefore(w, ow, ww, sw) : 0;
  return { oh, ow, top, left };
}

/** conv2d of x [n,h,w,c] with kernel [kh,kw,c,f]. */
export function conv2dReference(
  x: ArrayLike<number>,
  [n, h, w, c]: number[],
  k: ArrayLike<number>,
  [kh, kw, , f]: number[],
  { strides: [sh, sw], padding, dilation: [dh, dw] = [1, 1] }: WindowOptions,
): { values: number[]; shape: number[] } {
  const effective: [number, number] = [(kh! - 1) * dh + 1, (kw! - 1) * dw + 1];
  const { oh, ow, top, left } = slide([h!, w!], effective, [sh, sw], padding);
  const values: number[] = [];
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < f!; o++) {
          let s = 0;
          for (let a = 0; a < kh!; a++)
            for (let e = 0; e < kw!; e++) {
              const y = i * sh + a * dh - top;
              const z = j * sw + e * dw - left;
              if (y < 0 || y >= h! || z < 0 || z >= w!) continue;
              for (let ch = 0; ch < c!; ch++) {
                s += x[((b * h! + y) * w! + z) * c! + ch]! * k[((a * kw! + e) * c! + ch) * f! + o]!;
              }
            }
          values.push(s);
        }
  return { values, shape: [n!, oh, ow, f!] };
}

/** Transposed conv2d of x [n,h,w,c] with kernel [kh,kw,f,c], by scattering each input pixel. */
export function conv2dTransposeReference(
  x: ArrayLike<number>,
  [n, h, w, c]: number[],
  k: ArrayLike<number>,
  [kh, kw, f]: number[],
  { strides: [sh, sw], padding }: WindowOptions,
): { values: number[]; shape: number[] } {
  const oh = padding === 'same' ? h! * sh : h! * sh + Math.max(kh! - sh, 0);
  const ow = padding === 'same' ? w! * sw : w! * sw + Math.max(kw! - sw, 0);
  const top = padding === 'same' ? samePadBefore(oh, h!, kh!, sh) : 0;
  const left = padding === 'same' ? samePadBefore(ow, w!, kw!, sw) : 0;
  const values = new Array<number>(n! * oh * ow * f!).fill(0);
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < h!; i++)
      for (let j = 0; j < w!; j++)
        for (let a = 0; a < kh!; a++)
          for (let e = 0; e < kw!; e++) {
            const y = i * sh + a - top;
            const z = j * sw + e - left;
            if (y < 0 || y >= oh || z < 0 || z >= ow) continue;
            for (let o = 0; o < f!; o++)
              for (let ch = 0; ch < c!; ch++) {
                values[((b * oh + y) * ow + z) * f! + o]! +=
                  x[((b * h! + i) * w! + j) * c! + ch]! * k[((a * kw! + e) * f! + o) * c! + ch]!;
              }
          }
  return { values, shape: [n!, oh, ow, f!] };
}

/** Max or average pooling of x [n,h,w,c]; 'same' averages count only cells inside the image. */
export function poolReference(
  x: ArrayLike<number>,
  [n, h, w, c]: number[],
  [ph, pw]: [number, number],
  { strides: [sh, sw], padding }: WindowOptions,
  kind: 'max' | 'avg',
): { values: number[]; shape: number[] } {
  const { oh, ow, top, left } = slide([h!, w!], [ph, pw], [sh, sw], padding);
  const values: number[] = [];
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c!; ch++) {
          let best = Number.NEGATIVE_INFINITY;
          let total = 0;
          let count = 0;
          for (let a = 0; a < ph; a++)
            for (let e = 0; e < pw; e++) {
              const y = i * sh + a - top;
              const z = j * sw + e - left;
              if (y < 0 || y >= h! || z < 0 || z >= w!) continue;
              const v = x[((b * h! + y) * w! + z) * c! + ch]!;
              best = Math.max(best, v);
              total += v;
              count++;
            }
          values.push(kind === 'max' ? best : total / count);
        }
  return { values, shape: [n!, oh, ow, c!] };
}
