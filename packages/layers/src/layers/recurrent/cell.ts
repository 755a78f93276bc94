/**
 * What the three recurrent cells share: their settings (units, activations, initializers,
 * regularizers, dropout), their config fields, and the step interface the `RNN` layer loops over.
 *
 * A cell is not a layer: it owns no weight names. The layer that runs it (`rnn`, `lstm`, ...) creates
 * the cell's weights under its own name (`lstm/kernel`, `lstm/recurrent_kernel`, `lstm/bias`), as
 * TF.js and Keras name them in model files.
 */
import type { Variable } from '@glia/autograd';
import {
  add,
  clipByValue,
  type DType,
  matMul,
  mul,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import type { Activation, ActivationIdentifier } from '../../activations/activation';
import { uniqueLayerName } from '../../engine/naming';
import { serializeInitializer } from '../../initializers/get-initializer';
import type { Initializer } from '../../initializers/initializer';
import { serializeRegularizer } from '../../regularizers/get-regularizer';
import type { Regularizer } from '../../regularizers/regularizer';
import {
  activationArg,
  bool,
  type InitializerArg,
  initializerArg,
  numberIn,
  positiveInt,
  type RegularizerArg,
  readLayerConfig,
  regularizerArg,
} from '../layer-utils';

/**
 * TF.js's hard sigmoid, clip(0.2·x + 0.5, 0, 1): TF.js's default recurrent activation, so models it
 * saves name it (`'hard_sigmoid'`). Keras 3 uses a different slope (x/6 + 0.5); files from TF.js are
 * what Glia reads, so the TF.js form is the one here.
 */
export const hardSigmoid: Activation = {
  name: 'hardSigmoid',
  apply: (x: Tensor) => tidy(() => clipByValue(add(mul(x, 0.2), 0.5), 0, 1)),
};

/** The activation named (or given), also knowing `hardSigmoid`. */
export function recurrentActivationArg(
  owner: string,
  v: ActivationIdentifier | null | undefined,
): Activation {
  if (typeof v === 'string' && v.replace(/_/g, '').toLowerCase() === 'hardsigmoid') {
    return hardSigmoid;
  }
  return activationArg(owner, v);
}

/** Adds a weight to the layer that runs the cell: `${layer name}/${name}`. */
export type AddWeight = (
  name: string,
  shape: readonly number[],
  initializer: Initializer,
  options?: { regularizer?: Regularizer },
) => Variable;

/** Settings every cell takes, as TF.js names them. */
export interface RNNCellArgs {
  /** The size of the output and of each state. */
  units: number;
  /** Default 'tanh'. */
  activation?: ActivationIdentifier | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' (Keras' default; TF.js defaults to glorotNormal). */
  kernelInitializer?: InitializerArg;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerArg;
  /** Default 'zeros'. */
  biasInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  recurrentRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
  /** Fraction of the input features dropped while training, one mask per sequence. Default 0. */
  dropout?: number;
  /** Fraction of the recurrent state dropped while training, one mask per sequence. Default 0. */
  recurrentDropout?: number;
  /**
   * Seed of the dropout masks: with one, every training call draws the same masks; without,
   * they come from core's global generator (`setSeed` makes a run repeatable).
   */
  seed?: number | null;
  /** Saved in configs; defaults from the class name (`lstm_cell`, ...). */
  name?: string;
  trainable?: boolean;
  dtype?: DType;
}

/** Config fields every cell writes and reads, beyond name, trainable and dtype. */
export const CELL_FIELDS = [
  'units',
  'activation',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'dropout',
  'recurrentDropout',
  'seed',
] as const;

/** Fields TF.js writes that Glia has no use for: constraints (only null), implementation. */
export const CELL_NULL_ONLY = [
  'activityRegularizer',
  'kernelConstraint',
  'recurrentConstraint',
  'biasConstraint',
] as const;

/**
 * The step function of one sequence: from the projected input of one timestep ([batch, gates·units],
 * from `projectInputs`) and the states, the new states. The output of every cell here is its first
 * state (h).
 */
export type StepFunction = (projected: Tensor, states: readonly Tensor[]) => Tensor[];

/**
 * A recurrent cell: one timestep of a recurrent layer. Subclasses set `className`, `gates`,
 * `stateCount`, create their weights in `build`, and give the step in `makeStep`.
 */
export abstract class RNNCell {
  static readonly className: string = 'RNNCell';
  readonly name: string;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly recurrentRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed?: number;
  readonly trainable: boolean;
  readonly dtype: DType;
  /** [inputFeatures, gates·units]; set by `build`. */
  kernel?: Variable;
  /** [units, gates·units]; set by `build`. */
  recurrentKernel?: Variable;
  /** [gates·units] (GRU with resetAfter: [2, 3·units]); set by `build` when `useBias`. */
  bias?: Variable;
  built = false;

  /** How many blocks of `units` columns the kernels hold (LSTM 4, GRU 3, SimpleRNN 1). */
  abstract readonly gates: number;
  /** How many states of size `units` it carries (LSTM 2: h and c; the others 1). */
  abstract readonly stateCount: number;

  constructor(args: RNNCellArgs) {
    this.name = args?.name ?? uniqueLayerName(this.className);
    const owner = `${this.className} '${this.name}'`;
    this.units = positiveInt(owner, 'units', args?.units);
    this.activation = recurrentActivationArg(owner, args.activation ?? 'tanh');
    this.useBias = bool(owner, 'useBias', args.useBias, true);
    this.kernelInitializer = initializerArg(
      owner,
      'kernelInitializer',
      args.kernelInitializer,
      'glorotUniform',
    );
    this.recurrentInitializer = initializerArg(
      owner,
      'recurrentInitializer',
      args.recurrentInitializer,
      'orthogonal',
    );
    this.biasInitializer = initializerArg(owner, 'biasInitializer', args.biasInitializer, 'zeros');
    this.kernelRegularizer = regularizerArg(owner, 'kernelRegularizer', args.kernelRegularizer);
    this.recurrentRegularizer = regularizerArg(
      owner,
      'recurrentRegularizer',
      args.recurrentRegularizer,
    );
    this.biasRegularizer = regularizerArg(owner, 'biasRegularizer', args.biasRegularizer);
    const rate = { min: 0, max: 1, exclusiveMax: true };
    this.dropout = numberIn(owner, 'dropout', args.dropout, 0, rate);
    this.recurrentDropout = numberIn(owner, 'recurrentDropout', args.recurrentDropout, 0, rate);
    if (args.seed !== undefined && args.seed !== null) {
      this.seed = numberIn(owner, 'seed', args.seed, 0);
    }
    this.trainable = bool(owner, 'trainable', args.trainable, true);
    this.dtype = args.dtype ?? 'float32';
  }

  /** The class name of this instance. */
  get className(): string {
    return (this.constructor as typeof RNNCell).className;
  }

  /** The size of each state, as Keras' `state_size`. */
  get stateSize(): number[] {
    return Array.from({ length: this.stateCount }, () => this.units);
  }

  /** Creates kernel, recurrent kernel and bias through the running layer's `addWeight`. */
  build(inputFeatures: number, addWeight: AddWeight): void {
    const columns = this.gates * this.units;
    this.kernel = addWeight('kernel', [inputFeatures, columns], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    this.recurrentKernel = addWeight(
      'recurrent_kernel',
      [this.units, columns],
      this.recurrentInitializer,
      { regularizer: this.recurrentRegularizer },
    );
    if (this.useBias) {
      this.bias = addWeight('bias', this.biasShape(), this.initialBias(), {
        regularizer: this.biasRegularizer,
      });
    }
    this.built = true;
  }

  /** The bias shape ([gates·units] unless a subclass says otherwise). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The initializer the bias is created with (LSTM's unitForgetBias changes it). */
  protected initialBias(): Initializer {
    return this.biasInitializer;
  }

  /**
   * x · kernel (+ the input bias) for a [rows, features] input: the input side of every step,
   * computed for all timesteps at once by the layer before its loop.
   */
  projectInputs(input: Tensor): Tensor {
    const kernel = this.requireBuilt().kernel!;
    const projected = matMul(input, kernel);
    const bias = this.inputBias();
    return bias ? add(projected, bias) : projected;
  }

  /** The bias added to the input projection (all of it, except for GRU with resetAfter). */
  protected inputBias(): Tensor | undefined {
    return this.bias;
  }

  /**
   * The step of one sequence. `recurrentMask` (recurrent dropout, [batch, units]) multiplies the
   * previous output where it enters the recurrent kernel. Weights that every step uses in pieces are
   * sliced once here.
   */
  abstract makeStep(recurrentMask?: Tensor): StepFunction;

  /**
   * One timestep on its own: the new states from an input [batch, features] and the states
   * (each [batch, units]); the output is the first state. The cell must be built (by the layer
   * that runs it, or by `build`).
   *
   * ```ts
   * const layer = rnn({ cell: lstmCell({ units: 4 }) });
   * layer.apply(x); // builds the cell
   * const [h, c] = layer.cell.call(xt, [h0, c0]);
   * ```
   */
  call(input: Tensor, states: readonly Tensor[]): Tensor[] {
    this.requireBuilt();
    if (states.length !== this.stateCount) {
      throw new ValueError(
        `${this.className} '${this.name}'.call: got ${states.length} states: expected ${this.stateCount} of [batch, ${this.units}]`,
      );
    }
    return tidy(() => this.makeStep()(this.projectInputs(input), states));
  }

  protected requireBuilt(): this {
    if (!this.built) {
      throw new ValueError(
        `${this.className} '${this.name}': the cell has no weights yet: run the layer that holds it first (or call build)`,
      );
    }
    return this;
  }

  /** Its settings, camelCase, as TF.js's cell `getConfig`. */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      dtype: this.dtype,
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: this.kernelRegularizer
        ? serializeRegularizer(this.kernelRegularizer)
        : null,
      recurrentRegularizer: this.recurrentRegularizer
        ? serializeRegularizer(this.recurrentRegularizer)
        : null,
      biasRegularizer: this.biasRegularizer ? serializeRegularizer(this.biasRegularizer) : null,
      activityRegularizer: null,
      kernelConstraint: null,
      recurrentConstraint: null,
      biasConstraint: null,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
  }
}

/** The constructor side of a cell class, for `rnn`'s `fromConfig`. */
export interface RNNCellClass {
  readonly className: string;
  fromConfig(config: Record<string, unknown>): RNNCell;
}

/**
 * Checks a cell's config (as `readLayerConfig` checks a layer's): the common fields, `extra` ones,
 * and `implementation` (TF.js and Keras write it; a speed setting, read and dropped).
 */
export function readCellConfig(
  className: string,
  config: Record<string, unknown>,
  extra: readonly string[],
): Record<string, unknown> {
  const args = readLayerConfig(
    className,
    config,
    [...CELL_FIELDS, ...extra, 'implementation'],
    CELL_NULL_ONLY,
  );
  checkImplementation(className, args.implementation);
  delete args.implementation;
  delete args.batchInputShape;
  delete args.inputShape;
  delete args.batchSize;
  return args;
}

/** `implementation` may be null (TF.js), 1 or 2 (Keras): both compute the same. */
export function checkImplementation(className: string, v: unknown): void {
  if (v !== undefined && v !== null && v !== 1 && v !== 2) {
    throw new ValueError(
      `${className}.fromConfig: implementation must be 1, 2 or null, got ${JSON.stringify(v)}`,
    );
  }
}
