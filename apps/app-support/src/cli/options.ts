// The option parsing the sample apps' command lines share: `node:util`'s parseArgs with messages a
// user can act on, and the checks on option values, each naming the option it rejects.
import { type ParseArgsConfig, parseArgs } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A command line that cannot run; an app's `main` prints the message and the hint to use `--help`. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The largest `--seed`: seeds are unsigned 32-bit integers. */
export const SEED_MAX = 2 ** 32 - 1;

/**
 * `parseArgs` in strict mode with positionals allowed, throwing `CliError` for an unknown option or
 * a missing value.
 */
export function parseCommandLine<const Options extends OptionsConfig>(
  argv: readonly string[],
  options: Options,
): ReturnType<typeof parseArgs<{ options: Options; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' messages name the option ("Unknown option '--epoch'", "Option '--limit <value>'
    // argument missing"); keep them, without Node's advice on positionals that start with '-'.
    const message =
      e instanceof Error
        ? e.message.replace(/\. To specify a positional argument[\s\S]*$/, '')
        : String(e);
    throw new CliError(message);
  }
}

/** `--name`'s value as an integer in `min..max`; throws `CliError` naming the option otherwise. */
export function integerOption(
  name: string,
  text: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in ${min}..${max}`;
    throw new CliError(`--${name} must be ${range}, got '${text}'`);
  }
  return value;
}

/** `--name`'s value, unless it is empty or blank (`CliError`). */
export function nonEmptyOption(name: string, text: string): string {
  if (text.trim() === '') throw new CliError(`--${name} must not be empty`);
  return text;
}

/**
 * How many MNIST test images a run with `--limit <limit>` evaluates on: half as many as it trains
 * on, at most the 10,000 there are; unset: all of them.
 */
export function testLimitFor(limit: number | undefined): number | undefined {
  return limit === undefined ? undefined : Math.min(10_000, Math.floor(limit / 2));
}
