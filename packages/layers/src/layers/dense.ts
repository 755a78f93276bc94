import { type FusedActivation, fusedMatMul, matMul, reshape, type Tensor, tidy } from '@glia/core';
import { fusedActivationOf } from '../activations/fused-activation';
import type { FieldsOf } from '../engine/config-schema';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { KERNEL_BIAS_FIELDS, positiveIntField } from './fields';
import { type KernelBiasArgs, KernelBiasLayer } from './kernel-bias-layer';
import { layerFactory } from './layer-factory';
import { expectRank, knownDim, who } from './layer-utils';

/** `dense()` settings, as TF.js names them. */
export interface DenseArgs extends KernelBiasArgs {
  /** Output features. */
  units: number;
}

const DENSE_FIELDS = {
  units: positiveIntField(),
  ...KERNEL_BIAS_FIELDS,
} satisfies FieldsOf<DenseArgs>;

/**
 * A fully connected layer: `activation(x · kernel + bias)`, with kernel [inputFeatures, units]. An
 * input of rank > 2 is transformed along its last axis, as in Keras.
 *
 * ```ts
 * dense({ units: 10, activation: 'softmax' });
 * ```
 */
export class Dense extends KernelBiasLayer<DenseArgs> {
  static override readonly className = 'Dense';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = DENSE_FIELDS;

  /** A mask passes through (it works on each timestep alone). */
  override get supportsMasking(): boolean {
    return true;
  }
  declare readonly units: number;

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    if (inputShape.length < 2) expectRank(owner, inputShape, 2, '(batch, features) or more');
    const inputFeatures = knownDim(owner, inputShape, inputShape.length - 1, 'last dimension');
    this.addKernelAndBias([inputFeatures, this.units], this.units);
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    if (inputShape.length < 2) expectRank(who(this), inputShape, 2, '(batch, features) or more');
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override call(input: Tensor): Tensor {
    // With a bias and a relu or linear activation, one fused kernel does the whole layer.
    const fused = this.bias ? fusedActivationOf(this.activation) : null;
    return fused === null ? super.call(input) : tidy(() => this.fusedAffine(input, fused));
  }

  /** x · kernel, along the last axis. */
  protected linear(input: Tensor): Tensor {
    return this.alongLastAxis(input, (flat) => matMul(flat, this.kernel!));
  }

  /** activation(x · kernel + bias) in one kernel. */
  private fusedAffine(input: Tensor, activation: FusedActivation): Tensor {
    return this.alongLastAxis(input, (flat) =>
      fusedMatMul(flat, this.kernel!, this.bias!, { activation }),
    );
  }

  /** `f` of the input as a matrix [examples, features], shaped back as the input (rank > 2). */
  private alongLastAxis(input: Tensor, f: (flat: Tensor) => Tensor): Tensor {
    if (input.rank === 2) return f(input);
    const out = f(reshape(input, [-1, this.kernel!.shape[0]!]));
    return reshape(out, [...input.shape.slice(0, -1), this.units]);
  }
}

/** A fully connected layer (`Dense`). */
export const dense = layerFactory('dense', Dense);
