import { checkOptions, GliaError, ValueError } from '@glia/core';
import { getOptimizer } from '@glia/optimizers';
import { getLoss } from '../losses/index';
import type { LossIdentifier } from '../losses/loss';
import { resolveMetric } from '../metrics/index';
import type { Metric, MetricIdentifier } from '../metrics/metric';
import type { CompiledModel, CompiledOutput, TrainableModel } from './model-api';
import { COMPILE_FORM, COMPILE_KEYS } from './options';
import type { CompileArgs } from './types';

export type { CompiledModel, CompiledOutput };

/**
 * Runs `resolve`, giving any error it throws the prefix `compile: ` (and the same class), so that
 * an unknown name reads `compile: unknown loss 'foo' ...`.
 */
function inCompile<T>(what: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    // The registries name themselves (`getLoss: unknown loss 'foo'`); the user called compile.
    const detail = e.message.replace(/^(getLoss|getOptimizer|getMetric|resolveMetric):\s*/, '');
    const message = detail.startsWith('compile') ? detail : `compile: ${what}: ${detail}`;
    const ErrorClass =
      e instanceof GliaError
        ? (e.constructor as new (
            message: string,
            options?: ErrorOptions,
          ) => Error)
        : GliaError;
    throw new ErrorClass(message, { cause: e });
  }
}

function isKeyed(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * One value per output from a setting given once for all, as an array in output order, or keyed
 * by output name; `isOne` tells a single value from a per-output form.
 */
function perOutput<T>(
  what: string,
  value: unknown,
  names: readonly string[],
  isOne: (v: unknown) => boolean,
  fallback?: T,
): T[] {
  if (isOne(value)) return names.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== names.length) {
      throw new ValueError(
        `compile: ${what} has ${value.length} entries: expected one per output (${names.join(', ')})`,
      );
    }
    return value as T[];
  }
  if (isKeyed(value)) {
    for (const key of Object.keys(value)) {
      if (!names.includes(key))
        throw new ValueError(
          `compile: ${what} names '${key}', which is not an output: the outputs are ${names.join(', ')}`,
        );
    }
    return names.map((name) => {
      if (Object.hasOwn(value, name)) return value[name] as T;
      if (fallback !== undefined) return fallback;
      throw new ValueError(`compile: ${what} has no entry for output '${name}'`);
    });
  }
  throw new ValueError(
    `compile: ${what} must be given once, as an array (one per output) or an object keyed by output name`,
  );
}

/** A single loss (anything but an array or a name-keyed object); getLoss judges the rest. */
const isLoss = (v: unknown): boolean =>
  !Array.isArray(v) && !(isKeyed(v) && typeof v.fn !== 'function');

/** The metrics of each output: a flat list applies to all, else one list per output. */
function metricsPerOutput(
  metrics: CompileArgs['metrics'],
  names: readonly string[],
): MetricIdentifier[][] {
  if (metrics === undefined) return names.map(() => []);
  if (Array.isArray(metrics)) {
    if (metrics.length > 0 && metrics.every((m) => Array.isArray(m)))
      return perOutput<MetricIdentifier[]>('metrics', metrics, names, () => false);
    if (metrics.some((m) => Array.isArray(m)))
      throw new ValueError(
        'compile: metrics mixes lists and single metrics: give a flat list, or one list per output',
      );
    return names.map(() => metrics as MetricIdentifier[]);
  }
  if (isKeyed(metrics)) {
    return perOutput<MetricIdentifier | MetricIdentifier[]>(
      'metrics',
      metrics,
      names,
      () => false,
      [],
    ).map((m) => (Array.isArray(m) ? m : [m]));
  }
  throw new ValueError(
    `compile: metrics must be an array (e.g. ['accuracy']) or an object keyed by output name, got ${typeof metrics}`,
  );
}

/** Resolves optimizer, losses and metrics by name and checks they fit the model's outputs. */
export function compileModel(model: TrainableModel, args: CompileArgs): CompiledModel {
  checkOptions('compile', COMPILE_FORM, args, COMPILE_KEYS);
  const names = model.outputNames;
  if (names.length === 0)
    throw new ValueError(`compile: model '${model.name}' has no layers: add layers first`);
  if (args.optimizer === undefined)
    throw new ValueError("compile: no optimizer: pass one, e.g. { optimizer: 'adam' }");
  if (args.loss === undefined)
    throw new ValueError("compile: no loss: pass one, e.g. { loss: 'categoricalCrossentropy' }");
  if (args.metrics !== undefined && !Array.isArray(args.metrics) && !isKeyed(args.metrics)) {
    throw new ValueError(
      `compile: metrics must be an array (e.g. ['accuracy']), got ${typeof args.metrics}`,
    );
  }

  // Resolve everything before changing the model, so a bad name leaves the old compile in place.
  const lossIds = perOutput<LossIdentifier>('loss', args.loss, names, isLoss);
  const losses = lossIds.map((id) => inCompile('loss', () => getLoss(id)));
  const weights =
    args.lossWeights === undefined
      ? names.map(() => 1)
      : perOutput<number>('lossWeights', args.lossWeights, names, () => false, 1);
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new ValueError(
        `compile: lossWeights for output '${names[i]}' is ${String(w)}: expected a finite number >= 0`,
      );
  });
  const metricIds = metricsPerOutput(args.metrics, names);
  const activations = model.fusableActivations();
  const seenObjects = new Set<unknown>();
  const outputs: CompiledOutput[] = names.map((name, i) => {
    const loss = losses[i]!;
    const outputShape = model.outputShapes[i]!;
    const metrics: Metric[] = metricIds[i]!.map((m) => {
      if (typeof m === 'object' && m !== null) {
        if (seenObjects.has(m))
          throw new ValueError(
            'compile: one Metric object serves two outputs: give each output its own (or a name)',
          );
        seenObjects.add(m);
      }
      return inCompile('metrics', () => resolveMetric(m, { lossName: loss.name, outputShape }));
    });
    const seen = new Set<string>(['loss']);
    for (const m of metrics) {
      if (seen.has(m.name))
        throw new ValueError(
          `compile: two metrics are named '${m.name}': metric names must be unique (and not 'loss')`,
        );
      seen.add(m.name);
    }
    const fusedLogits = loss.fused !== undefined && activations[i] === loss.fused.activation;
    return { name, loss, metrics, fusedLogits, weight: weights[i]! };
  });
  const optimizer = inCompile('optimizer', () => getOptimizer(args.optimizer));

  // An optimizer compile made from a name belongs to the model: free its state when replaced.
  const previous = model.compiled;
  if (previous && typeof previous.args.optimizer === 'string' && previous.optimizer !== optimizer)
    previous.optimizer.dispose();
  return { optimizer, outputs, args };
}
