import { type DType, lookupName, ValueError } from '@glia/core';

/** Throws unless `config` is a plain object with only `known` keys (model files are untrusted). */
export function checkKeys(
  owner: string,
  config: unknown,
  known: readonly string[],
): asserts config is Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValueError(`${owner}: expected a config object, got ${JSON.stringify(config)}`);
  }
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      throw new ValueError(
        `${owner}: unknown config field '${key}': expected only ${known.join(', ') || '(none)'}`,
      );
    }
  }
}

/** A finite number, or `fallback` when absent. */
export function finiteNumber(owner: string, name: string, v: unknown, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${owner}: ${name} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** An optional seed: undefined or null mean none (draw from core's global generator). */
export function optionalSeed(owner: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return finiteNumber(owner, 'seed', v);
}

/** Initializers make float32 or int32 values. */
export function numericDType(owner: string, dtype: DType): 'float32' | 'int32' {
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new ValueError(`${owner}: dtype ${dtype} is not supported: expected float32 or int32`);
  }
  return dtype;
}

/** What initializers and regularizers both are: a class name, `apply` and `getConfig`. */
export interface Configurable {
  readonly className: string;
  apply(...args: never[]): unknown;
  getConfig(): Record<string, unknown>;
}

/** Whether `v` is a live initializer or regularizer, not its saved form `{ className, config }`. */
export function isConfigurable(v: object): v is Configurable {
  const o = v as Partial<Record<keyof Configurable, unknown>>;
  return (
    typeof o.className === 'string' &&
    typeof o.apply === 'function' &&
    typeof o.getConfig === 'function'
  );
}

/**
 * The object a saved form `{ className, config }` (no other field) describes, made by
 * `table[className]` from `config` (`{}` when absent): the one path by which model files give
 * initializers and regularizers. An unknown class name is an `UnknownNameError` listing the table.
 */
export function fromSavedForm<T>(
  op: string,
  kind: string,
  table: Readonly<Record<string, (config: Record<string, unknown>) => T>>,
  saved: object,
): T {
  checkKeys(op, saved, ['className', 'config']);
  const config = (saved.config ?? {}) as Record<string, unknown>;
  return lookupName(op, `${kind} class`, table, saved.className)(config);
}
