import { CliError } from '@glia/app-support';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseCli } from './cli-options';

describe('parseCli', () => {
  it('reads each command with its defaults and overrides', () => {
    expect(parseCli(['dense'])).toEqual({ command: 'dense', options: DEFAULT_OPTIONS });
    expect(parseCli(['denoise', '--epochs', '3', '--limit', '500', '--seed', '7'])).toEqual({
      command: 'denoise',
      options: { ...DEFAULT_OPTIONS, epochs: 3, limit: 500, seed: 7 },
    });
    expect(parseCli(['-h'])).toEqual({ command: 'help' });
  });

  it('rejects what it cannot run', () => {
    expect(() => parseCli([])).toThrow(CliError);
    expect(() => parseCli(['vae'])).toThrow(/unknown command 'vae'/);
    expect(() => parseCli(['dense', '--limit', '10'])).toThrow(/20\.\.60000/);
    expect(() => parseCli(['dense', 'extra'])).toThrow(/unexpected argument 'extra'/);
  });
});
