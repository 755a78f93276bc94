import { CliError } from '@glia/app-support';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseCli } from './cli-options';

describe('parseCli', () => {
  it('reads each command with its defaults and overrides', () => {
    expect(parseCli(['mnist'])).toEqual({ command: 'mnist', options: DEFAULT_OPTIONS.mnist });
    expect(parseCli(['forecast', '--epochs', '3', '--limit', '500', '--seed', '7'])).toEqual({
      command: 'forecast',
      options: { ...DEFAULT_OPTIONS.forecast, epochs: 3, limit: 500, seed: 7 },
    });
    expect(parseCli(['--help'])).toEqual({ command: 'help' });
  });

  it('rejects what it cannot run', () => {
    expect(() => parseCli([])).toThrow(CliError);
    expect(() => parseCli(['train'])).toThrow(/unknown command 'train'/);
    expect(() => parseCli(['mnist', '--epochs', '0'])).toThrow(/--epochs must be an integer >= 1/);
    expect(() => parseCli(['mnist', '--limit', '10'])).toThrow(/20\.\.60000/);
    expect(() => parseCli(['forecast', '--limit', '100'])).toThrow(/200\.\.100000/);
    expect(() => parseCli(['mnist', '--epoch', '2'])).toThrow(/Unknown option '--epoch'/);
  });
});
