// Fuzzes the model-file validator and loader with fast-check: a valid model.json with random fields
// replaced (by any JSON value, hostile names, huge or negative sizes, the names of other layers) or
// removed must either load or fail with a ModelFileError; never another error, never a leaked
// tensor, never a change to Object.prototype. The files: a Sequential model, and functional (Keras
// Model) files with inbound_nodes: two inputs with a shared layer and merges, and a nested
// Sequential applied twice. GLIA_FUZZ_RUNS sets the cases per file (default 10,000, fixed seed);
// GLIA_FUZZ_SEED picks another seed.
import '@glia/backend-cpu';
import { GliaError, memory, ready } from '@glia/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { input } from '../engine/input-layer';
import { resetLayerNames } from '../engine/naming';
import * as layers from '../layers/index';
import { type LayersModel, model } from '../model/layers-model';
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
  kind: fc.constantFrom('replace', 'delete', 'rename', 'relink'),
  value: hostileValue,
  key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknown_key', 'units'),
  pick: fc.nat(),
});

interface Mutation {
  at: number;
  kind: string;
  value: Json;
  key: string;
  pick: number;
}

/** Every string of a JSON tree: layer names, so a relink can point a node at another layer. */
function strings(value: Json, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

function mutate(base: Json, edits: Mutation[]): Json {
  const json = structuredClone(base);
  const names = [...strings(base)];
  for (const edit of edits) {
    const all = slots(json);
    if (all.length === 0) break;
    const [container, key] = all[edit.at % all.length]!;
    if (edit.kind === 'replace') {
      // a copy as JSON.parse would make it: later edits must not change fast-check's constants
      (container as Record<string, Json>)[key] = JSON.parse(JSON.stringify(edit.value)) as Json;
    } else if (edit.kind === 'relink') {
      // another name of the same file: cycles, self-references, dangling or swapped inputs
      (container as Record<string, Json>)[key] = names[edit.pick % names.length]!;
    } else if (edit.kind === 'delete') {
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

/** A Sequential model: dense, dropout, dense. */
function sequentialFile(): LayersModel {
  return new Sequential({
    layers: [
      layers.dense({ units: 3, inputShape: [4], activation: 'relu' }),
      layers.dropout({ rate: 0.5 }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** Two inputs, a layer shared by both branches, and three merges into three outputs. */
function sharedLayerFile(): LayersModel {
  const a = input({ shape: [5], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const ha = layers.dense({ units: 4, activation: 'relu', name: 'ha' }).apply(a);
  const hb = layers.dense({ units: 4, name: 'hb' }).apply(b);
  const shared = layers.dense({ units: 4, name: 'shared' });
  const sa = shared.apply(ha);
  const sb = shared.apply(hb);
  const klass = layers
    .dense({ units: 2, activation: 'softmax', name: 'klass' })
    .apply(layers.concatenate({ name: 'cat' }).apply([sa, sb]));
  const sum = layers.add({ name: 'sum' }).apply([sa, sb]);
  const prod = layers.multiply({ name: 'prod' }).apply([sa, sb]);
  return model({ inputs: [a, b], outputs: [klass, sum, prod], name: 'two_input' });
}

/** A Sequential tower nested in a functional model and applied to two inputs. */
function nestedFile(): LayersModel {
  const tower = new Sequential({
    name: 'tower',
    layers: [
      layers.dense({ units: 4, activation: 'relu', inputShape: [3], name: 'tower_hidden' }),
      layers.dense({ units: 2, name: 'tower_out' }),
    ],
  });
  const u = input({ shape: [3], name: 'u' });
  const v = input({ shape: [3], name: 'v' });
  const both = layers.add({ name: 'both' }).apply([tower.apply(u), tower.apply(v)]);
  const out = layers.dense({ units: 1, name: 'head' }).apply(both);
  return model({ inputs: [u, v], outputs: out, name: 'siamese' });
}

const FILES: { name: string; build: () => LayersModel; className: string }[] = [
  { name: 'a Sequential model', build: sequentialFile, className: 'Sequential' },
  {
    name: 'a functional model with two inputs and a shared layer',
    build: sharedLayerFile,
    className: 'Functional',
  },
  {
    name: 'a functional model with a nested Sequential applied twice',
    build: nestedFile,
    className: 'Functional',
  },
];

describe('fuzz: the model-file validator and loader', () => {
  const bases = new Map<string, ModelArtifacts>();
  beforeAll(async () => {
    await ready();
    for (const f of FILES) {
      resetLayerNames();
      const m = f.build();
      m.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['accuracy'] });
      const handler = memoryHandler();
      await m.save(handler);
      m.dispose();
      bases.set(f.name, handler.artifacts!);
    }
  });

  it.each(FILES)(
    `mutated files of $name load or fail with a ModelFileError (${RUNS} cases)`,
    (f) => {
      const base = bases.get(f.name)!;
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
      const tensors = memory().numTensors;
      const { weightData, ...json } = base;
      // The model file as plain JSON data, the form a fuzzer mutates.
      const file: Json = JSON.parse(JSON.stringify(json));
      expect((file as { modelTopology: { class_name: string } }).modelTopology.class_name).toBe(
        f.className,
      );
      // the unmutated file loads
      loadUntrusted(Object.assign({}, file, { weightData: weightData.slice(0) })).dispose();
      let loaded = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) => {
          const mutated = mutate(file, edits);
          const before = memory().numTensors;
          try {
            const model = loadUntrusted(
              Object.assign({}, mutated, { weightData: weightData.slice(0) }),
            );
            model.dispose();
            loaded++;
          } catch (e) {
            if (!(e instanceof ModelFileError)) {
              // other named errors are allowed only from inside a ModelFileError's cause chain
              expect(e, String(e)).toBeInstanceOf(GliaError);
              throw new Error(`not a ModelFileError: ${String(e)}`);
            }
          }
          expect(memory().numTensors, 'tensors left by this file').toBe(before);
          expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(prototypeKeys);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: RUNS, seed: SEED },
      );
      console.log(`${f.name}: ${RUNS} mutated files, ${loaded} loaded, the rest ModelFileErrors`);
      expect(memory().numTensors).toBe(tensors);
    },
    600_000,
  );

  it('a layer of the file that no output depends on is freed (found by this fuzzer)', () => {
    const { weightData, ...json } = bases.get(FILES[1]!.name)!;
    const file = JSON.parse(JSON.stringify(json)) as {
      modelTopology: { config: { output_layers: unknown[] } };
    };
    // drop 'klass' from the outputs: klass and cat are built but are not part of the model
    file.modelTopology.config.output_layers.shift();
    const before = memory().numTensors;
    expect(() => loadUntrusted({ ...file, weightData: weightData.slice(0) })).toThrow(
      /weightSpecs\[\d+\]\.name: 'klass\/kernel' is not a weight of the model/,
    );
    expect(memory().numTensors).toBe(before);
  });
});
