/**
 * The layer factories (`dense({ units: 10 })`, ...): each takes one config object, as Keras and
 * TF.js layers do. Another library's positional form (`dense(32)`, `dense({ units: 3 }, 'relu')`) is
 * an error naming the factory and the form it takes, rather than a layer built from defaults.
 */
import { ValueError } from '@glia/core';
import type { Fields } from '../engine/config-schema';

/** A class a factory makes: a layer (or cell) class with its config fields. */
export type FactoryClass = (new (
  ...params: never[]
) => unknown) & {
  readonly className: string;
  readonly fields?: Fields;
};

/** A layer factory: `new cls(args)` once the arguments are checked. */
export type LayerFactory<C extends FactoryClass> = (
  ...params: ConstructorParameters<C>
) => InstanceType<C>;

const factories = new WeakMap<object, { name: string; cls: FactoryClass }>();

/** Whether `f` is a factory made by `layerFactory` (for tests and tooling). */
export function isLayerFactory(f: unknown): boolean {
  return typeof f === 'function' && factories.has(f);
}

/** True when a field is required: reading it absent fails. */
function isRequired(fields: Fields, key: string): boolean {
  const field = fields[key]!;
  if (field.placeholder) return false;
  try {
    field.read(undefined, '', key);
    return false;
  } catch {
    return true;
  }
}

/** The form a factory takes, e.g. `dense({ units, activation?, ... })`. */
export function factoryForm(name: string, fields: Fields = {}): string {
  const keys = Object.keys(fields).filter((k) => !fields[k]!.placeholder);
  const required = keys.filter((k) => isRequired(fields, k));
  const optional = keys.find((k) => !required.includes(k)) ?? 'name';
  return `${name}({ ${[...required, `${optional}?`, '...'].join(', ')} })`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

/** What a wrong call gave, for the message: `number 32`, `2 arguments`. */
function describeCall(params: readonly unknown[]): string | undefined {
  if (params.length > 1) return `${params.length} arguments (${params.map(describe).join(', ')})`;
  const args = params[0];
  if (args === undefined || (args !== null && typeof args === 'object' && !Array.isArray(args)))
    return undefined;
  return describe(args);
}

/**
 * Throws a ValueError unless `params` is at most one config object (a plain object, not an array
 * or null); the message names the factory `name` and its form.
 */
export function checkFactoryArguments(
  name: string,
  fields: Fields | undefined,
  params: readonly unknown[],
): void {
  const wrong = describeCall(params);
  if (wrong !== undefined) {
    throw new ValueError(
      `${name}: expected one config object, ${factoryForm(name, fields)}, got ${wrong}`,
    );
  }
}

/**
 * The factory `name` of the layer class `cls`: it checks its arguments (see
 * `checkFactoryArguments`), then constructs the layer, which checks each option.
 *
 * ```ts
 * export const dense = layerFactory('dense', Dense);
 * ```
 */
export function layerFactory<C extends FactoryClass>(name: string, cls: C): LayerFactory<C> {
  const factory = (...params: ConstructorParameters<C>): InstanceType<C> => {
    checkFactoryArguments(name, cls.fields, params);
    return new cls(...(params as never[])) as InstanceType<C>;
  };
  factories.set(factory, { name, cls });
  return factory;
}
