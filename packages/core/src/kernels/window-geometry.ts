import { fmtShape, ShapeError, ValueError } from '../errors';
import type { Conv2dAttrs, Pad2d, Pool2dAttrs } from './kernel-table';

/** How a 2-D window op pads: Keras/TF names or explicit [[top,bottom],[left,right]]. */
export type PaddingSpec = 'same' | 'valid' | [[number, number], [number, number]];

/** Output size of one spatial dimension of a window op. */
export function windowOutputSize(
  inSize: number,
  window: number,
  stride: number,
  dilation: number,
  padBefore: number,
  padAfter: number,
): number {
  const effective = (window - 1) * dilation + 1;
  return Math.floor((inSize + padBefore + padAfter - effective) / stride) + 1;
}

/**
 * Resolves a padding spec into explicit [top, bottom, left, right], as TF does for 'same'
 * (the extra cell, if any, goes after).
 */
export function resolvePad2d(
  op: string,
  padding: PaddingSpec,
  inH: number,
  inW: number,
  window: [number, number],
  strides: [number, number],
  dilations: [number, number],
): Pad2d {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const total = (inSize: number, k: number, s: number, d: number): number => {
      const effective = (k - 1) * d + 1;
      const out = Math.ceil(inSize / s);
      return Math.max((out - 1) * s + effective - inSize, 0);
    };
    const th = total(inH, window[0], strides[0], dilations[0]);
    const tw = total(inW, window[1], strides[1], dilations[1]);
    return [
      Math.floor(th / 2),
      th - Math.floor(th / 2),
      Math.floor(tw / 2),
      tw - Math.floor(tw / 2),
    ];
  }
  if (
    Array.isArray(padding) &&
    padding.length === 2 &&
    padding.every(
      (p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0),
    )
  ) {
    return [padding[0][0], padding[0][1], padding[1][0], padding[1][1]];
  }
  throw new ValueError(
    `${op}: padding ${JSON.stringify(padding)} is invalid: expected 'same', 'valid' or [[top,bottom],[left,right]] of non-negative integers`,
  );
}

/** The geometry of a 2-D window op over an NHWC input: everything a kernel needs to loop. */
export interface Window2dGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  windowHeight: number;
  windowWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  outHeight: number;
  outWidth: number;
}

/** Computes a window op's geometry, with an error naming the op when the output would be empty. */
export function window2dGeometry(
  op: string,
  inputShape: readonly number[],
  window: [number, number],
  strides: [number, number],
  dilations: [number, number],
  pad: Pad2d,
): Window2dGeometry {
  const [batch, inHeight, inWidth, inChannels] = inputShape as [number, number, number, number];
  const outHeight = windowOutputSize(inHeight, window[0], strides[0], dilations[0], pad[0], pad[1]);
  const outWidth = windowOutputSize(inWidth, window[1], strides[1], dilations[1], pad[2], pad[3]);
  if (outHeight <= 0 || outWidth <= 0) {
    throw new ShapeError(
      `${op}: window ${window[0]}x${window[1]} (dilations ${dilations.join('x')}) does not fit input ${fmtShape(inputShape)} with padding [${pad.join(',')}]: the output would be ${outHeight}x${outWidth}`,
    );
  }
  return {
    batch,
    inHeight,
    inWidth,
    inChannels,
    windowHeight: window[0],
    windowWidth: window[1],
    strideHeight: strides[0],
    strideWidth: strides[1],
    dilationHeight: dilations[0],
    dilationWidth: dilations[1],
    padTop: pad[0],
    padBottom: pad[1],
    padLeft: pad[2],
    padRight: pad[3],
    outHeight,
    outWidth,
  };
}

/** The geometry of a pooling kernel's windows (never dilated), from the kernel's attributes. */
export function pool2dGeometry(
  op: string,
  inputShape: readonly number[],
  attrs: Pool2dAttrs,
): Window2dGeometry {
  return window2dGeometry(op, inputShape, attrs.filterSize, attrs.strides, [1, 1], attrs.pad);
}

/** The geometry of a conv2d kernel's windows over `inputShape`, for an HWIO `filterShape`. */
export function conv2dGeometry(
  op: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2dAttrs,
): Window2dGeometry {
  const window: [number, number] = [filterShape[0]!, filterShape[1]!];
  return window2dGeometry(op, inputShape, window, attrs.strides, attrs.dilations, attrs.pad);
}
