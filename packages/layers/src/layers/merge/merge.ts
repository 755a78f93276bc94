/**
 * The base of the merge layers: a layer of several inputs (a list of tensors) and one output,
 * with no weights. Shape errors name the inputs that disagree, by layer name in a graph and by
 * position on tensors.
 */
import { type Tensor, tidy, ValueError } from '@glia/core';
import { type CallContext, Layer, type LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { who } from '../layer-utils';

export abstract class Merge<A extends LayerArgs = LayerArgs> extends Layer<A> {
  /** How many inputs it takes: at least `minInputs`, at most `maxInputs`. */
  protected readonly minInputs: number = 2;
  protected readonly maxInputs: number = Number.POSITIVE_INFINITY;

  /** The merged tensor (shapes already checked). */
  protected abstract merge(inputs: readonly Tensor[]): Tensor;

  /** The output shape, or a ShapeError naming two inputs (by `names`) that disagree. */
  protected abstract mergeShapes(
    shapes: readonly SymbolicShape[],
    names: readonly string[],
  ): SymbolicShape;

  private expectedInputs(): string {
    if (this.minInputs === this.maxInputs) return `${this.minInputs}`;
    return Number.isFinite(this.maxInputs)
      ? `${this.minInputs} to ${this.maxInputs}`
      : `${this.minInputs} or more`;
  }

  private checkCount(count: number): void {
    if (count < this.minInputs || count > this.maxInputs) {
      throw new ValueError(
        `${who(this)}: got ${count} input${count === 1 ? '' : 's'}: it takes a list of ${this.expectedInputs()} tensors`,
      );
    }
  }

  computeOutputShape(_inputShape: SymbolicShape): SymbolicShape {
    throw new ValueError(
      `${who(this)}: it merges a list of ${this.expectedInputs()} tensors: apply it to an array`,
    );
  }

  protected call(_input: Tensor, _context: CallContext): Tensor {
    throw new ValueError(
      `${who(this)}: it merges a list of ${this.expectedInputs()} tensors: apply it to an array, e.g. .apply([a, b])`,
    );
  }

  protected override callMany(inputs: readonly Tensor[], _context: CallContext): Tensor {
    this.checkCount(inputs.length);
    for (const t of inputs) t.assertAlive(this.className);
    const shapes = inputs.map((t) => [...t.shape]);
    this.mergeShapes(
      shapes,
      inputs.map((_, i) => `${i}`),
    );
    if (!this.built) super.build([null, ...shapes[0]!.slice(1)]);
    return tidy(() => this.merge(inputs));
  }

  protected override buildForInputs(
    shapes: readonly SymbolicShape[],
    names: readonly string[] = shapes.map((_, i) => `${i}`),
  ): void {
    this.checkCount(shapes.length);
    this.mergeShapes(shapes, names);
    if (!this.built) super.build([...shapes[0]!]);
  }

  override outputShapesFor(shapes: readonly SymbolicShape[]): SymbolicShape[] {
    return [
      this.mergeShapes(
        shapes,
        shapes.map((_, i) => `${i}`),
      ),
    ];
  }

  /** A merge layer has no single-input path (its logits are its output). */
  override runNode(inputs: readonly Tensor[], context: CallContext): Tensor[] {
    return [this.callMany(inputs, context)];
  }
}

/** `(None, 4)` style, for messages. */
export function describeShape(shape: SymbolicShape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}
