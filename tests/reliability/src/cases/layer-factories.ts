/**
 * Class 6 for the layer catalog: every layer factory of @glia/layers (each lower-case function of
 * its `layers` namespace) takes one config object, so another library's positional forms
 * (`dense(32)`, `conv2d(32, 3)`, `dense({ units: 3 }, 'relu')`) and non-objects are ValueErrors
 * naming the factory and the form it takes, before any layer exists.
 */
import { ValueError } from '@glia/core';
import { layers } from '@glia/layers';
import type { Case } from '../harness';

/** The wrong calls tried on each factory. */
const WRONG_CALLS: readonly (readonly unknown[])[] = [
  [32],
  ['relu'],
  [[2, 2]],
  [null],
  [{}, 'relu'],
  [{}, {}],
];

const shown = (args: readonly unknown[]): string => args.map((a) => JSON.stringify(a)).join(', ');

/** One case per factory and wrong call. */
export function layerFactoryCases(): Case[] {
  const factories = Object.entries(layers).filter(
    (entry): entry is [string, (...args: unknown[]) => unknown] =>
      typeof entry[1] === 'function' && /^[a-z]/.test(entry[0]),
  );
  return factories.flatMap(([name, factory]) =>
    WRONG_CALLS.map(
      (args): Case => ({
        title: `${name}(${shown(args)})`,
        run: () => factory(...args),
        error: ValueError,
        message: new RegExp(`^${name}: expected one config object, ${name}\\(\\{ .+ \\}\\), got `),
      }),
    ),
  );
}
