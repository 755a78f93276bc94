import { describe, expect, it } from 'vitest';
import {
  CliError,
  integerOption,
  nonEmptyOption,
  parseCommandLine,
  SEED_MAX,
  testLimitFor,
} from './options';

const OPTIONS = {
  epochs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

describe('parseCommandLine', () => {
  it('returns the values and positionals', () => {
    const { values, positionals } = parseCommandLine(['run', '--epochs', '3', '-h'], OPTIONS);
    expect(values).toEqual({ epochs: '3', help: true });
    expect(positionals).toEqual(['run']);
  });

  it.each([
    [['--epoch', '3'], "Unknown option '--epoch'"],
    [['--epochs'], "Option '--epochs <value>' argument missing"],
  ])('%j: CliError naming the option', (argv, message) => {
    expect(() => parseCommandLine(argv, OPTIONS)).toThrow(
      expect.objectContaining({ name: 'CliError', message }),
    );
  });
});

describe('integerOption', () => {
  it('accepts integers in range', () => {
    expect(integerOption('epochs', '3', 1)).toBe(3);
    expect(integerOption('epochs', ' +7 ', 1)).toBe(7);
    expect(integerOption('seed', String(SEED_MAX), 0, SEED_MAX)).toBe(SEED_MAX);
  });

  it.each([
    ['epochs', '0', 1, undefined, "--epochs must be an integer >= 1, got '0'"],
    ['epochs', '1.5', 1, undefined, "--epochs must be an integer >= 1, got '1.5'"],
    ['epochs', '', 1, undefined, "--epochs must be an integer >= 1, got ''"],
    ['limit', '19', 20, 60_000, "--limit must be an integer in 20..60000, got '19'"],
    [
      'seed',
      '4294967296',
      0,
      SEED_MAX,
      "--seed must be an integer in 0..4294967295, got '4294967296'",
    ],
  ])('--%s %j: CliError', (name, text, min, max, message) => {
    expect(() => integerOption(name, text, min, max)).toThrow(new CliError(message));
  });
});

describe('nonEmptyOption', () => {
  it('keeps a value and rejects a blank one', () => {
    expect(nonEmptyOption('out', 'out/x')).toBe('out/x');
    expect(() => nonEmptyOption('out', '  ')).toThrow(new CliError('--out must not be empty'));
  });
});

describe('testLimitFor', () => {
  it('tests on half the training images, at most 10000', () => {
    expect(testLimitFor(undefined)).toBeUndefined();
    expect(testLimitFor(2001)).toBe(1000);
    expect(testLimitFor(60000)).toBe(10000);
  });
});
