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
      ['Dense', () => (layers.dense as (...a: unknown[]) => unknown)(32)],
      ['Conv2D', () => (layers.conv2d as (...a: unknown[]) => unknown)(32, 3)],
      ['MaxPooling2D', () => (layers.maxPooling2d as (...a: unknown[]) => unknown)([2, 2])],
      ['Dropout', () => (layers.dropout as (...a: unknown[]) => unknown)(0.5)],
      ['Activation', () => (layers.activation as (...a: unknown[]) => unknown)('relu')],
      ['Dense', () => (layers.dense as (...a: unknown[]) => unknown)(null)],
    ];
    for (const [className, call] of calls) {
      expect(call, className).toThrow(ValueError);
      expect(call, className).toThrow(new RegExp(`^${className}: expected one config object`));
    }
    expect(memory().numTensors).toBe(before);
  });
});
