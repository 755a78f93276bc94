import { conv2d as conv2dOp, pad, reshape, type Tensor, ValueError } from '@glia/core';
import type { FieldsOf } from '../engine/config-schema';
import type { SymbolicShape } from '../engine/symbolic-shape';
import {
  channelsLastField,
  intTupleField,
  KERNEL_BIAS_FIELDS,
  omittedWhen,
  oneOfField,
  positiveIntField,
} from './fields';
import { type KernelBiasArgs, KernelBiasLayer } from './kernel-bias-layer';
import { layerFactory } from './layer-factory';
import { checkStridesOrDilation, expectRank, knownDim, who, windowLength } from './layer-utils';

/** `conv1d()` settings, as TF.js names them. */
export interface Conv1DArgs extends KernelBiasArgs {
  /** Output channels. */
  filters: number;
  /** Window length. */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /**
   * Default 'valid'. 'causal' pads on the left only, so output step t sees inputs up to t (WaveNet,
   * temporal convolution networks).
   */
  padding?: 'valid' | 'same' | 'causal';
  /** Only 'channelsLast' (batch, steps, channels). */
  dataFormat?: 'channelsLast';
  /** Default 1; strides and dilations above 1 cannot be combined. */
  dilationRate?: number | [number];
}

const CONV1D_FIELDS = {
  filters: positiveIntField(),
  kernelSize: intTupleField(1),
  strides: intTupleField(1, 1),
  padding: oneOfField(['valid', 'same', 'causal'], 'valid'),
  // Keras writes it; TF.js neither writes nor reads it.
  dataFormat: omittedWhen(channelsLastField(), () => true),
  dilationRate: intTupleField(1, 1),
  ...KERNEL_BIAS_FIELDS,
} satisfies FieldsOf<Conv1DArgs>;

const NWC = '(batch, steps, channels)';

/**
 * 1-D convolution over sequences [batch, steps, channels]: kernel [kernelSize, inChannels, filters].
 * Runs as a 2-D convolution of height 1, so every backend has it, with its gradient.
 *
 * ```ts
 * conv1d({ filters: 16, kernelSize: 5, activation: 'relu', inputShape: [100, 8] });
 * ```
 */
export class Conv1D extends KernelBiasLayer<Conv1DArgs> {
  static override readonly className = 'Conv1D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = CONV1D_FIELDS;
  declare readonly filters: number;
  declare readonly kernelSize: [number];
  declare readonly strides: [number];
  declare readonly padding: 'valid' | 'same' | 'causal';
  readonly dataFormat = 'channelsLast' as const;
  declare readonly dilationRate: [number];

  constructor(args: Conv1DArgs) {
    super(args);
    checkStridesOrDilation(who(this), this.strides, this.dilationRate);
  }

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    this.computeOutputShape(inputShape);
    const inChannels = knownDim(owner, inputShape, 2, 'channel dimension');
    this.addKernelAndBias([this.kernelSize[0], inChannels, this.filters], this.filters);
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 3, NWC);
    const [batch, steps] = inputShape;
    const padding = this.padding === 'valid' ? 'valid' : 'same';
    const k = this.kernelSize[0];
    const out = windowLength(steps ?? null, k, this.strides[0], padding, this.dilationRate[0]);
    if (out !== null && out <= 0) {
      throw new ValueError(
        `${who(this)}: input of ${steps} steps is shorter than the kernel (${k}, dilation ${this.dilationRate[0]}) with 'valid' padding`,
      );
    }
    return [batch ?? null, out, this.filters];
  }

  protected linear(input: Tensor): Tensor {
    const [k] = this.kernelSize;
    const [batch, , channels] = input.shape;
    const left = (k - 1) * this.dilationRate[0];
    const x =
      this.padding === 'causal' && left > 0
        ? pad(input, [
            [0, 0],
            [left, 0],
            [0, 0],
          ])
        : input;
    const image = reshape(x, [batch!, 1, x.shape[1]!, channels!]);
    const kernel = reshape(this.kernel!, [1, k, channels!, this.filters]);
    const out = conv2dOp(image, kernel, {
      strides: [1, this.strides[0]],
      padding: this.padding === 'same' ? 'same' : 'valid',
      dilations: [1, this.dilationRate[0]],
    });
    return reshape(out, [batch!, out.shape[2]!, this.filters]);
  }
}

/** 1-D convolution over sequences (`Conv1D`). */
export const conv1d = layerFactory('conv1d', Conv1D);
