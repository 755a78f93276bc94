import type { Variable } from '@glia/autograd';
import { add, type Tensor, tidy } from '@glia/core';
import type { Activation } from '../activations/activation';
import { Layer, type LayerArgs } from '../engine/layer';

/**
 * A layer that ends in `activation(linear(x) + bias)` (the convolutions beside Conv2D): the bias and
 * activation, and the logits path that lets a model fuse softmax into cross-entropy, written once.
 */
export abstract class ActivatedLayer<A extends LayerArgs = LayerArgs> extends Layer<A> {
  abstract readonly activation: Activation;
  /** Set by `build` when the layer uses a bias. */
  bias?: Variable;

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
