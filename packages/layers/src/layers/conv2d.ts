import type { Variable } from '@glia/autograd';
import {
  add,
  conv2d as conv2dOp,
  conv2dTranspose as conv2dTransposeOp,
  type FusedActivation,
  fusedConv2d,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import type { Activation, ActivationIdentifier } from '../activations/activation';
import { fusedActivationOf } from '../activations/fused-activation';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { serializeInitializer } from '../initializers/get-initializer';
import type { Initializer } from '../initializers/initializer';
import { serializeRegularizer } from '../regularizers/get-regularizer';
import type { Regularizer } from '../regularizers/regularizer';
import {
  activationArg,
  bool,
  channelsLast,
  expectRank,
  type InitializerArg,
  initializerArg,
  intPair,
  knownDim,
  paddingMode,
  positiveInt,
  type RegularizerArg,
  readLayerConfig,
  regularizerArg,
  who,
  windowLength,
} from './layer-utils';

/** `conv2d()` and `conv2dTranspose()` settings, as TF.js names them. */
export interface Conv2DArgs extends LayerArgs {
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
  /** Default 'linear' (none). */
  activation?: ActivationIdentifier | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' (Keras' default; TF.js defaults to glorotNormal). */
  kernelInitializer?: InitializerArg;
  /** Default 'zeros'. */
  biasInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
}

const CONV_FIELDS = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dataFormat',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'biasRegularizer',
];
const CONV_NULL_ONLY = ['activityRegularizer', 'kernelConstraint', 'biasConstraint'];
const NHWC = '(batch, height, width, channels)';

/** What Conv2D and Conv2DTranspose share: arguments, weights, bias and activation. */
abstract class Conv2DBase extends Layer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  /** Conv2D: [kh, kw, inChannels, filters]; Conv2DTranspose: [kh, kw, filters, inChannels]. */
  kernel?: Variable;
  /** [filters], when `useBias`. */
  bias?: Variable;

  constructor(args: Conv2DArgs) {
    super(args);
    const owner = who(this);
    this.filters = positiveInt(owner, 'filters', args?.filters);
    this.kernelSize = intPair(owner, 'kernelSize', args.kernelSize);
    this.strides = intPair(owner, 'strides', args.strides, 1);
    this.padding = paddingMode(owner, args.padding);
    channelsLast(owner, args.dataFormat);
    this.activation = activationArg(owner, args.activation);
    this.useBias = bool(owner, 'useBias', args.useBias, true);
    this.kernelInitializer = initializerArg(
      owner,
      'kernelInitializer',
      args.kernelInitializer,
      'glorotUniform',
    );
    this.biasInitializer = initializerArg(owner, 'biasInitializer', args.biasInitializer, 'zeros');
    this.kernelRegularizer = regularizerArg(owner, 'kernelRegularizer', args.kernelRegularizer);
    this.biasRegularizer = regularizerArg(owner, 'biasRegularizer', args.biasRegularizer);
  }

  /** The kernel's shape for `inChannels` input channels. */
  protected abstract kernelShape(inChannels: number): number[];
  /** The convolution itself, without bias or activation. */
  protected abstract convolve(input: Tensor, kernel: Tensor): Tensor;

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    expectRank(owner, inputShape, 4, NHWC);
    const inChannels = knownDim(owner, inputShape, 3, 'channel dimension');
    this.kernel = this.addWeight('kernel', this.kernelShape(inChannels), this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    }
    super.build(inputShape);
  }

  protected checkInputShape(inputShape: SymbolicShape): void {
    expectRank(who(this), inputShape, 4, NHWC);
  }

  protected call(input: Tensor): Tensor {
    return tidy(() => {
      const activation = fusedActivationOf(this.activation);
      const fused =
        activation !== null && this.bias
          ? this.convolveFused(input, this.kernel!, this.bias, activation)
          : null;
      return fused ?? this.activation.apply(this.preActivation(input));
    });
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

  override get activationName(): string {
    return this.activation.name;
  }

  override applyLogits(input: Tensor): Tensor {
    this.prepare(input);
    return tidy(() => this.preActivation(input));
  }

  private preActivation(input: Tensor): Tensor {
    const out = this.convolve(input, this.kernel!);
    return this.bias ? add(out, this.bias) : out;
  }

  override getConfig(): Record<string, unknown> {
    return {
      filters: this.filters,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      kernelRegularizer: this.kernelRegularizer
        ? serializeRegularizer(this.kernelRegularizer)
        : null,
      kernelConstraint: null,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      ...this.extraConfig(),
      activation: this.activation.name,
      useBias: this.useBias,
      biasInitializer: serializeInitializer(this.biasInitializer),
      biasRegularizer: this.biasRegularizer ? serializeRegularizer(this.biasRegularizer) : null,
      activityRegularizer: null,
      biasConstraint: null,
      ...super.getConfig(),
    };
  }

  /** Fields only one of the two has (Conv2D's dilationRate). */
  protected extraConfig(): Record<string, unknown> {
    return {};
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
  readonly dilationRate: [number, number];

  constructor(args: Conv2DArgs) {
    super(args);
    const owner = who(this);
    this.dilationRate = intPair(owner, 'dilationRate', args.dilationRate, 1);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ValueError(
        `${owner}: strides [${this.strides.join(', ')}] and dilationRate [${this.dilationRate.join(', ')}] are both > 1: expected one of them to be 1`,
      );
    }
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
    const [, h, w] = inputShape;
    const [kh, kw] = this.kernelSize;
    const outH = windowLength(h ?? null, kh, this.strides[0], this.padding, this.dilationRate[0]);
    const outW = windowLength(w ?? null, kw, this.strides[1], this.padding, this.dilationRate[1]);
    if ((outH !== null && outH <= 0) || (outW !== null && outW <= 0)) {
      throw new ValueError(
        `${who(this)}: input (${h}, ${w}) is smaller than the kernel [${this.kernelSize.join(', ')}] (dilation [${this.dilationRate.join(', ')}]) with 'valid' padding`,
      );
    }
    return [inputShape[0] ?? null, outH, outW, this.filters];
  }

  protected override extraConfig(): Record<string, unknown> {
    return { dilationRate: [...this.dilationRate] };
  }

  static fromConfig(config: Record<string, unknown>): Conv2D {
    const args = readLayerConfig(
      Conv2D.className,
      config,
      [...CONV_FIELDS, 'dilationRate'],
      CONV_NULL_ONLY,
    );
    return new Conv2D(args as unknown as Conv2DArgs);
  }
}

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

  constructor(args: Conv2DArgs) {
    super(args);
    const dilation = intPair(who(this), 'dilationRate', args.dilationRate, 1);
    if (dilation.some((d) => d !== 1)) {
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

  static fromConfig(config: Record<string, unknown>): Conv2DTranspose {
    const args = readLayerConfig(
      Conv2DTranspose.className,
      config,
      [...CONV_FIELDS, 'dilationRate'],
      CONV_NULL_ONLY,
    );
    return new Conv2DTranspose(args as unknown as Conv2DArgs);
  }
}
