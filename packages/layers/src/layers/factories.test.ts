// Every layer factory takes one config object: a positional form from another library (`dense(32)`,
// `dense({ units: 3 }, 'relu')`) is a ValueError naming the factory and the form it takes.
import '@glia/backend-cpu';
import { memory, ValueError } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { Layer } from '../engine/layer';
import * as layers from './index';
import { isLayerFactory } from './layer-factory';

/** Every function the catalog exports under a lower-case name: the factories. */
const factories = Object.entries(layers).filter(
  (entry): entry is [string, (...args: unknown[]) => unknown] =>
    typeof entry[1] === 'function' && /^[a-z]/.test(entry[0]),
);

describe('layer factories', () => {
  it('are all made by layerFactory, so each checks its arguments', () => {
    expect(factories.length).toBeGreaterThanOrEqual(58);
    for (const [name, factory] of factories) expect(isLayerFactory(factory), name).toBe(true);
  });

  it('reject a number, a string, an array, null and extra arguments, naming the factory', () => {
    const before = memory().numTensors;
    const wrongCalls: unknown[][] = [[32], ['relu'], [[2, 2]], [null], [{}, 'relu'], [{}, {}]];
    for (const [name, factory] of factories) {
      for (const call of wrongCalls) {
        const run = () => factory(...call);
        expect(run, `${name}(${call.map((c) => JSON.stringify(c)).join(', ')})`).toThrow(
          ValueError,
        );
        expect(run, name).toThrow(
          new RegExp(`^${name}: expected one config object, ${name}\\(\\{ .+ \\}\\), got `),
        );
      }
    }
    expect(memory().numTensors).toBe(before);
  });

  it('state the form: required options first, then an optional one', () => {
    expect(() => (layers.dense as (...a: unknown[]) => unknown)(3)).toThrow(
      'dense: expected one config object, dense({ units, activation?, ... }), got number 3',
    );
    expect(() => (layers.dense as (...a: unknown[]) => unknown)({ units: 3 }, 'relu')).toThrow(
      `dense: expected one config object, dense({ units, activation?, ... }), got 2 arguments (an object, string "relu")`,
    );
    expect(() => (layers.conv2d as (...a: unknown[]) => unknown)(32, 3)).toThrow(
      'conv2d: expected one config object, conv2d({ filters, kernelSize, strides?, ... }), got 2 arguments (number 32, number 3)',
    );
    expect(() => (layers.flatten as (...a: unknown[]) => unknown)([1])).toThrow(
      'flatten: expected one config object, flatten({ dataFormat?, ... }), got an array [1]',
    );
    expect(() => (layers.add as (...a: unknown[]) => unknown)(null)).toThrow(
      'add: expected one config object, add({ name?, ... }), got null',
    );
  });

  it('still build layers from one config object, or none where every option has a default', () => {
    const dense = layers.dense({ units: 3 });
    expect(dense).toBeInstanceOf(layers.Dense);
    expect(dense.units).toBe(3);
    expect(layers.reLU()).toBeInstanceOf(Layer);
    expect(layers.maxPooling2d().poolSize).toEqual([2, 2]);
    expect(layers.lstmCell({ units: 2 }).units).toBe(2);
  });
});
