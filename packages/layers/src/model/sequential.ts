import { type Tensor, tidy, ValueError } from '@glia/core';
import type { Callback } from '../callbacks/callback';
import type { CallContext, Layer } from '../engine/layer';
import type { LayerWeight } from '../engine/layer-weight';
import { uniqueLayerName } from '../engine/naming';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import type { SaveResult, SaveTarget } from '../io/io-types';
import { saveModel } from '../io/save-model';
import { type CompiledModel, compileModel } from '../training/compile';
import { evaluateModel } from '../training/evaluate';
import { fitModel } from '../training/fit';
import { predictModel } from '../training/predict';
import { trainOnBatchModel } from '../training/train-on-batch';
import type { Batches, CompileArgs, EvaluateArgs, FitArgs, History, Logs } from '../training/types';
import { summarize } from './summary';

/** `sequential()` settings. */
export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

/**
 * A linear stack of layers, as Keras' Sequential: the first layer gives the input shape, each
 * layer feeds the next.
 *
 * ```ts
 * const model = sequential({ layers: [
 *   dense({ units: 8, activation: 'relu', inputShape: [4] }),
 *   dense({ units: 3, activation: 'softmax' }),
 * ]});
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 */
export class Sequential {
  static readonly className = 'Sequential';
  readonly name: string;
  readonly layers: Layer[] = [];
  /** Set by a callback to end `fit` after the current batch. */
  stopTraining = false;
  /** The optimizer, loss and metrics from `compile`. */
  compiled?: CompiledModel;

  constructor(args: SequentialArgs = {}) {
    this.name = args.name ?? uniqueLayerName('Sequential');
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Appends a layer; the first must declare `inputShape` (or `batchInputShape`). */
  add(layer: Layer): void {
    if (this.layers.some((l) => l.name === layer.name)) {
      throw new ValueError(
        `Sequential '${this.name}'.add: a layer named '${layer.name}' is already in the model: layer names must be unique`,
      );
    }
    if (this.layers.length === 0 && !layer.batchInputShape && !layer.built) {
      throw new ValueError(
        `Sequential '${this.name}'.add: the first layer (${layer.className} '${layer.name}') must set inputShape (e.g. inputShape: [28, 28, 1])`,
      );
    }
    // Build as layers arrive (as Keras does once the input shape is known), so that summary() and
    // countParams() work right away; a layer that does not fit is not added.
    const wasBuilt = this.built;
    this.layers.push(layer);
    if (wasBuilt || this.layers.length === 1) {
      try {
        this.build();
      } catch (e) {
        this.layers.pop();
        throw e;
      }
    }
  }

  /** Whether every layer has its weights. */
  get built(): boolean {
    return this.layers.length > 0 && this.layers.every((l) => l.built);
  }

  /** The input shape, batch first. */
  get inputShape(): SymbolicShape {
    const first = this.layers[0];
    if (!first) throw new ValueError(`Sequential '${this.name}': the model has no layers`);
    return first.batchInputShape ?? first.inputShape!;
  }

  /** The output shape, batch first. */
  get outputShape(): SymbolicShape {
    return this.layers.reduce((shape, l) => l.computeOutputShape(shape), this.inputShape);
  }

  /** Builds every layer in turn from the input shape (or `inputShape`), creating all weights. */
  build(inputShape?: SymbolicShape): void {
    let shape = inputShape ?? this.inputShape;
    for (const layer of this.layers) {
      if (!layer.built) layer.build(shape);
      shape = layer.computeOutputShape(shape);
    }
  }

  /**
   * The forward pass (no batching); with `logits`, the last layer's activation is skipped (the
   * training loop's fused softmax + cross-entropy path).
   */
  apply(x: Tensor, context: CallContext = { training: false }, logits = false): Tensor {
    return tidy(() => {
      let out = x;
      this.layers.forEach((layer, i) => {
        out =
          logits && i === this.layers.length - 1
            ? layer.applyLogits(out, context)
            : layer.apply(out, context);
      });
      return out;
    });
  }

  /** Predictions for `x`, computed in batches of `batchSize`; the caller owns the result. */
  predict(x: Tensor, args: EvaluateArgs = {}): Tensor {
    return predictModel(this, x, args);
  }

  /** Sets the optimizer, loss and metrics for `fit` and `evaluate`. */
  compile(args: CompileArgs): void {
    this.compiled = compileModel(this, args);
  }

  /** Trains on tensors `x`, `y` for `epochs`; returns the per-epoch History. */
  fit(x: Tensor, y: Tensor, args?: FitArgs): Promise<History>;
  /** Trains on batches (a Dataset, generator or array of `{xs, ys}`). */
  fit(batches: Batches, args?: FitArgs): Promise<History>;
  fit(
    xOrBatches: Tensor | Batches,
    yOrArgs?: Tensor | FitArgs,
    maybeArgs?: FitArgs,
  ): Promise<History> {
    return fitModel(this, xOrBatches, yOrArgs, maybeArgs);
  }

  /** Loss and metrics over `x`, `y` (or batches), e.g. `{ loss, accuracy }`. */
  evaluate(x: Tensor, y: Tensor, args?: EvaluateArgs): Promise<Logs>;
  evaluate(batches: Batches, args?: EvaluateArgs): Promise<Logs>;
  evaluate(
    xOrBatches: Tensor | Batches,
    yOrArgs?: Tensor | EvaluateArgs,
    maybeArgs?: EvaluateArgs,
  ): Promise<Logs> {
    return evaluateModel(this, xOrBatches, yOrArgs, maybeArgs);
  }

  /** One optimizer step on one batch; returns its loss and metrics. */
  trainOnBatch(x: Tensor, y: Tensor): Logs {
    return trainOnBatchModel(this, x, y);
  }

  /** Keras' summary table (layer, output shape, parameters); printed unless `print` is false. */
  summary(options: { lineLength?: number; print?: boolean } = {}): string {
    const text = summarize(this, options.lineLength);
    if (options.print ?? true) console.log(text);
    return text;
  }

  /** Scalars in all weights. */
  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** Every weight, layer by layer. */
  get weights(): LayerWeight[] {
    return this.layers.flatMap((l) => [...l.weights]);
  }

  /** The weights the optimizer updates. */
  get trainableWeights(): LayerWeight[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  /** Copies of every weight's values, in `weights` order (the caller owns them). */
  getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }

  /** Sets every weight, in `weights` order; nothing changes when a shape does not match. */
  setWeights(values: readonly Tensor[]): void {
    const expected = this.weights.length;
    if (values.length !== expected) {
      throw new ValueError(
        `Sequential '${this.name}'.setWeights: got ${values.length} tensors: expected ${expected}`,
      );
    }
    let offset = 0;
    const slices = this.layers.map((l) => {
      const part = values.slice(offset, offset + l.weights.length);
      offset += l.weights.length;
      return part;
    });
    // Check every layer before changing any.
    this.layers.forEach((l, i) => {
      l.weights.forEach((w, j) => {
        const v = slices[i]![j]!;
        if (v.shape.join() !== w.variable.shape.join()) {
          throw new ValueError(
            `Sequential '${this.name}'.setWeights: '${w.originalName}' got shape [${v.shape.join(',')}]: expected [${w.variable.shape.join(',')}]`,
          );
        }
      });
    });
    this.layers.forEach((l, i) => {
      l.setWeights(slices[i]!);
    });
  }

  /** The layer named `name`. */
  getLayer(name: string): Layer {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer)
      throw new ValueError(
        `Sequential '${this.name}'.getLayer: no layer named '${name}' (layers: ${this.layers.map((l) => l.name).join(', ')})`,
      );
    return layer;
  }

  /** Saves topology and weights as TF.js layers-model artifacts (`'file://dir'`, a handler, ...). */
  save(target: SaveTarget, options: { includeOptimizer?: boolean } = {}): Promise<SaveResult> {
    return saveModel(this, target, options);
  }

  /** The Keras-style config: name and each layer's class and config. */
  getConfig(): { name: string; layers: { className: string; config: Record<string, unknown> }[] } {
    return {
      name: this.name,
      layers: this.layers.map((l) => ({ className: l.className, config: l.getConfig() })),
    };
  }

  /** Frees every weight and the optimizer's state. */
  dispose(): void {
    for (const l of this.layers) l.dispose();
    this.compiled?.optimizer.dispose();
  }

  /** Shapes for error messages. */
  describeInput(): string {
    return formatSymbolicShape(this.inputShape);
  }
}

/** Creates a Sequential model. */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}

export type { Callback };
