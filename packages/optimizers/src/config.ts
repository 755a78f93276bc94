/**
 * Reading configs written by Keras (snake_case: `learning_rate`, `beta_1`), by TF.js (camelCase:
 * `learningRate`, `beta1`) or by Glia. Keys compare without underscores and case, so both spellings
 * land on the same option. A config is data from a stranger: only own keys from the allowed list are
 * read, anything else is a `ValueError`.
 */
import { ValueError } from '@glia/core';

/** `learning_rate`, `learningRate` and `LEARNING_RATE` all become `learningrate`. */
export function normalizeKey(key: string): string {
  return key.replace(/_/g, '').toLowerCase();
}

/** The config's values by normalized key; unknown keys and conflicting spellings throw. */
export function normalizeConfig(
  where: string,
  config: unknown,
  allowedKeys: readonly string[],
): Map<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValueError(
      `${where}: config must be an object, got ${config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config}`,
    );
  }
  const allowed = new Set(allowedKeys.map(normalizeKey));
  const out = new Map<string, unknown>();
  for (const key of Object.keys(config)) {
    const value = (config as Record<string, unknown>)[key];
    const norm = normalizeKey(key);
    if (!allowed.has(norm)) {
      throw new ValueError(
        `${where}: unknown config key ${JSON.stringify(key)}: expected some of ${allowedKeys.join(', ')}`,
      );
    }
    if (out.has(norm) && !sameValue(out.get(norm), value)) {
      throw new ValueError(
        `${where}: config gives ${JSON.stringify(key)} twice (in two spellings) with different values`,
      );
    }
    out.set(norm, value);
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The value under `key` (any spelling); `null` reads as absent, as Keras writes unset options. */
export function readConfig(config: Map<string, unknown>, key: string): unknown {
  const value = config.get(normalizeKey(key));
  return value === null ? undefined : value;
}
