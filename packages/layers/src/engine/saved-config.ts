/**
 * A saved layer config (camelCase, from `getConfig` or a model file) read back as a layer's
 * arguments: the fields every layer has are checked here, the class's own through its `fields`.
 */
import { type DType, ValueError } from '@glia/core';
import {
  BASE_FIELD_NAMES,
  type Fields,
  type FieldValues,
  readFields,
  rejectUnknownFields,
} from './config-schema';
import type { LayerArgs } from './layer-args';

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Checks the fields every layer config may carry (`LayerArgs`), in place. */
function checkBaseFields(owner: string, out: Record<string, unknown>): void {
  if (out.name !== undefined && typeof out.name !== 'string') {
    throw new ValueError(`${owner}: name must be a string, got ${JSON.stringify(out.name)}`);
  }
  if (out.trainable !== undefined && typeof out.trainable !== 'boolean') {
    throw new ValueError(
      `${owner}: trainable must be true or false, got ${JSON.stringify(out.trainable)}`,
    );
  }
  if (out.dtype !== undefined && !DTYPES.includes(out.dtype as DType)) {
    throw new ValueError(
      `${owner}: dtype ${JSON.stringify(out.dtype)}: expected float32, int32 or bool`,
    );
  }
  for (const key of ['batchInputShape', 'inputShape'] as const) {
    const shape: unknown = out[key];
    if (shape === undefined) continue;
    if (!Array.isArray(shape) || !shape.every((d) => d === null || typeof d === 'number')) {
      throw new ValueError(
        `${owner}: ${key} must be an array of numbers or null, got ${JSON.stringify(shape)}`,
      );
    }
    if (key === 'inputShape' && shape.includes(null)) {
      throw new ValueError(`${owner}: inputShape ${JSON.stringify(shape)} must hold numbers`);
    }
  }
  const batchSize = out.batchSize;
  if (batchSize === null) delete out.batchSize;
  else if (
    batchSize !== undefined &&
    (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0)
  ) {
    throw new ValueError(
      `${owner}: batchSize must be a positive integer, got ${JSON.stringify(batchSize)}`,
    );
  }
}

/**
 * A saved config as the arguments of the layer class `cls`: the base fields checked, every other
 * field read through `cls.fields` (unknown ones are errors naming the field, `null`-only ones must
 * be null). The constructor then reads the result as it reads a user's arguments.
 */
export function readSavedConfig<F extends Fields>(
  cls: { readonly className: string; readonly fields?: F },
  config: Record<string, unknown>,
): LayerArgs & FieldValues<F> {
  const fields = cls.fields ?? ({} as F);
  const owner = `${cls.className}.fromConfig`;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValueError(`${owner}: expected a config object, got ${JSON.stringify(config)}`);
  }
  rejectUnknownFields(owner, fields, config, 'config field');
  const base: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (BASE_FIELD_NAMES.includes(key)) base[key] = value;
    else own[key] = value;
  }
  checkBaseFields(owner, base);
  return { ...base, ...readFields(owner, fields, own) };
}
