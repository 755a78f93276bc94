import type { Variable } from '@glia/autograd';
import { add, type Tensor, tidy } from '@glia/core';
import type { Activation } from '../activations/activation';
import { Layer, type LayerArgs } from '../engine/layer';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';

/**
 * A layer that ends in `activation(linear(x) + bias)` (dense and the convolutions): the bias and the
 * activation, with their settings (`activation`, `useBias`, `biasInitializer`, `biasRegularizer`,
 * which its fields hold), and the logits path that lets a model fuse softmax into cross-entropy,
 * written once.
 */
export abstract class ActivatedLayer<A extends LayerArgs = LayerArgs> extends Layer<A> {
  // Read from the subclass's fields (as in KERNEL_BIAS_FIELDS).
  declare readonly activation: Activation;
  declare readonly useBias: boolean;
  declare readonly biasInitializer: Initializer;
  declare readonly biasRegularizer: Regularizer | undefined;
  /** Set by `build` when the layer uses a bias. */
  bias?: Variable;

  /** With `useBias`, creates the bias, of [`outputs`] (after the kernels, as Keras orders them). */
  protected addBias(outputs: number): void {
    if (this.useBias) {
      this.bias = this.addWeight('bias', [outputs], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    }
  }

  /** The layer's transform before bias and activation. */
  protected abstract linear(input: Tensor): Tensor;

  protected call(input: Tensor): Tensor {
    return tidy(() => this.activation.apply(this.preActivation(input)));
  }

  override get activationName(): string {
    return this.activation.name;
  }

  override applyLogits(input: Tensor): Tensor {
    this.prepare(input);
    return tidy(() => this.preActivation(input));
  }

  /** linear(x) + bias: the logits, before the activation. */
  protected preActivation(input: Tensor): Tensor {
    const out = this.linear(input);
    return this.bias ? add(out, this.bias) : out;
  }
}
