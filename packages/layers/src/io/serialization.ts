/**
 * Glia's camelCase configs <-> the snake_case configs of model.json, the way TF.js converts them, so
 * that a model.json written by either loads in the other: keys and string values change case
 * (`kernelSize` -> `kernel_size`, `'channelsLast'` -> `'channels_last'`), except the values of
 * `name` and `className`; initializers and regularizers become `{class_name, config}`; activations
 * become their names; `null` in shapes stays `null`.
 */
import { ValueError } from '@glia/core';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The Keras spelling of a camelCase identifier: `kernelSize` -> `kernel_size`, `L1L2` -> `l1_l2`. */
export function toSnakeCase(identifier: string): string {
  // Keras' rule: split before each capitalised word, then between a lower-case letter and a capital.
  const words = identifier.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const snake = words.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return snake.startsWith('_') ? `private${snake}` : snake;
}

/** The camelCase spelling of a snake_case identifier: `kernel_size` -> `kernelSize`. */
export function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) return identifier;
  return identifier.replace(/_+(\w|$)/g, (_match, next: string) => next.toUpperCase());
}

/** Keys whose string values are names, kept as written. */
const NAME_KEYS = new Set(['name', 'className']);

/** Something with a Keras class name and a config: an initializer, a regularizer, an optimizer. */
interface Serializable {
  className: string;
  getConfig(): Record<string, unknown>;
}

function isSerializable(value: object): value is Serializable {
  const v = value as Partial<Serializable>;
  return typeof v.className === 'string' && typeof v.getConfig === 'function';
}

/** An activation object (`{name, apply}`): saved by name. */
function isNamedFunctionObject(value: object): value is { name: string } {
  const v = value as { name?: unknown; apply?: unknown };
  return typeof v.name === 'string' && typeof v.apply === 'function';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A Glia config (camelCase, possibly holding initializer / regularizer / activation objects) as
 * model.json writes it. `path` names the field in errors.
 */
export function configToJson(value: unknown, key = '', path = 'config'): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return NAME_KEYS.has(key) ? value : toSnakeCase(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ValueError(`save: ${path} is ${value}: JSON holds finite numbers only`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => configToJson(item, key, `${path}[${i}]`));
  if (typeof value === 'object') {
    if (isSerializable(value)) {
      return { class_name: value.className, config: objectToJson(value.getConfig(), path) };
    }
    if (isNamedFunctionObject(value)) return toSnakeCase(value.name);
    if (isPlainObject(value)) {
      if ('className' in value && 'config' in value && typeof value.className === 'string') {
        return {
          class_name: value.className,
          config: configToJson(value.config, 'config', `${path}.config`),
        };
      }
      return objectToJson(value, path);
    }
  }
  const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new ValueError(
    `save: ${path} is a ${kind}: a model config holds JSON data, initializers, regularizers and activations only`,
  );
}

function objectToJson(config: Record<string, unknown>, path: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    out[toSnakeCase(key)] = configToJson(value, key, `${path}.${key}`);
  }
  return out;
}

/**
 * A model.json config (snake_case) as Glia's `fromConfig` takes it: keys and string values in
 * camelCase, `{class_name, config}` as `{className, config}`. Takes validated JSON only.
 */
export function configFromJson(value: JsonValue, key = ''): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return key === 'name' ? value : toCamelCase(value);
  if (Array.isArray(value)) return value.map((item) => configFromJson(item, key));
  const out: Record<string, unknown> = {};
  for (const [pyKey, pyValue] of Object.entries(value)) {
    if (pyKey === 'name' && typeof pyValue === 'string') {
      out.name = pyValue;
      continue;
    }
    const tsKey = toCamelCase(pyKey);
    out[tsKey] = configFromJson(pyValue, tsKey);
  }
  return out;
}
