// Layer factories take one config object: another library's positional form is an error that names
// the layer, not a layer with every option at its default.
import '@glia/backend-cpu';
import { memory, ValueError } from '@glia/core';
import { describe, expect, it } from 'vitest';
import * as layers from '../layers/index';

describe('layer factories reject wrong argument forms', () => {
  it('positional numbers, arrays, strings and null', () => {
    const before = memory().numTensors;
    const calls: [string, () => unknown][] = [
      ['dense', () => (layers.dense as (...a: unknown[]) => unknown)(32)],
      ['conv2d', () => (layers.conv2d as (...a: unknown[]) => unknown)(32, 3)],
      ['maxPooling2d', () => (layers.maxPooling2d as (...a: unknown[]) => unknown)([2, 2])],
      ['dropout', () => (layers.dropout as (...a: unknown[]) => unknown)(0.5)],
      ['activation', () => (layers.activation as (...a: unknown[]) => unknown)('relu')],
      ['dense', () => (layers.dense as (...a: unknown[]) => unknown)(null)],
    ];
    for (const [factory, call] of calls) {
      expect(call, factory).toThrow(ValueError);
      expect(call, factory).toThrow(new RegExp(`^${factory}: expected one config object`));
    }
    expect(memory().numTensors).toBe(before);
  });
});
