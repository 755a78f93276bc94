import { GliaError, ValueError } from '@glia/core';
import { getOptimizer, type Optimizer } from '@glia/optimizers';
import { getLoss } from '../losses/index';
import type { LossSpec } from '../losses/loss';
import { resolveMetric } from '../metrics/index';
import type { Metric } from '../metrics/metric';
import type { Sequential } from '../model/sequential';
import type { CompileArgs } from './types';

/** What `compile` settles: the objects the training loop runs with. */
export interface CompiledModel {
  optimizer: Optimizer;
  loss: LossSpec;
  metrics: Metric[];
  /** True when the last layer's activation is fused into the loss (softmax + cross-entropy). */
  fusedLogits: boolean;
  /** The arguments as given, for the saved training config. */
  args: CompileArgs;
}

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

/** Resolves optimizer, loss and metrics by name and checks they fit the model. */
export function compileModel(model: Sequential, args: CompileArgs): CompiledModel {
  if (args === null || typeof args !== 'object') {
    throw new ValueError(
      `compile: expected settings { optimizer, loss, metrics? }, got ${String(args)}`,
    );
  }
  if (model.layers.length === 0)
    throw new ValueError(`compile: model '${model.name}' has no layers: add layers first`);
  if (args.optimizer === undefined)
    throw new ValueError("compile: no optimizer: pass one, e.g. { optimizer: 'adam' }");
  if (args.loss === undefined)
    throw new ValueError("compile: no loss: pass one, e.g. { loss: 'categoricalCrossentropy' }");
  if (args.metrics !== undefined && !Array.isArray(args.metrics)) {
    throw new ValueError(
      `compile: metrics must be an array (e.g. ['accuracy']), got ${typeof args.metrics}`,
    );
  }
  if (!model.built) model.build();
  const outputShape = model.outputShape;

  // Resolve everything before changing the model, so a bad name leaves the old compile in place.
  const loss = inCompile('loss', () => getLoss(args.loss));
  const metrics = (args.metrics ?? []).map((m) =>
    inCompile('metrics', () => resolveMetric(m, { lossName: loss.name, outputShape })),
  );
  const seen = new Set<string>(['loss']);
  for (const m of metrics) {
    if (seen.has(m.name))
      throw new ValueError(
        `compile: two metrics are named '${m.name}': metric names must be unique (and not 'loss')`,
      );
    seen.add(m.name);
  }
  const optimizer = inCompile('optimizer', () => getOptimizer(args.optimizer));

  // An optimizer compile made from a name belongs to the model: free its state when replaced.
  const previous = model.compiled;
  if (previous && typeof previous.args.optimizer === 'string' && previous.optimizer !== optimizer)
    previous.optimizer.dispose();

  const last = model.layers[model.layers.length - 1]!;
  const fusedLogits = loss.fused !== undefined && last.activationName === loss.fused.activation;
  return { optimizer, loss, metrics, fusedLogits, args };
}
