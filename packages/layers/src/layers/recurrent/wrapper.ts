import { add, fmtShape, type Tensor, tidy, ValueError } from '@glia/core';
import { Layer, type LayerArgs, type LayerClass } from '../../engine/layer';
import type { LayerWeight } from '../../engine/layer-weight';
import { readSavedEntry } from '../layer-utils';

/**
 * How a wrapper finds its inner layer's class by name: `getLayerClass`, handed over by
 * engine/layer-registry.ts when it loads. The registry imports every layer class, this one
 * included, so importing it from here would close an import circle.
 */
let resolveLayerClass: ((className: string) => LayerClass) | undefined;

/** Called once by engine/layer-registry.ts with its `getLayerClass`. */
export function setLayerClassResolver(resolve: (className: string) => LayerClass): void {
  resolveLayerClass = resolve;
}

/** An inner layer of a wrapper, and how its weights are named in model files. */
export interface WrappedLayer {
  layer: Layer;
  /**
   * The saved name of one of its weights, from the weight's own (`forward_lstm/kernel`): TF.js puts
   * it under the wrapper's name (`bidirectional/forward_lstm/kernel`, `time_distributed/kernel`).
   */
  rename(originalName: string): string;
}

/**
 * A layer that runs other layers (`bidirectional`, `timeDistributed`): its weights are theirs, listed
 * (and saved, set, trained, counted, freed) in order, under the names TF.js gives them.
 */
export abstract class Wrapper<A extends LayerArgs = LayerArgs> extends Layer<A> {
  /** The inner layers, in weight order. */
  protected abstract wrapped(): WrappedLayer[];

  private rename(inner: WrappedLayer, weights: readonly LayerWeight[]): LayerWeight[] {
    return weights.map((w) => ({
      originalName: inner.rename(w.originalName),
      variable: w.variable,
      trainable: w.trainable,
    }));
  }

  override get weights(): readonly LayerWeight[] {
    return this.wrapped().flatMap((inner) => this.rename(inner, inner.layer.weights));
  }

  override get trainableWeights(): LayerWeight[] {
    if (!this.trainable) return [];
    return this.wrapped().flatMap((inner) => this.rename(inner, inner.layer.trainableWeights));
  }

  override get nonTrainableWeights(): LayerWeight[] {
    const trainable = new Set(this.trainableWeights.map((w) => w.variable));
    return this.weights.filter((w) => !trainable.has(w.variable));
  }

  override countParams(): number {
    return this.wrapped().reduce((n, inner) => n + inner.layer.countParams(), 0);
  }

  override getWeights(): Tensor[] {
    return this.wrapped().flatMap((inner) => inner.layer.getWeights());
  }

  override setWeights(values: readonly Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) {
      throw new ValueError(
        `${this.className} '${this.name}'.setWeights: got ${values.length} tensors: expected ${weights.length} (${weights.map((w) => w.originalName).join(', ')})`,
      );
    }
    weights.forEach((w, i) => {
      const v = values[i]!;
      if (v.shape.join() !== w.variable.shape.join()) {
        throw new ValueError(
          `${this.className} '${this.name}'.setWeights: '${w.originalName}' got shape ${fmtShape(v.shape)}: expected ${fmtShape(w.variable.shape)}`,
        );
      }
    });
    let offset = 0;
    for (const inner of this.wrapped()) {
      const n = inner.layer.weights.length;
      inner.layer.setWeights(values.slice(offset, offset + n));
      offset += n;
    }
  }

  override regularizationLoss(): Tensor | undefined {
    return tidy(() => {
      const parts = this.wrapped()
        .map((inner) => inner.layer.regularizationLoss())
        .filter((t): t is Tensor => t !== undefined);
      return parts.length === 0 ? undefined : parts.reduce((a, b) => add(a, b));
    });
  }

  override dispose(): void {
    for (const inner of this.wrapped()) inner.layer.dispose();
  }
}

/** A layer from a `{className, config}` in a wrapper's config, through the layer registry. */
/**
 * Whether `value` is meant as a saved layer (`{className, config}`, or a bare class name), and so
 * read by `layerFromConfig`, whose errors then say what a saved layer must look like.
 */
export function isSavedLayer(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    (typeof value === 'object' && value !== null && 'className' in value)
  );
}

export function layerFromConfig(owner: string, value: unknown): Layer {
  const entry = readSavedEntry(owner, 'layer', value);
  if (resolveLayerClass === undefined) {
    throw new ValueError(
      `${owner}: no layer registry is loaded to find '${entry.className}': load the model with loadModel, or import getLayerClass from @glia/layers`,
    );
  }
  const cls = resolveLayerClass(entry.className);
  try {
    return cls.fromConfig(entry.config);
  } catch (e) {
    // Name the field, so a model file's error points into the nested config.
    throw new ValueError(`${owner}: layer (${entry.className}): ${(e as Error).message}`);
  }
}
