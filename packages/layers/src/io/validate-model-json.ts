/**
 * A model file is data from a stranger. Everything here checks it before anything is allocated:
 * JSON types of every field, no prototype keys (`__proto__`, `constructor`, `prototype`) anywhere,
 * only layer classes Glia knows and only the fields each one reads, weights manifests with sane
 * names, shapes and dtypes, and weight data whose byte length is exactly what the shapes need.
 * Every error is a `ModelFileError` naming the file and the JSON path of the field.
 */

import { closestName } from '@glia/core';
import { ConfigFieldError, fieldNames } from '../engine/config-schema';
import { InputLayer } from '../engine/input-layer';
import type { Layer, LayerClass } from '../engine/layer';
import {
  ensureLayerClassesRegistered,
  getLayerClass,
  listLayerClasses,
} from '../engine/layer-registry';
import type {
  ModelArtifacts,
  ModelJson,
  WeightDType,
  WeightSpec,
  WeightsManifestEntry,
} from './io-types';
import { ModelFileError } from './model-file-error';
import {
  configFromJson,
  type JsonObject,
  type JsonValue,
  toCamelCase,
  toSnakeCase,
} from './serialization';
import { type GraphEntry, type ValidatedGraph, validateGraphConfig } from './validate-graph';

/** Keys that would reach an object's prototype if a careless reader copied them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any real model.json; stops stack exhaustion on hostile nesting. */
const MAX_DEPTH = 64;
const MAX_RANK = 8;
const BYTES_PER_ELEMENT: Record<WeightDType, number> = { float32: 4, int32: 4, bool: 1 };

type Where = { file: string };

function fail(where: Where, field: string, problem: string): never {
  throw new ModelFileError(where.file, field, problem);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `value` is plain JSON data (null, booleans, finite numbers, strings, arrays, plain
 * objects) with no prototype keys and no absurd nesting.
 */
export function assertPlainJson(
  value: unknown,
  where: Where,
  path: string,
  depth = 0,
): asserts value is JsonValue {
  if (depth > MAX_DEPTH) fail(where, path, `nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(where, path, `is ${value}: expected a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      assertPlainJson(item, where, `${path}[${i}]`, depth + 1);
    });
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      fail(where, path, 'is not a plain JSON object');
    for (const key of Object.keys(value)) {
      const child = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key) || FORBIDDEN_KEYS.has(toCamelCase(key)))
        fail(
          where,
          child,
          `the key '${key}' is not allowed in a model file (it could reach an object's prototype)`,
        );
      assertPlainJson((value as Record<string, unknown>)[key], where, child, depth + 1);
    }
    return;
  }
  fail(where, path, `is ${typeof value}: expected JSON data`);
}

function expectObject(value: unknown, where: Where, path: string): JsonObject {
  if (!isObject(value)) fail(where, path, `is ${describe(value)}: expected an object`);
  return value;
}

function expectArray(value: unknown, where: Where, path: string): JsonValue[] {
  if (!Array.isArray(value)) fail(where, path, `is ${describe(value)}: expected an array`);
  return value;
}

function expectString(value: unknown, where: Where, path: string): string {
  if (typeof value !== 'string') fail(where, path, `is ${describe(value)}: expected a string`);
  return value;
}

function expectKeys(obj: JsonObject, allowed: readonly string[], where: Where, path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      fail(
        where,
        path ? `${path}.${key}` : key,
        `unknown field: expected only ${allowed.join(', ')}`,
      );
  }
}

/** Validates one weights-manifest entry's spec. */
function validateWeightSpec(value: unknown, where: Where, path: string): WeightSpec {
  const spec = expectObject(value, where, path);
  if ('quantization' in spec)
    fail(
      where,
      `${path}.quantization`,
      'quantized weights are not supported: save the model without quantization',
    );
  expectKeys(spec, ['name', 'shape', 'dtype', 'group'], where, path);
  const name = expectString(spec.name, where, `${path}.name`);
  if (name.length === 0) fail(where, `${path}.name`, 'is empty: expected a weight name');
  const shape = expectArray(spec.shape, where, `${path}.shape`);
  if (shape.length > MAX_RANK)
    fail(where, `${path}.shape`, `has rank ${shape.length}: at most ${MAX_RANK} supported`);
  let size = 1;
  shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      fail(where, `${path}.shape[${i}]`, `is ${describe(d)}: expected a whole number >= 0`);
    }
    size *= d;
  });
  if (!Number.isSafeInteger(size) || size > 2 ** 31 - 1)
    fail(where, `${path}.shape`, `[${shape.join(',')}] holds ${size} elements: too many`);
  const dtype = spec.dtype;
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    fail(where, `${path}.dtype`, `is ${describe(dtype)}: expected 'float32', 'int32' or 'bool'`);
  }
  const out: WeightSpec = { name, shape: shape as number[], dtype };
  if (spec.group !== undefined) {
    if (spec.group !== 'model' && spec.group !== 'optimizer')
      fail(where, `${path}.group`, `is ${describe(spec.group)}: expected 'model' or 'optimizer'`);
    out.group = spec.group;
  }
  return out;
}

/** Validates a list of weight specs (names unique within their group). */
export function validateWeightSpecs(value: unknown, where: Where, path: string): WeightSpec[] {
  const specs = expectArray(value, where, path).map((s, i) =>
    validateWeightSpec(s, where, `${path}[${i}]`),
  );
  const seen = new Set<string>();
  specs.forEach((s, i) => {
    const key = `${s.group ?? 'model'}:${s.name}`;
    if (seen.has(key)) fail(where, `${path}[${i}].name`, `'${s.name}' appears twice`);
    seen.add(key);
  });
  return specs;
}

/** A weights path must stay beside model.json: relative, no `..`, no scheme, no absolute path. */
function validateWeightsPath(value: unknown, where: Where, path: string): string {
  const p = expectString(value, where, path);
  const segments = p.split(/[/\\]/);
  if (
    p.length === 0 ||
    p.startsWith('/') ||
    p.startsWith('\\') ||
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p) ||
    segments.includes('..')
  ) {
    fail(
      where,
      path,
      `'${p}' must be a file name relative to model.json (no '..', no absolute path, no scheme)`,
    );
  }
  return p;
}

/**
 * Validates a parsed model.json (its shape, not yet its layers: `validateArtifacts` does those) and
 * returns it typed.
 */
export function validateModelJson(json: unknown, file = 'model.json'): ModelJson {
  const where = { file };
  assertPlainJson(json, where, '');
  const root = expectObject(json, where, '');
  expectKeys(
    root,
    [
      'modelTopology',
      'format',
      'generatedBy',
      'convertedBy',
      'weightsManifest',
      'trainingConfig',
      'userDefinedMetadata',
    ],
    where,
    '',
  );
  const modelTopology = expectObject(root.modelTopology, where, 'modelTopology');
  checkFormat(root.format, where);
  const manifest =
    root.weightsManifest === undefined
      ? []
      : expectArray(root.weightsManifest, where, 'weightsManifest');
  const weightsManifest: WeightsManifestEntry[] = manifest.map((entry, i) => {
    const path = `weightsManifest[${i}]`;
    const group = expectObject(entry, where, path);
    expectKeys(group, ['paths', 'weights'], where, path);
    const paths = expectArray(group.paths, where, `${path}.paths`).map((p, j) =>
      validateWeightsPath(p, where, `${path}.paths[${j}]`),
    );
    return { paths, weights: validateWeightSpecs(group.weights, where, `${path}.weights`) };
  });
  const out: ModelJson = { modelTopology, weightsManifest };
  if (typeof root.format === 'string') out.format = root.format;
  if (root.generatedBy !== undefined && root.generatedBy !== null)
    out.generatedBy = expectString(root.generatedBy, where, 'generatedBy');
  if (root.convertedBy !== undefined)
    out.convertedBy =
      root.convertedBy === null ? null : expectString(root.convertedBy, where, 'convertedBy');
  if (root.trainingConfig !== undefined && root.trainingConfig !== null)
    out.trainingConfig = expectObject(root.trainingConfig, where, 'trainingConfig');
  return out;
}

function checkFormat(format: unknown, where: Where): void {
  if (format === undefined || format === null || format === 'layers-model') return;
  if (format === 'graph-model')
    fail(where, 'format', "is 'graph-model' (a TF.js graph model): Glia loads layers models only");
  fail(where, 'format', `is ${describe(format)}: expected 'layers-model'`);
}

/** Bytes the weights need, in manifest order. */
export function weightByteLength(spec: WeightSpec): number {
  return spec.shape.reduce((n, d) => n * d, 1) * BYTES_PER_ELEMENT[spec.dtype];
}

/**
 * Checks the weight data's length against the specs (before anything is allocated), naming the
 * first weight the data does not cover, or the surplus.
 */
export function checkWeightDataLength(
  specs: readonly WeightSpec[],
  byteLength: number,
  where: Where,
  specsPath = 'weightSpecs',
): void {
  let offset = 0;
  specs.forEach((spec, i) => {
    const bytes = weightByteLength(spec);
    if (offset + bytes > byteLength) {
      fail(
        where,
        `${specsPath}[${i}]`,
        `the weight data holds ${byteLength} bytes and ends inside weight '${spec.name}' (${spec.dtype} [${spec.shape.join(',')}], bytes ${offset}..${offset + bytes}): the weights file is truncated or does not belong to this model.json`,
      );
    }
    offset += bytes;
  });
  if (offset !== byteLength) {
    fail(
      where,
      specsPath,
      `the weight data holds ${byteLength} bytes: the manifest's ${specs.length} weights need ${offset}; the weights file does not belong to this model.json`,
    );
  }
}

/**
 * A layer of the file, checked and made (no weights yet); or a model used as a layer, validated
 * the same way (made by the loader).
 */
export type ValidatedLayer =
  | {
      layer: Layer;
      /** Its path in the file, for later errors (`modelTopology.config.layers[3]`). */
      path: string;
    }
  | { model: ValidatedTopology; name: string; path: string };

/** A Sequential file, validated: its name and its layers, made from their configs. */
export interface ValidatedSequential {
  kind: 'sequential';
  name: string | undefined;
  layers: ValidatedLayer[];
}

/** The model a file describes, validated: a Sequential, or a graph of layers. */
export type ValidatedTopology = ValidatedSequential | ValidatedGraph<ValidatedLayer>;

/** Model class names a file may use, at the top or as a layer. */
const MODEL_CLASSES = ['Sequential', 'Functional', 'Model'];

/** Fields every Keras layer config may carry. */
const BASE_FIELDS = [
  'name',
  'trainable',
  'dtype',
  'batch_input_shape',
  'input_shape',
  'batch_size',
];

/**
 * TF.js / Keras fields Glia's layers do not read, accepted only with the value that means "unused";
 * any other value is an error (a model Glia would silently run differently).
 */
const NEUTRAL_FIELDS = new Map<string, (v: JsonValue) => boolean>(
  Object.entries({
    kernel_constraint: (v) => v === null,
    bias_constraint: (v) => v === null,
    activity_regularizer: (v) => v === null,
    kernel_regularizer: (v) => v === null,
    bias_regularizer: (v) => v === null,
    beta_constraint: (v) => v === null,
    gamma_constraint: (v) => v === null,
    beta_regularizer: (v) => v === null,
    gamma_regularizer: (v) => v === null,
    data_format: (v) => v === 'channels_last',
    dilation_rate: (v) => v === 1 || (Array.isArray(v) && v.every((d) => d === 1)),
    batch_size: (v) => v === null,
  }),
);

const positiveInt = (v: JsonValue): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;
/**
 * The JSON type of the fields every Keras layer may carry, checked before a layer's own
 * `fromConfig`; a layer's own fields are checked by its field schema (engine/config-schema.ts).
 */
const FIELD_TYPES = new Map<string, { ok: (v: JsonValue) => boolean; expected: string }>(
  Object.entries({
    name: {
      ok: (v) => typeof v === 'string' && /^[A-Za-z0-9_.\-/]+$/.test(v),
      expected: 'a name of letters, digits and _ . - /',
    },
    trainable: { ok: (v) => typeof v === 'boolean', expected: 'true or false' },
    dtype: {
      ok: (v) => v === 'float32' || v === 'int32' || v === 'bool',
      expected: "'float32', 'int32' or 'bool'",
    },
    batch_input_shape: {
      ok: (v) =>
        Array.isArray(v) &&
        v.length >= 1 &&
        v.length <= MAX_RANK &&
        v.every((d) => d === null || positiveInt(d)),
      expected: 'a shape: an array of positive whole numbers or null',
    },
    input_shape: {
      ok: (v) =>
        Array.isArray(v) && v.length <= MAX_RANK && v.every((d) => d === null || positiveInt(d)),
      expected: 'a shape',
    },
    batch_size: {
      ok: (v) => v === null || positiveInt(v),
      expected: 'a positive whole number or null',
    },
  }),
);

function lookUpLayerClass(className: string): LayerClass | undefined {
  return listLayerClasses().includes(className) ? getLayerClass(className) : undefined;
}

/**
 * Validates `modelTopology` (a Sequential's Keras config, snake_case) and builds its layers from
 * their configs: known classes only, every field typed, no field Glia would ignore. No weights are
 * created (layers build later).
 */
export function validateTopology(topology: JsonObject, where: Where): ValidatedTopology {
  assertPlainJson(topology, where, 'modelTopology');
  let base = 'modelTopology';
  let root = topology;
  if (root.model_config !== undefined) {
    // Keras' converter wraps the model config (and a training config) one level down.
    expectKeys(root, ['model_config', 'training_config', 'keras_version', 'backend'], where, base);
    base = 'modelTopology.model_config';
    root = expectObject(root.model_config, where, base);
  }
  expectKeys(root, ['class_name', 'config', 'keras_version', 'backend'], where, base);
  const className = expectString(root.class_name, where, `${base}.class_name`);
  ensureLayerClassesRegistered();
  return validateModelConfig(className, root.config, where, base, 0);
}

/** A model's config by its class: Sequential's layer list, or a functional graph. */
function validateModelConfig(
  className: string,
  configJson: JsonValue | undefined,
  where: Where,
  base: string,
  depth: number,
): ValidatedTopology {
  if (!MODEL_CLASSES.includes(className)) {
    fail(
      where,
      `${base}.class_name`,
      `is '${className}': Glia loads Sequential, Functional and Model (TF.js) models`,
    );
  }
  if (depth > 8) fail(where, base, 'models nested deeper than 8 levels');
  if (className !== 'Sequential') {
    const config = expectObject(configJson, where, `${base}.config`);
    return validateGraphConfig(config, where.file, `${base}.config`, (entry, path) =>
      validateGraphEntry(entry, where, path, depth),
    );
  }
  let layersJson: JsonValue[];
  let name: string | undefined;
  if (Array.isArray(configJson)) {
    // TF.js 1.x and old Keras wrote a Sequential's config as the bare list of layers.
    layersJson = configJson;
  } else {
    const config = expectObject(configJson, where, `${base}.config`);
    expectKeys(config, ['name', 'layers'], where, `${base}.config`);
    if (config.name !== undefined) name = expectString(config.name, where, `${base}.config.name`);
    layersJson = expectArray(config.layers, where, `${base}.config.layers`);
  }
  if (layersJson.length === 0)
    fail(where, `${base}.config.layers`, 'is empty: a model needs at least one layer');
  const names = new Set<string>();
  const layers = layersJson.map((layerJson, i) => {
    const path = `${base}.config.layers[${i}]`;
    const entry = expectObject(layerJson, where, path);
    const validated =
      typeof entry.class_name === 'string' && MODEL_CLASSES.includes(entry.class_name)
        ? nestedModel(entry, where, path, depth)
        : validateLayer(layerJson, where, path);
    const layerName = 'layer' in validated ? validated.layer.name : validated.name;
    if (names.has(layerName))
      fail(
        where,
        `${path}.config.name`,
        `'${layerName}' is the name of an earlier layer: layer names must be unique`,
      );
    names.add(layerName);
    return validated;
  });
  const first = layers[0]!;
  if ('layer' in first && !first.layer.batchInputShape) {
    fail(
      where,
      `${base}.config.layers[0].config.batch_input_shape`,
      'is missing: the first layer must give the input shape',
    );
  }
  return { kind: 'sequential', name, layers };
}

/** A model used as a layer: validated like a top-level model, made later by the loader. */
function nestedModel(
  entry: JsonObject,
  where: Where,
  path: string,
  depth: number,
): { model: ValidatedTopology; name: string; path: string } {
  expectKeys(
    entry,
    ['class_name', 'config', 'name', 'inbound_nodes', 'module', 'registered_name', 'build_config'],
    where,
    path,
  );
  const className = expectString(entry.class_name, where, `${path}.class_name`);
  const model = validateModelConfig(className, entry.config, where, path, depth + 1);
  const name = model.name ?? (typeof entry.name === 'string' ? entry.name : undefined);
  if (name === undefined) fail(where, `${path}.config.name`, 'a nested model needs a name');
  return { model, name, path };
}

/** One layer of a functional model's file (Keras 3's bookkeeping fields are dropped). */
function validateGraphEntry(
  entry: JsonObject,
  where: Where,
  path: string,
  depth: number,
): GraphEntry<ValidatedLayer> {
  const { module: _m, registered_name: _r, build_config: _b, ...rest } = entry;
  if (typeof rest.class_name === 'string' && MODEL_CLASSES.includes(rest.class_name)) {
    const nested = nestedModel(rest, where, path, depth);
    const outputs = nested.model.kind === 'graph' ? nested.model.outputs.length : 1;
    return { value: nested, name: nested.name, isInput: false, outputs, firstNode: 1 };
  }
  if (rest.class_name === 'InputLayer' && isObject(rest.config)) {
    // Keras 3 writes the shape as batch_shape, and ragged: false.
    const { batch_shape, ragged, ...config } = rest.config;
    if (ragged !== undefined && ragged !== false)
      fail(where, `${path}.config.ragged`, 'ragged inputs are not supported');
    if (batch_shape !== undefined && config.batch_input_shape === undefined)
      config.batch_input_shape = batch_shape;
    rest.config = config;
  }
  const validated = validateLayer(rest, where, path);
  return {
    value: validated,
    name: validated.layer.name,
    isInput: validated.layer instanceof InputLayer,
    outputs: 1,
    firstNode: 0,
  };
}

function validateLayer(
  value: JsonValue,
  where: Where,
  path: string,
): { layer: Layer; path: string } {
  const entry = expectObject(value, where, path);
  expectKeys(entry, ['class_name', 'config', 'name', 'inbound_nodes'], where, path);
  if (
    entry.inbound_nodes !== undefined &&
    !(Array.isArray(entry.inbound_nodes) && entry.inbound_nodes.length === 0)
  ) {
    fail(
      where,
      `${path}.inbound_nodes`,
      'a Sequential layer has no inbound nodes (functional models are not supported)',
    );
  }
  const className = expectString(entry.class_name, where, `${path}.class_name`);
  const cls = lookUpLayerClass(className);
  if (!cls)
    fail(
      where,
      `${path}.class_name`,
      `unknown layer class '${className}': expected one of ${listLayerClasses().join(', ')}`,
    );
  const config = expectObject(entry.config, where, `${path}.config`);
  for (const [key, v] of Object.entries(config)) {
    const type = FIELD_TYPES.get(key);
    if (type && !type.ok(v) && !(NEUTRAL_FIELDS.get(key)?.(v) ?? false)) {
      fail(where, `${path}.config.${key}`, `is ${describe(v)}: expected ${type.expected}`);
    }
  }
  // Fields Glia does not read go only when they hold their "unused" value; the rest are checked
  // against the class's field schema (or, for a class without one, its own config, below).
  const fields = cls.fields;
  const passed: JsonObject = {};
  const stripped = new Set<string>();
  for (const [key, v] of Object.entries(config)) {
    const camel = toCamelCase(key);
    const declared =
      BASE_FIELDS.includes(key) || (fields !== undefined && fieldNames(fields).includes(camel));
    if (!declared && NEUTRAL_FIELDS.get(key)?.(v)) {
      stripped.add(key);
      continue;
    }
    if (!declared && fields !== undefined) {
      const known = [...BASE_FIELDS, ...fieldNames(fields).map(toSnakeCase)];
      const guess = closestName(key, known);
      fail(
        where,
        `${path}.config.${key}`,
        NEUTRAL_FIELDS.has(key)
          ? `${className} in Glia does not support '${key}' = ${JSON.stringify(v)} (only the default)`
          : `unknown field for ${className}${guess ? ` (did you mean '${guess}'?)` : ''}: Glia's ${className} reads ${known.sort().join(', ')}`,
      );
    }
    passed[key] = v;
  }
  let layer: Layer;
  try {
    layer = cls.fromConfig(configFromJson(passed) as Record<string, unknown>);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const field =
      e instanceof ConfigFieldError && toSnakeCase(e.field) in passed
        ? toSnakeCase(e.field)
        : fieldNamedIn(message, Object.keys(passed));
    fail(
      where,
      field ? `${path}.config.${field}` : `${path}.config`,
      `${className} cannot be made from this config: ${message}`,
    );
  }
  if (fields !== undefined) return { layer, path };
  const known = new Set([...BASE_FIELDS, ...Object.keys(layer.getConfig()).map(toSnakeCase)]);
  for (const key of Object.keys(config)) {
    if (known.has(key) || stripped.has(key)) continue;
    // Keys compare in Glia's spelling too (TF.js writes a few keys, e.g. `beta_1`, either way).
    if (known.has(toSnakeCase(toCamelCase(key)))) continue;
    const neutral = NEUTRAL_FIELDS.has(key);
    fail(
      where,
      `${path}.config.${key}`,
      neutral
        ? `${className} in Glia does not support '${key}' = ${JSON.stringify(config[key])} (only the default)`
        : `unknown field for ${className}: Glia's ${className} reads ${[...known].sort().join(', ')}`,
    );
  }
  return { layer, path };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The config field a layer's error message is about: one it quotes (`unknown config field 'foo'`),
 * else the one it names first.
 */
function fieldNamedIn(message: string, keys: readonly string[]): string | undefined {
  const spellings = keys.map((key) => ({ key, camel: toCamelCase(key) }));
  const quoted = spellings.find(
    ({ key, camel }) => message.includes(`'${camel}'`) || message.includes(`'${key}'`),
  );
  if (quoted) return quoted.key;
  let best: { key: string; at: number } | undefined;
  for (const { key, camel } of spellings) {
    const at = message.search(new RegExp(`\\b(${escapeRegExp(camel)}|${escapeRegExp(key)})\\b`));
    if (at >= 0 && (!best || at < best.at)) best = { key, at };
  }
  return best?.key;
}

/** Validates the training config (loss, metrics, optimizer) TF.js and Glia write. */
export interface ValidatedTrainingConfig {
  /** One loss for all outputs, or (several outputs) one per output, by name or in order. */
  loss: string | string[] | Record<string, string>;
  /** Every metric name (for one output). */
  metrics: string[];
  /** The metrics by output name, when the file keys them so. */
  metricsByOutput?: Record<string, string[]>;
  lossWeights?: number[] | Record<string, number>;
  optimizer: { className: string; config: Record<string, unknown> };
}

export function validateTrainingConfig(value: JsonObject, where: Where): ValidatedTrainingConfig {
  const base = 'trainingConfig';
  assertPlainJson(value, where, base);
  expectKeys(
    value,
    [
      'loss',
      'metrics',
      'optimizer_config',
      'weighted_metrics',
      'loss_weights',
      'sample_weight_mode',
    ],
    where,
    base,
  );
  for (const key of ['weighted_metrics', 'sample_weight_mode']) {
    if (value[key] !== undefined && value[key] !== null)
      fail(where, `${base}.${key}`, 'is not supported');
  }
  let loss = value.loss;
  if (Array.isArray(loss) && loss.length === 1) loss = loss[0]!;
  const lossName = (v: JsonValue, path: string): string =>
    toCamelCase(expectString(v, where, path));
  const lossValue: ValidatedTrainingConfig['loss'] = Array.isArray(loss)
    ? loss.map((l, i) => lossName(l, `${base}.loss[${i}]`))
    : isObject(loss)
      ? Object.fromEntries(
          Object.entries(loss).map(([k, l]) => [k, lossName(l, `${base}.loss.${k}`)]),
        )
      : lossName(loss as JsonValue, `${base}.loss`);
  // A list, or (TF.js, Keras) a dict by output name; TF.js writes `{}` for no metrics.
  const metricsValue = value.metrics ?? [];
  const metricsPath = `${base}.metrics`;
  const metricList = (v: JsonValue, path: string): string[] =>
    (Array.isArray(v)
      ? v.map((m, i): [string, JsonValue] => [`${path}[${i}]`, m])
      : [[path, v] as [string, JsonValue]]
    ).map(([p, m]) => toCamelCase(expectString(m, where, p)));
  let metrics: string[];
  let metricsByOutput: Record<string, string[]> | undefined;
  if (isObject(metricsValue)) {
    metricsByOutput = Object.fromEntries(
      Object.entries(metricsValue).map(([k, v]) => [k, metricList(v, `${metricsPath}.${k}`)]),
    );
    metrics = Object.values(metricsByOutput).flat();
  } else {
    metrics = metricList(expectArray(metricsValue, where, metricsPath), metricsPath);
  }
  let lossWeights: ValidatedTrainingConfig['lossWeights'];
  const weights = value.loss_weights;
  if (weights !== undefined && weights !== null) {
    const weight = (v: JsonValue, path: string): number => {
      if (typeof v !== 'number' || v < 0)
        fail(where, path, `is ${describe(v)}: expected a number >= 0`);
      return v;
    };
    lossWeights = Array.isArray(weights)
      ? weights.map((w, i) => weight(w, `${base}.loss_weights[${i}]`))
      : Object.fromEntries(
          Object.entries(expectObject(weights, where, `${base}.loss_weights`)).map(([k, w]) => [
            k,
            weight(w, `${base}.loss_weights.${k}`),
          ]),
        );
  }
  const optimizerJson = expectObject(value.optimizer_config, where, `${base}.optimizer_config`);
  expectKeys(optimizerJson, ['class_name', 'config'], where, `${base}.optimizer_config`);
  const className = expectString(
    optimizerJson.class_name,
    where,
    `${base}.optimizer_config.class_name`,
  );
  const config = expectObject(optimizerJson.config, where, `${base}.optimizer_config.config`);
  return {
    loss: lossValue,
    metrics,
    ...(metricsByOutput ? { metricsByOutput } : {}),
    ...(lossWeights ? { lossWeights } : {}),
    optimizer: { className, config },
  };
}

/** Everything `loadModel` needs, validated; nothing allocated yet. */
export interface ValidatedArtifacts {
  topology: ValidatedTopology;
  modelSpecs: { spec: WeightSpec; offset: number; path: string }[];
  optimizerSpecs: { spec: WeightSpec; offset: number; path: string }[];
  trainingConfig: ValidatedTrainingConfig | undefined;
}

/**
 * Validates artifacts from any handler: the topology (building layer objects, no weights), the
 * weight specs, the weight data's byte length, and the training config.
 */
export function validateArtifacts(
  artifacts: ModelArtifacts,
  file = 'model.json',
): ValidatedArtifacts {
  const where = { file };
  if (!isObject(artifacts as unknown))
    fail(where, '', `the handler returned ${describe(artifacts)}: expected model artifacts`);
  checkFormat(artifacts.format, where);
  const specs = validateWeightSpecs(artifacts.weightSpecs ?? [], where, 'weightSpecs');
  const data = artifacts.weightData;
  if (!(data instanceof ArrayBuffer))
    fail(where, 'weightData', `is ${describe(data)}: expected an ArrayBuffer`);
  checkWeightDataLength(specs, data.byteLength, where);
  const topology = validateTopology(
    expectObject(artifacts.modelTopology, where, 'modelTopology'),
    where,
  );
  const trainingJson =
    artifacts.trainingConfig ??
    (isObject(artifacts.modelTopology.training_config)
      ? artifacts.modelTopology.training_config
      : undefined);
  const trainingConfig =
    trainingJson === undefined || trainingJson === null
      ? undefined
      : validateTrainingConfig(expectObject(trainingJson, where, 'trainingConfig'), where);
  const modelSpecs: ValidatedArtifacts['modelSpecs'] = [];
  const optimizerSpecs: ValidatedArtifacts['optimizerSpecs'] = [];
  let offset = 0;
  specs.forEach((spec, i) => {
    (spec.group === 'optimizer' ? optimizerSpecs : modelSpecs).push({
      spec,
      offset,
      path: `weightSpecs[${i}]`,
    });
    offset += weightByteLength(spec);
  });
  return { topology, modelSpecs, optimizerSpecs, trainingConfig };
}
