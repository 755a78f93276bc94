// Fuzzes the model-file validator and loader with fast-check: a valid model.json with random fields
// replaced (by any JSON value, hostile names, huge or negative sizes) or removed must either load or
// fail with a ModelFileError; never another error, never a leaked tensor, never a change to
// Object.prototype. GLIA_FUZZ_RUNS raises the case count (default 10,000, fixed seed);
// GLIA_FUZZ_SEED picks another seed.
import '@glia/backend-cpu';
import { GliaError, memory, ready } from '@glia/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import * as layers from '../layers/index';
import { Sequential } from '../model/sequential';
import { memoryHandler } from './handlers/memory';
import type { ModelArtifacts } from './io-types';
import { modelFromArtifacts } from './load-model';
import { ModelFileError } from './model-file-error';

const RUNS = Number(process.env.GLIA_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.GLIA_FUZZ_SEED ?? 18);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** Every (container, key) pair of a JSON tree, so a mutation can pick one. */
function slots(
  value: Json,
  out: [Container, string | number][] = [],
): [Container, string | number][] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value, k]);
      slots(v, out);
    }
  }
  return out;
}

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    1e8,
    2 ** 31 - 1,
    2 ** 53,
    -1,
    0,
    0.5,
    '__proto__',
    'constructor',
    'toString',
    '../../etc/passwd',
    [null, 1e8],
    [1e4, 1e4],
    Object.assign(Object.create(null) as Record<string, Json>, { polluted: true }),
    { class_name: 'constructor', config: {} },
  ),
);

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'rename'),
  value: hostileValue,
  key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknown_key', 'units'),
});

interface Mutation {
  at: number;
  kind: string;
  value: Json;
  key: string;
}

function mutate(base: Json, edits: Mutation[]): Json {
  const json = structuredClone(base);
  for (const edit of edits) {
    const all = slots(json);
    if (all.length === 0) break;
    const [container, key] = all[edit.at % all.length]!;
    if (edit.kind === 'replace') (container as Record<string, Json>)[key] = edit.value;
    else if (edit.kind === 'delete') {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    } else if (!Array.isArray(container)) {
      // an own key named like a prototype member, as JSON.parse would create it
      Object.defineProperty(container, edit.key, {
        value: container[key as string] ?? null,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  }
  return json;
}

/** The loader, typed for what the fuzzer hands it: any JSON value, as a hostile file may hold. */
const loadUntrusted = modelFromArtifacts as (artifacts: object) => { dispose(): void };

describe('fuzz: the model-file validator and loader', () => {
  let base: ModelArtifacts;
  beforeAll(async () => {
    await ready();
    resetLayerNames();
    const model = new Sequential({
      layers: [
        layers.dense({ units: 3, inputShape: [4], activation: 'relu' }),
        layers.dropout({ rate: 0.5 }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const handler = memoryHandler();
    await model.save(handler);
    model.dispose();
    base = handler.artifacts!;
  });

  it(`mutated model files load or fail with a ModelFileError (${RUNS} cases)`, () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
    const tensors = memory().numTensors;
    const { weightData, ...json } = base;
    // The model file as plain JSON data, the form a fuzzer mutates.
    const file: Json = JSON.parse(JSON.stringify(json));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) => {
        const mutated = mutate(file, edits);
        try {
          const model = loadUntrusted(
            Object.assign({}, mutated, { weightData: weightData.slice(0) }),
          );
          model.dispose();
        } catch (e) {
          if (!(e instanceof ModelFileError)) {
            // other named errors are allowed only from inside a ModelFileError's cause chain
            expect(e, String(e)).toBeInstanceOf(GliaError);
            throw new Error(`not a ModelFileError: ${String(e)}`);
          }
        }
        expect(memory().numTensors).toBe(tensors);
        expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(prototypeKeys);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
