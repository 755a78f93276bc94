/**
 * A schedule's arguments stated once: for each, the config key it is saved under, its default and
 * its check. `declareSchedule` derives from that the base class of the schedule: the `className`,
 * the constructor, the checks, the public read-only fields and `getConfig`; `scheduleFromConfig`
 * reads the same declaration. The schedule itself then says only `valueAt`.
 */
import { checkOptions, ValueError } from '@glia/core';
import { checkBoolean, checkInteger, checkNumber, type NumberRange } from '../hyperparameters';
import { LearningRateSchedule } from './learning-rate-schedule';

/** Reads a nested schedule's `{ class_name, config }`; `where` names it in errors. */
export type ScheduleReader = (value: unknown, where: string) => LearningRateSchedule;

/** Checks an argument's value, naming the schedule (`owner`) and the argument in errors. */
export type ArgumentCheck<T> = (owner: string, name: string, value: unknown) => T;

/** One argument of a schedule, kept as a read-only field of the same name. */
export interface ScheduleArgument<T> {
  /** The key `getConfig` writes it under and `scheduleFromConfig` reads (Keras's snake_case). */
  configKey: string;
  /** Its value when it is left out (`undefined`), as a constructor argument or in a config. */
  default?: T;
  /** Checks the given value, or the default; returns the field's value. */
  check: ArgumentCheck<T>;
  /** The field as its config writes it; without this, the value itself. */
  write?(value: T): unknown;
  /** The constructor argument from a config value; without this, the value itself. */
  read?(value: unknown, readSchedule: ScheduleReader): unknown;
}

/** What `declareSchedule` takes: everything about a schedule except `valueAt`. */
export interface ScheduleDefinition<F> {
  /** The class name it serialises under (Keras's where Keras has it). */
  className: string;
  /** Every argument, in the order they are checked and written. */
  arguments: { [K in keyof F]-?: ScheduleArgument<F[K]> };
  /**
   * The names of the constructor's arguments, in order (`new StepDecay(0.1, 1000, 0.5)`); without
   * them, the constructor takes one options object (`new CosineDecay({ ... })`).
   */
  positional?: readonly (keyof F & string)[];
  /** Checks that involve more than one argument, after each argument's own check. */
  checkTogether?(owner: string, fields: Readonly<F>): void;
  /** Keys a config may hold that the schedule reads and drops (Keras writes `name`). */
  droppedConfigKeys?: readonly string[];
}

/** A definition as the registry reads it, whatever its fields. */
export interface StoredScheduleDefinition {
  className: string;
  arguments: Readonly<Record<string, ScheduleArgument<unknown>>>;
  positional?: readonly string[];
  checkTogether?(owner: string, fields: Readonly<Record<string, unknown>>): void;
  droppedConfigKeys?: readonly string[];
}

/**
 * The base of every declared schedule: the class name, the arguments' checks and fields, and the
 * config, all read from the definition. `declareSchedule` makes its subclasses.
 */
export abstract class DeclaredSchedule extends LearningRateSchedule {
  /**
   * Set on each declared class's prototype by `declareSchedule` (not on the instance), so that it is
   * there while the base constructor runs.
   */
  declare protected readonly definition: StoredScheduleDefinition;

  get className(): string {
    return this.definition.className;
  }

  /** Checks the constructor's `args` (positional, or one options object) and sets the fields. */
  protected constructor(args: readonly unknown[]) {
    super();
    const { definition } = this;
    const owner = definition.className;
    const given = namedArguments(definition, args);
    const fields: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(definition.arguments)) {
      const value = given[name] === undefined ? spec.default : given[name];
      fields[name] = spec.check(owner, name, value);
    }
    definition.checkTogether?.(owner, fields);
    Object.assign(this, fields);
  }

  getConfig(): Record<string, unknown> {
    const fields = this as unknown as Record<string, unknown>;
    const config: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(this.definition.arguments)) {
      config[spec.configKey] = spec.write ? spec.write(fields[name]) : fields[name];
    }
    return config;
  }
}

/** The abstract class `declareSchedule` returns: its instances hold the arguments as fields. */
export type DeclaredScheduleClass<F, A extends unknown[]> = (abstract new (
  ...args: A
) => DeclaredSchedule & Readonly<F>) & {
  /** The definition the class was declared from (the registry reads its config keys). */
  readonly definition: ScheduleDefinition<F>;
};

/**
 * The base class of a schedule whose fields are `F` and whose constructor takes `A`, from its
 * definition: the subclass adds only `valueAt`.
 *
 * ```ts
 * class Halving extends declareSchedule<
 *   { initialLearningRate: number; every: number },
 *   [initialLearningRate: number, every: number]
 * >({
 *   className: 'Halving',
 *   arguments: {
 *     initialLearningRate: { configKey: 'initial_learning_rate', check: numberIn(NON_NEGATIVE) },
 *     every: { configKey: 'every', check: integerFrom(1) },
 *   },
 *   positional: ['initialLearningRate', 'every'],
 * }) {
 *   valueAt(step: number): number {
 *     return this.initialLearningRate * 0.5 ** Math.floor(this.checkStep(step) / this.every);
 *   }
 * }
 * new Halving(0.1, 100).getConfig(); // { initial_learning_rate: 0.1, every: 100 }
 * ```
 */
export function declareSchedule<F, A extends unknown[]>(
  definition: ScheduleDefinition<F>,
): DeclaredScheduleClass<F, A> {
  abstract class Declared extends DeclaredSchedule {
    static readonly definition = definition;

    constructor(...args: A) {
      super(args);
    }
  }
  Object.defineProperty(Declared.prototype, 'definition', { value: definition });
  // The fields of F are set by DeclaredSchedule's constructor from the definition.
  return Declared as unknown as DeclaredScheduleClass<F, A>;
}

/** The constructor's arguments by name: the positional ones zipped with their names, or the options. */
function namedArguments(
  definition: StoredScheduleDefinition,
  args: readonly unknown[],
): Record<string, unknown> {
  const { className, positional } = definition;
  const names = positional ?? Object.keys(definition.arguments);
  const form =
    positional === undefined
      ? `new ${className}({ ${names.join(', ')} })`
      : `new ${className}(${names.join(', ')})`;
  const most = positional === undefined ? 1 : positional.length;
  if (args.length > most) {
    throw new ValueError(
      `${className}: got ${args.length} arguments, expected at most ${most}: ${form}`,
    );
  }
  if (positional === undefined) {
    checkOptions(className, form, args[0], names);
    return args[0] as Record<string, unknown>;
  }
  return Object.fromEntries(positional.map((name, i) => [name, args[i]]));
}

/** A declared schedule class, whatever its fields and arguments. */
export interface AnyDeclaredSchedule {
  new (...args: never[]): LearningRateSchedule;
  readonly definition: StoredScheduleDefinition;
}

/**
 * A new `Schedule` from its arguments by name: passed positionally in the declared order, or as
 * one options object (the inverse of `namedArguments`).
 */
export function constructSchedule(
  Schedule: AnyDeclaredSchedule,
  values: Record<string, unknown>,
): LearningRateSchedule {
  const { positional } = Schedule.definition;
  const args = positional === undefined ? [values] : positional.map((name) => values[name]);
  // The constructor checks every argument at run time, whatever its declared type.
  return new (Schedule as unknown as new (...a: unknown[]) => LearningRateSchedule)(...args);
}

/** A finite number in `range`. */
export const numberIn =
  (range: NumberRange): ArgumentCheck<number> =>
  (owner, name, value) =>
    checkNumber(owner, name, value, range);

/** A whole number >= `min`. */
export const integerFrom =
  (min: number): ArgumentCheck<number> =>
  (owner, name, value) =>
    checkInteger(owner, name, value, min);

/** A boolean. */
export const aBoolean: ArgumentCheck<boolean> = checkBoolean;

/** `undefined`, or what `check` accepts. */
export const optional =
  <T>(check: ArgumentCheck<T>): ArgumentCheck<T | undefined> =>
  (owner, name, value) =>
    value === undefined ? undefined : check(owner, name, value);
