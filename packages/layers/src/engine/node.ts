/**
 * The symbolic side of the graph engine: a `SymbolicTensor` stands for a tensor a model will
 * compute, and a `Node` records one application of a layer to symbolic inputs (Keras' Node). A
 * layer applied twice has two nodes and one set of weights. `L` is the layer type; this module
 * knows nothing of layers, so that the layer class can import it without a circle.
 */
import type { DType } from '@glia/core';
import { formatSymbolicShape, type SymbolicShape } from './symbolic-shape';

let nextNodeId = 0;

/** One call of `layer` on `inputs`, producing `outputs`. */
export class Node<L> {
  /** Unique per process: orders and keys nodes. */
  readonly id = nextNodeId++;
  readonly outputs: readonly SymbolicTensor<L>[];

  constructor(
    readonly layer: L,
    readonly layerName: string,
    readonly inputs: readonly SymbolicTensor<L>[],
    outputShapes: readonly SymbolicShape[],
    dtype: DType,
  ) {
    this.outputs = outputShapes.map(
      (shape, i) =>
        new SymbolicTensor<L>(
          [...shape],
          dtype,
          this,
          i,
          outputShapes.length === 1 ? layerName : `${layerName}:${i}`,
        ),
    );
  }
}

/**
 * A placeholder for a tensor in a graph being built: its shape (batch first, `null` where
 * unknown), dtype, and the node that makes it. `input()` and `layer.apply(symbolic)` return them;
 * `model({ inputs, outputs })` turns them into a model.
 */
export class SymbolicTensor<L = unknown> {
  constructor(
    readonly shape: SymbolicShape,
    readonly dtype: DType,
    /** The node that produces it. */
    readonly node: Node<L>,
    /** Which of the node's outputs it is. */
    readonly index: number,
    /** The producing layer's name (with `:index` when the layer has several outputs). */
    readonly name: string,
  ) {}

  /** Number of dimensions, batch included. */
  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor '${this.name}' ${formatSymbolicShape(this.shape)} ${this.dtype}`;
  }
}

/** Whether `value` is a symbolic tensor or a non-empty array of them. */
export function isSymbolic(value: unknown): value is SymbolicTensor | SymbolicTensor[] {
  if (value instanceof SymbolicTensor) return true;
  return (
    Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof SymbolicTensor)
  );
}
