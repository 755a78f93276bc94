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
import {
  type Field,
  type Fields,
  type FieldsOf,
  type FieldValues,
  readFields,
  writeFields,
} from '../../engine/config-schema';
import type { LayerArgs } from '../../engine/layer';
import { uniqueLayerName } from '../../engine/naming';
import type { Initializer } from '../../initializers/initializer';
import type { Regularizer } from '../../regularizers/regularizer';
import {
  boolField,
  initializerField,
  nullOnlyField,
  numberField,
  omittedWhen,
  positiveIntField,
  regularizerField,
  seedField,
} from '../fields';
import {
  activationArg,
  bool,
  type InitializerArg,
  type RegularizerArg,
  readSavedConfig,
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

/** An activation, also knowing `hardSigmoid`; `fallback` when absent. */
export const recurrentActivationField = (
  fallback: ActivationIdentifier,
): Field<Activation> & { write(a: Activation): string } => ({
  read: (v, owner) => recurrentActivationArg(owner, (v ?? fallback) as ActivationIdentifier),
  write: (a) => a.name,
});

/** A dropout rate in [0, 1), default 0. */
const rateField = () => numberField(0, { min: 0, max: 1, exclusiveMax: true });

/**
 * `implementation` (TF.js writes null, Keras 1 or 2: a speed setting, computing the same): read and
 * dropped; written as `written` where TF.js writes it.
 */
export const implementationField = (written?: 2): Field<null> & { readonly placeholder: true } => ({
  placeholder: true,
  read: (v, owner, key) => {
    if (v !== undefined && v !== null && v !== 1 && v !== 2) {
      throw new ValueError(`${owner}: ${key} must be 1, 2 or null, got ${JSON.stringify(v)}`);
    }
    return null;
  },
  write: () => written,
  omitWhen: () => written === undefined,
});

/** The config fields every cell reads and writes, beyond name, trainable and dtype. */
export const CELL_FIELDS = {
  units: positiveIntField(),
  activation: recurrentActivationField('tanh'),
  useBias: boolField(true),
  kernelInitializer: initializerField('glorotUniform'),
  recurrentInitializer: initializerField('orthogonal'),
  biasInitializer: initializerField('zeros'),
  kernelRegularizer: regularizerField(),
  recurrentRegularizer: regularizerField(),
  biasRegularizer: regularizerField(),
  activityRegularizer: nullOnlyField(),
  kernelConstraint: nullOnlyField(),
  recurrentConstraint: nullOnlyField(),
  biasConstraint: nullOnlyField(),
  dropout: rateField(),
  recurrentDropout: rateField(),
  // TF.js writes no seed: left out unless one was given.
  seed: omittedWhen(seedField(), (seed) => seed === undefined),
  implementation: implementationField(),
} satisfies FieldsOf<Omit<RNNCellArgs, 'name' | 'trainable' | 'dtype'>>;

/** The cell fields of `args` (which may hold a recurrent layer's own settings too). */
export function cellArgs<F extends Fields>(fields: F, args: object): Record<string, unknown> {
  const given = args as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'trainable', 'dtype', ...Object.keys(fields)]) {
    if (given[key] !== undefined) out[key] = given[key];
  }
  return out;
}

/**
 * The step function of one sequence: from the projected input of one timestep ([batch, gates·units],
 * from `projectInputs`) and the states, the new states. The output of every cell here is its first
 * state (h).
 */
export type StepFunction = (projected: Tensor, states: readonly Tensor[]) => Tensor[];

/**
 * A recurrent cell: one timestep of a recurrent layer. Subclasses set `className`, `fields` (at
 * least CELL_FIELDS: the constructor reads the arguments through them into the instance, and
 * `getConfig` and `fromConfig` use them), `gates`, `stateCount`, create their weights in `build`,
 * and give the step in `makeStep`. `A` is the arguments its constructor takes.
 */
export abstract class RNNCell<A extends RNNCellArgs = RNNCellArgs> {
  static readonly className: string = 'RNNCell';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields: typeof CELL_FIELDS;
  readonly name: string;
  declare readonly units: number;
  declare readonly activation: Activation;
  declare readonly useBias: boolean;
  declare readonly kernelInitializer: Initializer;
  declare readonly recurrentInitializer: Initializer;
  declare readonly biasInitializer: Initializer;
  declare readonly kernelRegularizer: Regularizer | undefined;
  declare readonly recurrentRegularizer: Regularizer | undefined;
  declare readonly biasRegularizer: Regularizer | undefined;
  declare readonly dropout: number;
  declare readonly recurrentDropout: number;
  declare readonly seed: number | undefined;
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

  constructor(args: A) {
    this.name = args?.name ?? uniqueLayerName(this.className);
    const owner = `${this.className} '${this.name}'`;
    const { name: _name, trainable, dtype, ...own } = args ?? {};
    Object.assign(this, readFields(owner, this.fields, own));
    this.trainable = bool(owner, 'trainable', trainable, true);
    this.dtype = dtype ?? 'float32';
  }

  /** The fields of this instance's class. */
  private get fields(): typeof CELL_FIELDS {
    return (this.constructor as typeof RNNCell).fields;
  }

  /**
   * The cell of this class that a saved `config` describes: read through the class's `fields`
   * (name, trainable and dtype checked), then constructed.
   */
  static fromConfig<T extends RNNCell>(
    this: (new (
      args: never,
    ) => T) & { readonly className: string; readonly fields: typeof CELL_FIELDS },
    config: Record<string, unknown>,
  ): T {
    // The config is read through the class's own fields, which state its constructor's arguments.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the cell class being loaded.
    return new this(readCellConfig(this, config) as never);
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
      ...writeFields(this.fields, this),
    };
  }
}

/** The constructor side of a cell class, for `rnn`'s `fromConfig`. */
export interface RNNCellClass {
  readonly className: string;
  fromConfig(config: Record<string, unknown>): RNNCell;
}

/**
 * A saved cell config as the arguments of `cls`: name, trainable and dtype checked, every other
 * field read through `cls.fields`.
 */
export function readCellConfig<F extends typeof CELL_FIELDS>(
  cls: { readonly className: string; readonly fields: F },
  config: Record<string, unknown>,
): Omit<LayerArgs & FieldValues<F>, 'batchInputShape' | 'inputShape' | 'batchSize'> {
  const {
    batchInputShape: _batchInputShape,
    inputShape: _inputShape,
    batchSize: _batchSize,
    ...rest
  } = readSavedConfig(cls, config);
  return rest;
}
