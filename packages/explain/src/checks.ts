import { ValueError } from '@glia/core';

/** A positive integer option. */
export function positiveInt(method: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new ValueError(`${method}: ${name} must be a positive integer, got ${v}`);
  }
  return v;
}
