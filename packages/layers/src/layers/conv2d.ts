import {
  conv2d as conv2dOp,
  conv2dTranspose as conv2dTransposeOp,
  type FusedActivation,
  fusedConv2d,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import { fusedActivationOf } from '../activations/fused-activation';
import type { FieldsOf } from '../engine/config-schema';
import type { SymbolicShape } from '../engine/symbolic-shape';
import {
  channelsLastField,
  intTupleField,
  KERNEL_BIAS_FIELDS,
  omittedWhen,
  paddingField,
  positiveIntField,
} from './fields';
import { type KernelBiasArgs, KernelBiasLayer } from './kernel-bias-layer';
import { layerFactory } from './layer-factory';
import { checkStridesOrDilation, convWindowShape, expectRank, knownDim, who } from './layer-utils';

/** `conv2d()` and `conv2dTranspose()` settings, as TF.js names them. */
export interface Conv2DArgs extends KernelBiasArgs {
  /** Output channels. */
  filters: number;
  /** Window height and width; a number means square. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: 'valid' | 'same';
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
  /** Default 1; strides and dilations above 1 cannot be combined (as TF). Not for conv2dTranspose. */
  dilationRate?: number | [number, number];
}

const CONV2D_FIELDS = {
  filters: positiveIntField(),
  kernelSize: intTupleField(2),
  strides: intTupleField(2, 1),
  padding: paddingField(),
  dataFormat: channelsLastField(),
  dilationRate: intTupleField(2, 1),
  ...KERNEL_BIAS_FIELDS,
} satisfies FieldsOf<Conv2DArgs>;

/** Conv2DTranspose's: TF.js writes no dilationRate for it, and Glia takes only 1. */
const CONV2D_TRANSPOSE_FIELDS = {
  ...CONV2D_FIELDS,
  dilationRate: omittedWhen(CONV2D_FIELDS.dilationRate, (d) => d.every((x) => x === 1)),
} satisfies FieldsOf<Conv2DArgs>;

const NHWC = '(batch, height, width, channels)';

/**
 * What Conv2D and Conv2DTranspose share: arguments, weights, bias and activation. The kernel is
 * [kh, kw, inChannels, filters] in Conv2D, [kh, kw, filters, inChannels] in Conv2DTranspose.
 */
abstract class Conv2DBase extends KernelBiasLayer<Conv2DArgs> {
  declare readonly filters: number;
  declare readonly kernelSize: [number, number];
  declare readonly strides: [number, number];
  declare readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;
  declare readonly dilationRate: [number, number];

  /** The kernel's shape for `inChannels` input channels. */
  protected abstract kernelShape(inChannels: number): number[];
  /** The convolution itself, without bias or activation. */
  protected abstract convolve(input: Tensor, kernel: Tensor): Tensor;

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    expectRank(owner, inputShape, 4, NHWC);
    const inChannels = knownDim(owner, inputShape, 3, 'channel dimension');
    this.addKernelAndBias(this.kernelShape(inChannels), this.filters);
    super.build(inputShape);
  }

  protected checkInputShape(inputShape: SymbolicShape): void {
    expectRank(who(this), inputShape, 4, NHWC);
  }

  protected override call(input: Tensor): Tensor {
    return tidy(() => {
      const activation = fusedActivationOf(this.activation);
      const fused =
        activation !== null && this.bias
          ? this.convolveFused(input, this.kernel!, this.bias, activation)
          : null;
      return fused ?? this.activation.apply(this.preActivation(input));
    });
  }

  protected linear(input: Tensor): Tensor {
    return this.convolve(input, this.kernel!);
  }

  /**
   * activation(convolution + bias) as one fused kernel, or null where the layer has none (then
   * `call` runs the convolution, the bias and the activation as separate ops).
   */
  protected convolveFused(
    _input: Tensor,
    _kernel: Tensor,
    _bias: Tensor,
    _activation: FusedActivation,
  ): Tensor | null {
    return null;
  }
}

/**
 * 2-D convolution over NHWC images: kernel [kernelHeight, kernelWidth, inChannels, filters].
 *
 * ```ts
 * conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] });
 * ```
 */
export class Conv2D extends Conv2DBase {
  static override readonly className = 'Conv2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = CONV2D_FIELDS;

  constructor(args: Conv2DArgs) {
    super(args);
    checkStridesOrDilation(who(this), this.strides, this.dilationRate);
  }

  protected kernelShape(inChannels: number): number[] {
    return [...this.kernelSize, inChannels, this.filters];
  }

  protected convolve(input: Tensor, kernel: Tensor): Tensor {
    return conv2dOp(input, kernel, {
      strides: this.strides,
      padding: this.padding,
      dilations: this.dilationRate,
    });
  }

  protected override convolveFused(
    input: Tensor,
    kernel: Tensor,
    bias: Tensor,
    activation: FusedActivation,
  ): Tensor {
    return fusedConv2d(input, kernel, bias, {
      strides: this.strides,
      padding: this.padding,
      dilations: this.dilationRate,
      activation,
    });
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    this.checkInputShape(inputShape);
    const [outH, outW] = convWindowShape(who(this), inputShape.slice(1, 3), this);
    return [inputShape[0] ?? null, outH, outW, this.filters];
  }
}

/** 2-D convolution (`Conv2D`). */
export const conv2d = layerFactory('conv2d', Conv2D);

/** Keras' deconv_output_length without output padding. */
function transposedLength(
  length: number | null,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
): number | null {
  if (length === null) return null;
  return padding === 'same' ? length * stride : length * stride + Math.max(kernel - stride, 0);
}

/**
 * Transposed convolution ("deconvolution"), which upsamples: the gradient of a convolution with
 * respect to its input. Kernel [kernelHeight, kernelWidth, filters, inChannels], as Keras and TF.js.
 *
 * ```ts
 * conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }); // doubles h and w
 * ```
 */
export class Conv2DTranspose extends Conv2DBase {
  static override readonly className = 'Conv2DTranspose';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = CONV2D_TRANSPOSE_FIELDS;

  constructor(args: Conv2DArgs) {
    super(args);
    if (this.dilationRate.some((d) => d !== 1)) {
      throw new ValueError(
        `${who(this)}: dilationRate ${JSON.stringify(args.dilationRate)} is not supported: expected 1 (as TF.js)`,
      );
    }
  }

  protected kernelShape(inChannels: number): number[] {
    return [...this.kernelSize, this.filters, inChannels];
  }

  protected convolve(input: Tensor, kernel: Tensor): Tensor {
    const [batch, h, w] = input.shape;
    const outH = transposedLength(h!, this.kernelSize[0], this.strides[0], this.padding)!;
    const outW = transposedLength(w!, this.kernelSize[1], this.strides[1], this.padding)!;
    return conv2dTransposeOp(input, kernel, [batch!, outH, outW, this.filters], {
      strides: this.strides,
      padding: this.padding,
    });
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    this.checkInputShape(inputShape);
    const [batch, h, w] = inputShape;
    return [
      batch ?? null,
      transposedLength(h ?? null, this.kernelSize[0], this.strides[0], this.padding),
      transposedLength(w ?? null, this.kernelSize[1], this.strides[1], this.padding),
      this.filters,
    ];
  }
}

/** Transposed 2-D convolution (`Conv2DTranspose`). */
export const conv2dTranspose = layerFactory('conv2dTranspose', Conv2DTranspose);
