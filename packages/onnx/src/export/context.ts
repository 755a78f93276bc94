import type { Tensor } from '@glia/core';
import type { Layer, SymbolicShape } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { GraphBuilder } from '../graph-builder';

/**
 * A value flowing between exported layers: its edge name, its logical (Glia, channels-last) shape
 * with `null` for the batch, and the layout it physically has in the graph. Rank-4 values may sit
 * channels-first between NCHW nodes (Conv, pooling, BatchNormalization), so that consecutive NCHW
 * nodes need no Transposes between them; `nhwc()`/`nchw()` insert one where a node needs the other.
 */
export interface Value {
  readonly name: string;
  readonly shape: SymbolicShape;
  readonly layout: 'channelsLast' | 'channelsFirst';
}

/** A weight's values and shape, read before export starts. */
export interface WeightData {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** What a layer's exporter gets: the graph being built and the weights' values. */
export class ExportContext {
  constructor(
    readonly graph: GraphBuilder,
    private readonly weightValues_: ReadonlyMap<Tensor, Float32Array>,
    /** The opset the model is written in. */
    readonly opset: number,
  ) {}

  /** The weight of `layer` whose name ends in `/${suffix}` (`kernel`, `bias`, `gamma`, ...). */
  weight(layer: Layer, suffix: string): WeightData {
    const found = layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`));
    const data = found ? this.weightValues_.get(found.variable) : undefined;
    if (!found || !data) {
      throw new OnnxExportError(
        `${layer.className} '${layer.name}': has no weight '${suffix}' (weights: ${layer.weights.map((w) => w.originalName).join(', ') || 'none'})`,
      );
    }
    return { data, shape: found.variable.shape };
  }

  /** The values of a weight variable (read before export started). */
  weightValues(variable: Tensor): Float32Array {
    const data = this.weightValues_.get(variable);
    if (!data)
      throw new OnnxExportError(`toOnnx: a weight of shape [${variable.shape}] was not read`);
    return data;
  }

  /** Whether `layer` has a weight ending in `/${suffix}`. */
  hasWeight(layer: Layer, suffix: string): boolean {
    return layer.weights.some((w) => w.originalName.endsWith(`/${suffix}`));
  }

  /**
   * `v` channels-last (a Transpose when it is channels-first; one per value, however many nodes of
   * a graph model read it).
   */
  nhwc(v: Value): Value {
    if (v.layout === 'channelsLast') return v;
    return { name: this.transposed(v.name, [0, 2, 3, 1]), shape: v.shape, layout: 'channelsLast' };
  }

  /** A rank-4 `v` channels-first (a Transpose when it is channels-last; one per value). */
  nchw(v: Value): Value {
    if (v.layout === 'channelsFirst') return v;
    return { name: this.transposed(v.name, [0, 3, 1, 2]), shape: v.shape, layout: 'channelsFirst' };
  }

  private readonly transposes = new Map<string, string>();

  private transposed(name: string, perm: readonly number[]): string {
    const key = `${name}\u0000${perm.join(',')}`;
    let out = this.transposes.get(key);
    if (out === undefined) {
      out = this.graph.add('Transpose', [name], { perm: { ints: perm } });
      this.transposes.set(key, out);
    }
    return out;
  }
}

/** A layer's static size at `axis` of `shape`, or an export error naming the layer. */
export function staticDim(layer: Layer, shape: SymbolicShape, axis: number): number {
  const d = shape[axis];
  if (d === null || d === undefined) {
    throw new OnnxExportError(
      `${layer.className} '${layer.name}': needs a known size at axis ${axis} of its input, got ${JSON.stringify(shape)}`,
    );
  }
  return d;
}

/** The layer's output shape, computed by the layer itself. */
export function outputShape(layer: Layer, input: SymbolicShape): SymbolicShape {
  return layer.computeOutputShape(input);
}
