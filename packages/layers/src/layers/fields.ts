/**
 * The field kinds layer configs are made of (see engine/config-schema.ts): each pairs the check a
 * constructor runs with the form `getConfig` writes.
 */
import { ValueError } from '@glia/core';
import type { Activation, ActivationIdentifier } from '../activations/activation';
import type { Field } from '../engine/config-schema';
import { serializeInitializer } from '../initializers/get-initializer';
import type { Initializer, InitializerIdentifier } from '../initializers/initializer';
import { serializeRegularizer } from '../regularizers/get-regularizer';
import type { Regularizer } from '../regularizers/regularizer';
import {
  activationArg,
  bool,
  channelsLast,
  type InitializerArg,
  initializerArg,
  numberIn,
  positiveInt,
  type RegularizerArg,
  regularizerArg,
} from './layer-utils';

/** A required positive integer (`units`, `filters`). */
export const positiveIntField = (): Field<number> => ({
  read: (v, owner, key) => positiveInt(owner, key, v),
});

/** A positive integer with a default. */
export const positiveIntOr = (fallback: number): Field<number> => ({
  read: (v, owner, key) => positiveInt(owner, key, v ?? fallback),
});

/** true or false, `fallback` when absent. */
export const boolField = (fallback: boolean): Field<boolean> => ({
  read: (v, owner, key) => bool(owner, key, v, fallback),
});

/** A finite number in a range; `fallback` when absent (`undefined`: required). */
export function numberField(
  fallback: number | undefined,
  range: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
): Field<number> {
  return {
    read: (v, owner, key) =>
      numberIn(
        owner,
        key,
        v === undefined && fallback === undefined ? null : v,
        fallback ?? 0,
        range,
      ),
  };
}

/** An integer (an axis, which may count from the end); `fallback` when absent. */
export const integerField = (fallback: number): Field<number> => ({
  read: (v, owner, key) => {
    const n = v ?? fallback;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new ValueError(`${owner}: ${key} must be an integer, got ${JSON.stringify(v)}`);
    }
    return n;
  },
});

/** A finite number or null (none); `null` when absent. */
export function optionalNumberField(range: { min?: number } = {}): Field<number | null> {
  return {
    read: (v, owner, key) =>
      v === undefined || v === null ? null : numberIn(owner, key, v, 0, range),
  };
}

/** One of a few strings. */
export function oneOfField<const S extends string>(values: readonly S[], fallback: S): Field<S> {
  return {
    read: (v, owner, key) => {
      if (v === undefined) return fallback;
      if (!values.includes(v as S)) {
        if (values.length === 1) {
          throw new ValueError(
            `${owner}: ${key} ${JSON.stringify(v)} is not supported: expected '${values[0]}'`,
          );
        }
        throw new ValueError(
          `${owner}: ${key} must be ${values.map((s) => `'${s}'`).join(' or ')}, got ${JSON.stringify(v)}`,
        );
      }
      return v as S;
    },
  };
}

/** 'valid' or 'same' (default 'valid'). */
export const paddingField = (): Field<'valid' | 'same'> => oneOfField(['valid', 'same'], 'valid');

/** Only channels-last data, as everywhere in Glia. */
export const channelsLastField = (): Field<'channelsLast'> => ({
  read: (v, owner) => channelsLast(owner, v),
});

/**
 * `n` positive integers; a number means all equal (`kernelSize: 3`). `fallback` when absent or
 * null (`undefined`: required; a function: computed from the others, see `strides`).
 */
export function intTupleField<N extends 1 | 2>(
  n: N,
  fallback?: number,
): Field<N extends 1 ? [number] : [number, number]> {
  type Tuple = N extends 1 ? [number] : [number, number];
  return {
    read: (v, owner, key) => {
      if (v === undefined || v === null) {
        if (fallback === undefined) {
          throw new ValueError(
            `${owner}: ${key} is required (a positive integer${n > 1 ? ' or a pair of them' : ''})`,
          );
        }
        return Array.from({ length: n }, () => fallback) as Tuple;
      }
      const tuple = typeof v === 'number' ? Array.from({ length: n }, () => v) : v;
      if (
        !Array.isArray(tuple) ||
        tuple.length !== n ||
        !tuple.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)
      ) {
        throw new ValueError(
          `${owner}: ${key} must be a positive integer${n > 1 ? ' or a pair of them' : ' (or an array of one)'}, got ${JSON.stringify(v)}`,
        );
      }
      return [...tuple] as Tuple;
    },
  };
}

/** An activation, written by name; none ('linear') by default. */
export function activationField(
  fallback?: ActivationIdentifier,
): Field<Activation> & { write(a: Activation): string } {
  return {
    read: (v, owner) =>
      activationArg(owner, (v ?? fallback) as ActivationIdentifier | null | undefined),
    write: (a) => a.name,
  };
}

/** An initializer, written as `{className, config}`. */
export const initializerField = (fallback: InitializerIdentifier): Field<Initializer> => ({
  read: (v, owner, key) => initializerArg(owner, key, v as InitializerArg | undefined, fallback),
  write: (init) => serializeInitializer(init),
});

/** A regularizer or none, written as `{className, config}` or null. */
export const regularizerField = (): Field<Regularizer | undefined> => ({
  read: (v, owner, key) => regularizerArg(owner, key, v as RegularizerArg | undefined),
  write: (r) => (r ? serializeRegularizer(r) : null),
});

/**
 * A Keras field Glia does not implement (constraints, activity regularizers, `noiseShape` where
 * unsupported), accepted only as `null`; written as null so the file reads in TF.js.
 */
export const nullOnlyField = (): Field<null> & { readonly placeholder: true } => ({
  placeholder: true,
  read: (v, owner, key) => {
    if (v !== null && v !== undefined) {
      throw new ValueError(`${owner}: ${key} ${JSON.stringify(v)} is not supported: expected null`);
    }
    return null;
  },
  write: () => null,
});

/** A seed: a finite number, or none (null, written as null). */
export const seedField = (): Field<number | undefined> => ({
  read: (v, owner, key) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`${owner}: ${key} must be a finite number, got ${JSON.stringify(v)}`);
    }
    return v;
  },
  write: (seed) => seed ?? null,
});

/** `field`, left out of `getConfig` while `omit(value)` holds (a field TF.js does not write). */
export function omittedWhen<T>(field: Field<T>, omit: (value: T) => boolean): Field<T> {
  return { ...field, omitWhen: omit };
}

/** `field`, left out of `getConfig` at its default `fallback` (a Keras field TF.js lacks). */
export function omittedAtDefault<T>(field: Field<T>, fallback: T): Field<T> {
  return omittedWhen(field, (v) => v === fallback);
}

/** The fields of dense and the convolutions: the kernel's and the bias's, and the activation. */
export const KERNEL_BIAS_FIELDS = {
  activation: activationField(),
  useBias: boolField(true),
  kernelInitializer: initializerField('glorotUniform'),
  biasInitializer: initializerField('zeros'),
  kernelRegularizer: regularizerField(),
  biasRegularizer: regularizerField(),
  activityRegularizer: nullOnlyField(),
  kernelConstraint: nullOnlyField(),
  biasConstraint: nullOnlyField(),
};
