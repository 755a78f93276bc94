import type { Variable } from '@glia/autograd';
import { add, type DType, dispose, fmtShape, type Tensor, tidy, ValueError } from '@glia/core';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import { type Fields, readFields, writeFields } from './config-schema';
import type { LayerArgs } from './layer-args';
import { createLayerWeight, type LayerWeight } from './layer-weight';
import { uniqueLayerName } from './naming';
import { isSymbolic, Node, type SymbolicTensor } from './node';
import { readSavedConfig } from './saved-config';
import {
  assertShapeCompatible,
  assertSymbolicCompatible,
  type SymbolicShape,
} from './symbolic-shape';
import { guardWeight } from './weight-guard';

export type { LayerArgs } from './layer-args';

/** What a layer's forward pass knows of the call. */
export interface CallContext {
  /** True inside fit/trainOnBatch: dropout drops, batchNormalization uses batch statistics. */
  training: boolean;
  /**
   * The input's mask in a model (from a `masking` layer): bool [batch, timesteps], true where a
   * timestep holds data. Recurrent layers skip the other steps.
   */
  mask?: Tensor;
}

/**
 * A layer constructor's parameters for arguments `A`: the arguments may be left out when every one
 * of them is optional (`reLU()`), not otherwise (`dense({ units: 4 })`).
 */
export type LayerParams<A extends LayerArgs> = Partial<A> extends A ? [args?: A] : [args: A];

/**
 * A concrete layer class, as `fromConfig` sees it: a constructor of `T` (whatever arguments it
 * takes), its class name and its fields.
 */
export interface ConstructibleLayer<T extends Layer> {
  new (args: never): T;
  readonly className: string;
  readonly fields?: Fields;
}

/** The constructor side of a layer class, for the class registry used by `loadModel`. */
export interface LayerClass {
  readonly className: string;
  /** Its config fields, where it states them (see config-schema.ts); the model-file check reads them. */
  readonly fields?: Fields;
  fromConfig(config: Record<string, unknown>): Layer;
}

/**
 * A layer: weights created on first use from the input shape (`build`), a forward pass (`call`),
 * and a config that saves it. `A` is the arguments its constructor takes.
 *
 * A subclass sets `static className` and, for its own arguments, `static fields` (see
 * engine/config-schema.ts): the constructor then reads the arguments through them, rejecting
 * unknown ones, and sets each kept field on the instance under its name (the subclass declares
 * them, `declare readonly units: number`); `getConfig` writes them back, and the inherited
 * `fromConfig` reads a saved config through the same fields. It overrides `build` (calling
 * `addWeight`, then `super.build`), `computeOutputShape` and `call`. See CONTRIBUTING.md, "Add a
 * layer".
 */
export abstract class Layer<A extends LayerArgs = LayerArgs> {
  /** The Keras / TF.js class name (`Dense`, `Conv2D`, ...); each subclass sets its own. */
  static readonly className: string = 'Layer';
  /**
   * Whether the base constructor reads the class's `fields` into the instance. Layers whose
   * arguments hold more than their fields (a recurrent layer's carry its cell's) set it false and
   * read their arguments themselves.
   */
  protected static readonly readsOwnFields: boolean = true;
  readonly name: string;
  trainable: boolean;
  readonly dtype: DType;
  /** Set for a model's first layer (from `inputShape` or `batchInputShape`). */
  readonly batchInputShape?: SymbolicShape;
  /** The input shape it was built for, batch first; undefined until built. */
  inputShape?: SymbolicShape;
  built = false;
  /** Each call of this layer on symbolic tensors (a shared layer has several), in order. */
  readonly inboundNodes: Node<Layer>[] = [];
  private readonly layerWeights: LayerWeight[] = [];
  private readonly penalties: { weight: LayerWeight; regularizer: Regularizer }[] = [];

  constructor(...params: LayerParams<A>) {
    const given = params[0];
    const args: LayerArgs = given === undefined ? {} : given;
    // Keras and TF.js take one config object: `dense(32)` or `conv2d(32, 3)` must not build a
    // layer with every option at its default.
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new ValueError(
        `${this.className}: expected one config object, e.g. { units: 32 } or { filters: 8, kernelSize: 3 }, got ${Array.isArray(args) ? 'an array' : `${typeof args} ${String(args)}`}`,
      );
    }
    this.name = args.name ?? uniqueLayerName(this.className);
    if (!/^[A-Za-z0-9_.\-/]+$/.test(this.name)) {
      throw new ValueError(
        `${this.className}: name '${this.name}' may hold only letters, digits and _ . - /`,
      );
    }
    this.trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    if (this.batchInputShape?.some((d) => d !== null && (!Number.isInteger(d) || d <= 0))) {
      throw new ValueError(
        `${this.className} '${this.name}': input shape ${JSON.stringify(this.batchInputShape)} must hold positive integers (or null)`,
      );
    }
    const cls = new.target as typeof Layer & Partial<LayerClass>;
    if (cls.fields && cls.readsOwnFields) {
      Object.assign(this, readFields(`${this.className} '${this.name}'`, cls.fields, args));
    }
  }

  /**
   * The layer of this class that a saved `config` (camelCase, from `getConfig` or a model file)
   * describes: the config read through the class's `fields`, then constructed. Classes whose
   * configs nest other layers or cells override it.
   */
  static fromConfig<T extends Layer>(
    this: ConstructibleLayer<T>,
    config: Record<string, unknown>,
  ): T {
    // The config is read through the class's own fields, which state its constructor's arguments.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class being loaded (Dense, ...).
    return new this(readSavedConfig(this, config) as never);
  }

  /** The class name of this instance. */
  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Creates the weights for inputs of `inputShape`. Subclasses add weights, then call `super.build`. */
  build(inputShape: SymbolicShape): void {
    this.inputShape = [...inputShape];
    this.built = true;
  }

  /** The output shape for inputs of `inputShape` (batch first, `null` where unknown). */
  abstract computeOutputShape(inputShape: SymbolicShape): SymbolicShape;

  /** The forward pass on a built layer. */
  protected abstract call(input: Tensor, context: CallContext): Tensor;

  /**
   * Runs the layer on `input` (batch first), building it on first use. Checks the input against the
   * shape it was built for. Layers that take several inputs (merge layers) take an array.
   *
   * On symbolic tensors (from `input()` or another layer's symbolic output) it computes nothing:
   * it records the call in the graph and returns the symbolic output, for `model({ inputs,
   * outputs })`.
   *
   * ```ts
   * const x = input({ shape: [4] });
   * const y = layers.dense({ units: 2 }).apply(x); // a SymbolicTensor of shape [null, 2]
   * ```
   */
  apply(input: Tensor, context?: CallContext): Tensor;
  apply(inputs: readonly Tensor[], context?: CallContext): Tensor;
  apply(input: SymbolicTensor<Layer> | readonly SymbolicTensor<Layer>[]): SymbolicTensor<Layer>;
  apply(
    input: Tensor | readonly Tensor[] | SymbolicTensor<Layer> | readonly SymbolicTensor<Layer>[],
    context: CallContext = { training: false },
  ): Tensor | SymbolicTensor<Layer> {
    if (isSymbolic(input)) {
      const inputs = (Array.isArray(input) ? input : [input]) as SymbolicTensor<Layer>[];
      const outputs = this.applySymbolic(inputs);
      if (outputs.length !== 1) {
        throw new ValueError(
          `${this.className} '${this.name}'.apply: it has ${outputs.length} outputs: use applySymbolic, which returns them all`,
        );
      }
      return outputs[0]!;
    }
    if (Array.isArray(input)) return this.callMany(input as readonly Tensor[], context);
    const single = input as Tensor;
    this.prepare(single);
    return this.call(single, context);
  }

  /** Whether a mask passes through this layer unchanged (layers that work per timestep). */
  get supportsMasking(): boolean {
    return false;
  }

  /**
   * The mask of the output for an input with `mask` (undefined: none), as a model propagates it:
   * passed through where `supportsMasking`; an error for a layer that cannot honour it.
   */
  computeMask(_input: Tensor, mask: Tensor | undefined): Tensor | undefined {
    if (mask === undefined) return undefined;
    if (!this.supportsMasking) {
      throw new ValueError(
        `${this.className} '${this.name}' does not support masking: its input carries a mask (from a masking layer); put the layers that consume it (recurrent layers) first`,
      );
    }
    return mask;
  }

  /**
   * The index a saved file gives this layer's first call in a model. Keras numbers a nested
   * model's calls from 1 (its node 0 is the one of its own graph); layers from 0.
   */
  get firstNodeIndex(): number {
    return 0;
  }

  /**
   * The forward pass on several inputs. A layer of one input takes an array of one; merge layers
   * override it.
   */
  protected callMany(inputs: readonly Tensor[], context: CallContext): Tensor {
    if (inputs.length !== 1) {
      throw new ValueError(
        `${this.className} '${this.name}': got ${inputs.length} inputs: it takes one tensor`,
      );
    }
    return this.apply(inputs[0]!, context);
  }

  /**
   * One node of a graph model: the outputs for `inputs`; with `logits`, the output before the
   * final activation (single-output layers). Models override it to return all their outputs.
   */
  runNode(inputs: readonly Tensor[], context: CallContext, logits = false): Tensor[] {
    if (inputs.length === 1)
      return [logits ? this.applyLogits(inputs[0]!, context) : this.apply(inputs[0]!, context)];
    return [this.apply(inputs, context)];
  }

  /**
   * Records a call on symbolic `inputs` (building the layer on first use, else checking the
   * shapes against the built ones) and returns its symbolic outputs, one per layer output.
   */
  applySymbolic(inputs: readonly SymbolicTensor<Layer>[]): SymbolicTensor<Layer>[] {
    const shapes = inputs.map((t) => t.shape);
    this.buildForInputs(
      shapes,
      inputs.map((t) => `'${t.name}'`),
    );
    const node = new Node<Layer>(this, this.name, inputs, this.outputShapesFor(shapes), this.dtype);
    this.inboundNodes.push(node);
    return [...node.outputs];
  }

  /**
   * Builds for symbolic input shapes, or checks them against the built shape. One input here;
   * multi-input layers override it (`names` name the inputs in their errors).
   */
  protected buildForInputs(shapes: readonly SymbolicShape[], _names?: readonly string[]): void {
    if (shapes.length !== 1) {
      throw new ValueError(
        `${this.className} '${this.name}': got ${shapes.length} inputs: it takes one tensor`,
      );
    }
    const shape = shapes[0]!;
    if (!this.built) this.build([...shape]);
    else assertSymbolicCompatible(`${this.className} '${this.name}'`, this.inputShape!, shape);
  }

  /** The output shapes for symbolic input shapes (one output; multi-input layers override it). */
  outputShapesFor(shapes: readonly SymbolicShape[]): SymbolicShape[] {
    return [this.computeOutputShape(shapes[0]!)];
  }

  /** Builds on first use and checks the input shape: shared by `apply` and `applyLogits`. */
  protected prepare(input: Tensor): void {
    if (!this.built) this.build([null, ...input.shape.slice(1)]);
    assertShapeCompatible(`${this.className} '${this.name}'`, this.inputShape!, input.shape);
  }

  /**
   * The name of the activation this layer ends with, if it has one (`softmax`, `relu`, ...). With
   * `applyLogits` it lets a model fuse softmax into cross-entropy.
   */
  get activationName(): string | undefined {
    return undefined;
  }

  /** The output before the final activation; layers with an activation override it. */
  applyLogits(input: Tensor, context: CallContext = { training: false }): Tensor {
    return this.apply(input, context);
  }

  /**
   * Creates a weight named `${layer name}/${name}` from `initializer`, registered for saving and,
   * when trainable, for training.
   */
  protected addWeight(
    name: string,
    shape: readonly number[],
    initializer: Initializer,
    options: { trainable?: boolean; regularizer?: Regularizer } = {},
  ): Variable {
    guardWeight(`${this.name}/${name}`, shape, this.dtype);
    const weight = tidy(() => {
      const initial = initializer.apply(shape, this.dtype);
      return createLayerWeight(`${this.name}/${name}`, initial, options.trainable ?? true);
    });
    this.layerWeights.push(weight);
    if (options.regularizer) this.penalties.push({ weight, regularizer: options.regularizer });
    return weight.variable;
  }

  /** Every weight, in creation order (the order of `getWeights` and of the saved manifest). */
  get weights(): readonly LayerWeight[] {
    return this.layerWeights;
  }

  /** Weights the optimizer updates (none when the layer is not trainable). */
  get trainableWeights(): LayerWeight[] {
    return this.trainable ? this.layerWeights.filter((w) => w.trainable) : [];
  }

  /** Weights it keeps but does not train. */
  get nonTrainableWeights(): LayerWeight[] {
    return this.trainable ? this.layerWeights.filter((w) => !w.trainable) : [...this.layerWeights];
  }

  /** Number of scalars in its weights. */
  countParams(): number {
    return this.layerWeights.reduce((n, w) => n + w.variable.size, 0);
  }

  /** Copies of the weights' values (the caller owns them). */
  getWeights(): Tensor[] {
    return this.layerWeights.map((w) => w.variable.clone());
  }

  /** Sets every weight, in `weights` order; shapes must match. Nothing changes if one does not. */
  setWeights(values: readonly Tensor[]): void {
    if (values.length !== this.layerWeights.length) {
      throw new ValueError(
        `${this.className} '${this.name}'.setWeights: got ${values.length} tensors: expected ${this.layerWeights.length} (${this.layerWeights.map((w) => w.originalName).join(', ')})`,
      );
    }
    this.layerWeights.forEach((w, i) => {
      const v = values[i]!;
      if (
        v.shape.length !== w.variable.shape.length ||
        v.shape.some((d, j) => d !== w.variable.shape[j])
      ) {
        throw new ValueError(
          `${this.className} '${this.name}'.setWeights: '${w.originalName}' got shape ${fmtShape(v.shape)}: expected ${fmtShape(w.variable.shape)}`,
        );
      }
    });
    this.layerWeights.forEach((w, i) => {
      w.variable.assign(values[i]!);
    });
  }

  /** The sum of this layer's regularization penalties, or undefined if it has none. */
  regularizationLoss(): Tensor | undefined {
    if (this.penalties.length === 0) return undefined;
    return tidy(() =>
      this.penalties.map((p) => p.regularizer.apply(p.weight.variable)).reduce((a, b) => add(a, b)),
    );
  }

  /**
   * Its settings, camelCase, as TF.js's `getConfig` (io writes them snake_case into model.json): the
   * fields of `savedFields()`, then the ones every layer has.
   */
  getConfig(): Record<string, unknown> {
    const fields = this.savedFields();
    return {
      ...(fields ? writeFields(fields, this as never) : {}),
      name: this.name,
      trainable: this.trainable,
      dtype: this.dtype,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
    };
  }

  /** The fields `getConfig` writes from this layer's own values: by default its class's `fields`. */
  protected savedFields(): Fields | undefined {
    return (this.constructor as Partial<LayerClass>).fields;
  }

  /** Frees the weights. */
  dispose(): void {
    dispose(this.layerWeights.map((w) => w.variable));
  }
}
