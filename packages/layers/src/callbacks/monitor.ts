import { ValueError } from '@glia/core';

/** Whether a monitored value should fall (`min`), rise (`max`), or be guessed from its name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** `auto` -> `max` for accuracy-like names (`accuracy`, `val_auc`, ...), else `min`, as Keras. */
export function resolveMode(
  op: string,
  monitor: string,
  mode: MonitorMode = 'auto',
): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto')
    throw new ValueError(`${op}: mode must be 'auto', 'min' or 'max', got '${String(mode)}'`);
  return /acc|auc|precision|recall|f1/i.test(monitor) ? 'max' : 'min';
}

/** Whether `current` beats `reference` by more than `minDelta` in the direction of `mode`. */
export function improves(
  mode: 'min' | 'max',
  current: number,
  reference: number,
  minDelta: number,
): boolean {
  return mode === 'min' ? current < reference - minDelta : current > reference + minDelta;
}

/** The worst possible value for `mode`, where tracking starts. */
export function worst(mode: 'min' | 'max'): number {
  return mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** Warns once per callback that the monitored key is missing, naming the keys there are. */
export function warnMissing(
  op: string,
  monitor: string,
  logs: Record<string, number> | undefined,
): void {
  console.warn(
    `${op}: '${monitor}' is not in the logs (available: ${Object.keys(logs ?? {}).join(', ') || 'none'}); skipping`,
  );
}

/** A non-negative number setting, or a clear error. */
export function nonNegative(op: string, name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0))
    throw new ValueError(`${op}: ${name} must be a number >= 0, got ${String(value)}`);
  return value;
}

/**
 * Throws `<op>: <key> is required, e.g. <example>` unless `args` is an object whose `key` is given:
 * not undefined, not '', and of type string where `stringOnly`.
 */
export function requireField(
  op: string,
  args: unknown,
  key: string,
  example: string,
  stringOnly = false,
): void {
  const value =
    args !== null && typeof args === 'object' ? (args as Record<string, unknown>)[key] : undefined;
  if (value === undefined || value === '' || (stringOnly && typeof value !== 'string')) {
    throw new ValueError(`${op}: ${key} is required, e.g. ${example}`);
  }
}
