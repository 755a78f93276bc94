/**
 * A layer's config, stated once. Each layer class lists its fields (name, check and default, how
 * `getConfig` writes it, other names Keras reads it under); the constructor reads its arguments through that list, `getConfig` writes
 * from it, `fromConfig` checks a saved config against it, and the model-file validator names the
 * fields a layer reads from it. Keras rejects unknown keyword arguments, and so does every layer
 * here, suggesting the field the user probably meant.
 */
import { closestName, GliaError, ValueError } from '@glia/core';
import type { LayerArgs } from './layer-args';

/** One config field: how a constructor reads it and how `getConfig` writes it. */
export interface Field<T> {
  /**
   * Checks `value` (undefined when the argument is absent) and returns what the layer keeps; throws
   * a GliaError naming `owner` and `key` otherwise.
   */
  read(value: unknown, owner: string, key: string): T;
  /** What `getConfig` writes for the kept value; by default the value itself (arrays copied). */
  write?(value: T): unknown;
  /**
   * A field Keras and TF.js do not write (a Keras 3 or Glia extension): `getConfig` leaves it out
   * while it holds this default, so TF.js reads the saved model.
   */
  omitWhen?(value: T): boolean;
  /**
   * True for a field Glia accepts only in its "unused" form (`kernelConstraint: null`): the layer
   * keeps nothing, and `getConfig` writes what `write` gives.
   */
  readonly placeholder?: true;
  /**
   * Other names the field is read under (camelCase), where Keras names it differently from TF.js:
   * Keras 3 saves LeakyReLU's `alpha` as `negative_slope`. `getConfig` writes the field's own name.
   */
  readonly aliases?: readonly string[];
}

/** A layer's fields, by their camelCase names (the constructor's argument names). */
export type Fields = Readonly<Record<string, Field<unknown>>>;

/** The value a field keeps. */
export type FieldValue<F> = F extends Field<infer T> ? T : never;

type KeptKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends { readonly placeholder: true } ? never : K;
}[keyof F];

/** What a layer keeps of its fields (placeholders aside): the object the constructor reads into. */
export type FieldValues<F extends Fields> = { [K in KeptKeys<F>]: FieldValue<F[K]> };

/**
 * The fields of a layer whose constructor takes `A`: one for each argument beyond `LayerArgs`
 * (checked with `satisfies`), and any placeholders Keras writes besides.
 */
export type FieldsOf<A> = {
  readonly [K in Exclude<keyof A, keyof LayerArgs>]-?: Field<unknown>;
} & Fields;

/** The argument every layer takes (see `LayerArgs`), checked by the base class. */
export const BASE_FIELD_NAMES: readonly string[] = [
  'name',
  'trainable',
  'dtype',
  'batchInputShape',
  'inputShape',
  'batchSize',
];

/**
 * A config field the user gave that the layer does not read. Carries the field's name, so the
 * model-file validator can name the JSON path.
 */
export class ConfigFieldError extends ValueError {
  /** The camelCase field name the error is about. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** Every name a field is read under: its own and its aliases. */
export function fieldNames(fields: Fields): string[] {
  return Object.entries(fields).flatMap(([key, field]) => [key, ...(field.aliases ?? [])]);
}

/**
 * Throws a ConfigFieldError for the first key of `args` that is neither a base field nor in
 * `fields`, with a suggestion and the list of what the layer reads.
 */
export function rejectUnknownFields(
  owner: string,
  fields: Fields,
  args: object,
  what = 'option',
): void {
  const known = [...BASE_FIELD_NAMES, ...fieldNames(fields)];
  for (const key of Object.keys(args)) {
    if (known.includes(key)) continue;
    const guess = closestName(key, known);
    throw new ConfigFieldError(
      key,
      `${owner}: unknown ${what} '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}: expected only ${known.join(', ')}`,
    );
  }
}

/**
 * Reads a layer's own arguments through its fields: unknown keys are errors, each field is checked
 * (its default filled in), and a field's error carries the field's name.
 */
export function readFields<F extends Fields>(
  owner: string,
  fields: F,
  args: object | undefined,
): FieldValues<F> {
  const given = (args ?? {}) as Readonly<Record<string, unknown>>;
  rejectUnknownFields(owner, fields, given);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    const alias = field.aliases?.find((a) => given[a] !== undefined);
    if (given[key] !== undefined && alias !== undefined) {
      throw new ConfigFieldError(
        alias,
        `${owner}: ${key} and ${alias} name the same field: give one of them`,
      );
    }
    let value: unknown;
    try {
      value = field.read(given[alias ?? key], owner, alias ?? key);
    } catch (e) {
      if (e instanceof GliaError && !(e instanceof ConfigFieldError))
        throw new ConfigFieldError(key, e.message);
      throw e;
    }
    if (!field.placeholder) out[key] = value;
  }
  return out as FieldValues<F>;
}

/** The config `getConfig` writes for `values` (camelCase; io writes it snake_case). */
export function writeFields<F extends Fields>(
  fields: F,
  values: FieldValues<F>,
): Record<string, unknown> {
  const kept = values as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    const value = field.placeholder ? undefined : kept[key];
    if (field.omitWhen?.(value)) continue;
    out[key] = field.write ? field.write(value) : Array.isArray(value) ? [...value] : value;
  }
  return out;
}
