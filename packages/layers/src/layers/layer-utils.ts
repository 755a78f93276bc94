/**
 * Argument and shape checks shared by the layers. Every message names the layer (`Dense 'dense_1'`)
 * and what it expected, since users meet them while assembling a model.
 */
import { ShapeError, ValueError } from '@glia/core';
import type { Activation, ActivationIdentifier } from '../activations/activation';
import { getActivation } from '../activations/get-activation';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import { getInitializer, type SerializedInitializer } from '../initializers/get-initializer';
import type { Initializer, InitializerIdentifier } from '../initializers/initializer';
import { getRegularizer, type SerializedRegularizer } from '../regularizers/get-regularizer';
import type { Regularizer, RegularizerIdentifier } from '../regularizers/regularizer';

/** An initializer argument: a name, an initializer, or its saved form. */
export type InitializerArg = InitializerIdentifier | SerializedInitializer;
/** A regularizer argument; `null` means none (as saved). */
export type RegularizerArg = RegularizerIdentifier | SerializedRegularizer | null;

/** `Dense 'dense_1'`: how messages name a layer. */
export function who(layer: { className: string; name: string }): string {
  return `${layer.className} '${layer.name}'`;
}

/** A positive integer. */
export function positiveInt(owner: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ValueError(`${owner}: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A boolean, or `fallback` when absent. */
export function bool(owner: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    throw new ValueError(`${owner}: ${name} must be true or false, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A finite number in [min, max] (or above `min` when `exclusiveMin`). */
export function numberIn(
  owner: string,
  name: string,
  v: unknown,
  fallback: number,
  range: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
): number {
  if (v === undefined) return fallback;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (range.min === undefined || (range.exclusiveMin ? v > range.min : v >= range.min)) &&
    (range.max === undefined || (range.exclusiveMax ? v < range.max : v <= range.max));
  if (!ok) {
    const lo = range.min === undefined ? '' : `${range.exclusiveMin ? '>' : '>='} ${range.min}`;
    const hi = range.max === undefined ? '' : `${range.exclusiveMax ? '<' : '<='} ${range.max}`;
    throw new ValueError(
      `${owner}: ${name} must be a finite number${lo || hi ? ` ${[lo, hi].filter(Boolean).join(' and ')}` : ''}, got ${JSON.stringify(v)}`,
    );
  }
  return v as number;
}

/** Only channels-last (NHWC) images are supported, as everywhere in Glia. */
export function channelsLast(owner: string, v: unknown): 'channelsLast' {
  if (v !== undefined && v !== null && v !== 'channelsLast' && v !== 'channels_last') {
    throw new ValueError(
      `${owner}: dataFormat ${JSON.stringify(v)} is not supported: expected 'channelsLast' (NHWC)`,
    );
  }
  return 'channelsLast';
}

/** The activation named (or given), with the layer named in the error. */
export function activationArg(
  owner: string,
  v: ActivationIdentifier | null | undefined,
): Activation {
  try {
    return getActivation(v);
  } catch (e) {
    throw new ValueError(`${owner}: ${(e as Error).message}`);
  }
}

/** The initializer named (or given), with the layer and argument named in the error. */
export function initializerArg(
  owner: string,
  name: string,
  v: InitializerArg | undefined,
  fallback: InitializerIdentifier,
): Initializer {
  try {
    return getInitializer(v ?? fallback);
  } catch (e) {
    throw new ValueError(`${owner}: ${name}: ${(e as Error).message}`);
  }
}

/** The regularizer named (or given), or undefined for none. */
export function regularizerArg(
  owner: string,
  name: string,
  v: RegularizerArg | undefined,
): Regularizer | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    return getRegularizer(v);
  } catch (e) {
    throw new ValueError(`${owner}: ${name}: ${(e as Error).message}`);
  }
}

/** The axes of channels-last inputs with 1, 2 or 3 spatial axes, as shape errors name them. */
export const CHANNELS_LAST_LAYOUTS = {
  1: '(batch, steps, channels)',
  2: '(batch, height, width, channels)',
  3: '(batch, depth, height, width, channels)',
} as const;

/** Throws unless `shape` has `rank` dimensions. */
export function expectRank(
  owner: string,
  shape: SymbolicShape,
  rank: number,
  layout: string,
): void {
  if (shape.length !== rank) {
    throw new ShapeError(
      `${owner}: input shape ${formatSymbolicShape(shape)} has rank ${shape.length}: expected rank ${rank} ${layout}`,
    );
  }
}

/** Dimension `axis` of `shape`, which must be known to create weights. */
export function knownDim(owner: string, shape: SymbolicShape, axis: number, what: string): number {
  const d = shape[axis];
  if (d === null || d === undefined) {
    throw new ShapeError(
      `${owner}: input shape ${formatSymbolicShape(shape)}: the ${what} (axis ${axis}) must be known to create the weights`,
    );
  }
  return d;
}

/** Throws unless the strides or the dilations are all 1: TF's convolutions take one or the other. */
export function checkStridesOrDilation(
  owner: string,
  strides: readonly number[],
  dilationRate: readonly number[],
): void {
  if (strides.some((s) => s > 1) && dilationRate.some((d) => d > 1)) {
    const show = (v: readonly number[]) => (v.length === 1 ? `${v[0]}` : `[${v.join(', ')}]`);
    throw new ValueError(
      `${owner}: strides ${show(strides)} and dilationRate ${show(dilationRate)} are both > 1: expected one of them to be 1`,
    );
  }
}

/**
 * The output height and width of a 2-D convolution window over an input of `height` × `width`
 * (null where unknown); an error naming the kernel where 'valid' padding leaves nothing.
 */
export function convWindowShape(
  owner: string,
  [height, width]: readonly (number | null | undefined)[],
  window: {
    kernelSize: readonly number[];
    strides: readonly number[];
    padding: 'valid' | 'same';
    dilationRate: readonly number[];
  },
): [number | null, number | null] {
  const { kernelSize, strides, padding, dilationRate } = window;
  const out = [height, width].map((d, i) =>
    windowLength(d ?? null, kernelSize[i]!, strides[i]!, padding, dilationRate[i]),
  ) as [number | null, number | null];
  if (out.some((d) => d !== null && d <= 0)) {
    throw new ValueError(
      `${owner}: input (${height}, ${width}) is smaller than the kernel [${kernelSize.join(', ')}] (dilation [${dilationRate.join(', ')}]) with 'valid' padding`,
    );
  }
  return out;
}

/** Output length of a convolution or pooling window along one dimension (Keras' conv_output_length). */
export function windowLength(
  length: number | null,
  window: number,
  stride: number,
  padding: 'valid' | 'same',
  dilation = 1,
): number | null {
  if (length === null) return null;
  const effective = (window - 1) * dilation + 1;
  return padding === 'same'
    ? Math.ceil(length / stride)
    : Math.ceil((length - effective + 1) / stride);
}

export { readSavedConfig } from '../engine/saved-config';

/** A saved class and its config, as a nested layer or cell sits in a config: `{className, config}`. */
export interface SavedEntry {
  className: string;
  config: Record<string, unknown>;
}

/** `value` as a `SavedEntry`, or a ValueError saying `${owner}: ${key} must be {className, config}`. */
export function readSavedEntry(owner: string, key: string, value: unknown): SavedEntry {
  const entry = value as { className?: unknown; config?: unknown } | null;
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.className !== 'string' ||
    typeof entry.config !== 'object' ||
    entry.config === null ||
    Array.isArray(entry.config)
  ) {
    throw new ValueError(
      `${owner}: ${key} must be {className, config}, got ${JSON.stringify(value)}`,
    );
  }
  return { className: entry.className, config: entry.config as Record<string, unknown> };
}
