/**
 * An optimizer's hyperparameters stated once: for each, its default, its range and the key it is
 * saved under. `declareOptimizer` derives from that the base class of the optimizer: the
 * `className`, the learning-rate default, the constructor's checks, the public read-only fields and
 * the config that `getConfig` writes. The optimizer itself then says only its slots and its update.
 */
import {
  checkBoolean,
  checkNumber,
  NON_NEGATIVE,
  type NumberRange,
  UNIT_INTERVAL,
  UNIT_INTERVAL_OPEN_ABOVE,
} from '../hyperparameters';
import { Optimizer, type OptimizerOptions } from '../optimizer';

export { NON_NEGATIVE, type NumberRange, UNIT_INTERVAL, UNIT_INTERVAL_OPEN_ABOVE };

/** One hyperparameter: its default, its range (numbers only) and its config keys. */
export interface HyperparameterSpec<T extends number | boolean> {
  default: T;
  range?: T extends number ? NumberRange : never;
  /**
   * The keys `getConfig` writes it under (Keras's snake_case names, which TF.js also reads), in
   * order; more than one where TF.js reads another name (RMSProp's `rho` is also TF.js's `decay`).
   */
  configKeys: readonly string[];
  /** Keys also read from a config, never written (another library's name for the option). */
  alsoReadFrom?: readonly string[];
}

/** The option names of `O` that are the optimizer's own (not the base options). */
type HyperparameterName<O> = Exclude<keyof O, keyof OptimizerOptions>;

/** The values of the optimizer's own hyperparameters, as its read-only fields hold them. */
export type Hyperparameters<O> = { readonly [K in HyperparameterName<O>]-?: NonNullable<O[K]> };

/** What `declareOptimizer` takes: everything about an optimizer except its slots and update. */
export interface OptimizerDefinition<O extends OptimizerOptions> {
  /** The class name it serialises under (TF.js's names; Keras's where TF.js lacks it). */
  className: string;
  /** The learning rate when none is given (Keras's default). */
  defaultLearningRate: number;
  /** Every own option of `O`, in the order they are checked and written. */
  hyperparameters: {
    [K in HyperparameterName<O>]-?: HyperparameterSpec<NonNullable<O[K]> & (number | boolean)>;
  };
  /**
   * Keys another library writes for a feature Glia lacks (TF.js's Adamax `decay`): a config may
   * hold them only at the value that turns the feature off.
   */
  offConfigKeys?: Readonly<Record<string, (value: unknown) => boolean>>;
}

/** A definition as the base class and the registry read it, whatever its options type. */
export interface StoredDefinition {
  className: string;
  hyperparameters: Readonly<Record<string, HyperparameterSpec<number | boolean>>>;
  offConfigKeys?: Readonly<Record<string, (value: unknown) => boolean>>;
}

/**
 * The config keys a definition reads, each with the option it sets: every `configKeys` and
 * `alsoReadFrom` key of every hyperparameter (RMSProp's `rho` and `decay` both set `rho`).
 */
export function configKeyOptions(definition: StoredDefinition): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [name, spec] of Object.entries(definition.hyperparameters)) {
    for (const key of [...spec.configKeys, ...(spec.alsoReadFrom ?? [])]) options[key] = name;
  }
  return options;
}

/**
 * The base of every declared optimizer: the class name, the hyperparameters' checks and fields, and
 * their config, all read from the definition. `declareOptimizer` makes its subclasses.
 */
export abstract class DeclaredOptimizer extends Optimizer {
  /** The checked values by option name; also set on the instance as read-only fields. */
  readonly #values: Record<string, number | boolean> = {};

  /**
   * Set on each declared class's prototype by `declareOptimizer` (not on the instance), so that it is
   * there while the base constructor reads `className`.
   */
  declare protected readonly definition: StoredDefinition;

  // A getter, not a field: the base constructor reads it, and a subclass (AdamW) may override it.
  get className(): string {
    return this.definition.className;
  }

  protected constructor(options: OptimizerOptions, defaultLearningRate: number) {
    super(options, defaultLearningRate);
    const owner = this.className;
    const given = options as Record<string, unknown>;
    for (const [name, spec] of this.hyperparameterSpecs()) {
      const value = given[name] ?? spec.default;
      this.#values[name] =
        typeof spec.default === 'boolean'
          ? checkBoolean(owner, name, value)
          : checkNumber(owner, name, value, spec.range);
    }
    Object.assign(this, this.#values);
  }

  /** The base options and every declared hyperparameter (declared for each key of the options). */
  protected override optionKeys(): readonly string[] {
    return [...super.optionKeys(), ...Object.keys(this.definition.hyperparameters)];
  }

  private hyperparameterSpecs(): [string, HyperparameterSpec<number | boolean>][] {
    return Object.entries(this.definition.hyperparameters);
  }

  protected hyperparameterConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const [name, spec] of this.hyperparameterSpecs()) {
      for (const key of spec.configKeys) config[key] = this.#values[name];
    }
    return config;
  }
}

/** The abstract class `declareOptimizer` returns: its instances hold the hyperparameter fields. */
export type DeclaredOptimizerClass<O extends OptimizerOptions> = (abstract new (
  options?: O,
) => DeclaredOptimizer & Hyperparameters<O>) & {
  /** The definition the class was declared from (the registry reads its config keys). */
  readonly definition: OptimizerDefinition<O>;
};

/**
 * The base class of an optimizer whose options are `O`, from its definition: the subclass adds only
 * its slots and its update.
 *
 * ```ts
 * interface DescentOptions extends OptimizerOptions {
 *   learningRate?: number | LearningRateSchedule;
 *   scale?: number;
 * }
 *
 * class Descent extends declareOptimizer<DescentOptions>({
 *   className: 'Descent',
 *   defaultLearningRate: 0.01,
 *   hyperparameters: { scale: { default: 1, range: NON_NEGATIVE, configKeys: ['scale'] } },
 * }) {
 *   protected slotSpecs(): readonly SlotSpec[] {
 *     return [];
 *   }
 *   protected updateParam({ param, grad, learningRate }: UpdateContext): UpdateResult {
 *     return { param: sub(param, mul(grad, learningRate * this.scale)), slots: {} };
 *   }
 * }
 * new Descent({ scale: 2 }).getConfig(); // { learning_rate: 0.01, scale: 2 }
 * ```
 */
export function declareOptimizer<O extends OptimizerOptions>(
  definition: OptimizerDefinition<O>,
): DeclaredOptimizerClass<O> {
  abstract class Declared extends DeclaredOptimizer {
    static readonly definition = definition;

    constructor(options: O = {} as O) {
      super(options, definition.defaultLearningRate);
    }
  }
  Object.defineProperty(Declared.prototype, 'definition', { value: definition });
  // The fields of Hyperparameters<O> are set by DeclaredOptimizer's constructor from the definition.
  return Declared as unknown as DeclaredOptimizerClass<O>;
}
