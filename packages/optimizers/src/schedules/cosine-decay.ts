import { checkOptions } from '@glia/core';
import { NON_NEGATIVE, POSITIVE, UNIT_INTERVAL } from '../hyperparameters';
import { declareSchedule, integerFrom, numberIn, optional } from './declare-schedule';

/** Options of `cosineDecay` (Keras `CosineDecay`). */
export interface CosineDecayOptions {
  initialLearningRate: number;
  /** Steps over which the rate falls from its peak to `alpha ·` peak. */
  decaySteps: number;
  /** The final rate as a fraction of the peak; default 0. */
  alpha?: number;
  /** With `warmupSteps`: rise linearly from `initialLearningRate` to this first. */
  warmupTarget?: number;
  /** Steps of linear warm-up before the decay; default 0. */
  warmupSteps?: number;
}

/** The fields of a `CosineDecay`: its options, defaults filled in. */
interface CosineDecayFields extends Required<Omit<CosineDecayOptions, 'warmupTarget'>> {
  warmupTarget: number | undefined;
}

/**
 * Half a cosine from the peak down to `alpha ·` peak over `decaySteps`, then flat (Keras
 * `CosineDecay`, including its optional linear warm-up to `warmupTarget`):
 * `peak · ((1 - alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)`.
 *
 * ```ts
 * const opt = adam(cosineDecay(1e-3, 5000, 0.1)); // 1e-3 down to 1e-4
 * ```
 */
export class CosineDecay extends declareSchedule<CosineDecayFields, [options: CosineDecayOptions]>({
  className: 'CosineDecay',
  arguments: {
    initialLearningRate: { configKey: 'initial_learning_rate', check: numberIn(NON_NEGATIVE) },
    decaySteps: { configKey: 'decay_steps', check: numberIn(POSITIVE) },
    alpha: { configKey: 'alpha', default: 0, check: numberIn(UNIT_INTERVAL) },
    // Keras writes null for no warm-up target.
    warmupTarget: {
      configKey: 'warmup_target',
      check: optional(numberIn(NON_NEGATIVE)),
      write: (v) => v ?? null,
    },
    warmupSteps: { configKey: 'warmup_steps', default: 0, check: integerFrom(0) },
  },
  droppedConfigKeys: ['name'],
}) {
  valueAt(step: number): number {
    this.checkStep(step);
    let peak = this.initialLearningRate;
    if (this.warmupTarget !== undefined) {
      if (step < this.warmupSteps) {
        const rise = this.warmupTarget - this.initialLearningRate;
        return this.initialLearningRate + (rise * step) / this.warmupSteps;
      }
      peak = this.warmupTarget;
      step -= this.warmupSteps;
    }
    const t = Math.min(step, this.decaySteps) / this.decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * t));
    return peak * ((1 - this.alpha) * cosine + this.alpha);
  }
}

/** `new CosineDecay(...)`: see {@link CosineDecay}. Positional or options form. */
export function cosineDecay(options: CosineDecayOptions): CosineDecay;
export function cosineDecay(
  initialLearningRate: number,
  decaySteps: number,
  alpha?: number,
): CosineDecay;
export function cosineDecay(
  a: number | CosineDecayOptions,
  decaySteps?: number,
  alpha?: number,
): CosineDecay {
  if (typeof a === 'object' && a !== null) {
    checkOptions(
      'cosineDecay',
      'cosineDecay({ initialLearningRate, decaySteps, alpha?, warmupTarget?, warmupSteps? }) or cosineDecay(initialLearningRate, decaySteps, alpha?)',
      a,
      // The options are the declared arguments (CosineDecayFields has every key of the options).
      Object.keys(CosineDecay.definition.arguments),
    );
    return new CosineDecay(a);
  }
  return new CosineDecay({ initialLearningRate: a, decaySteps: decaySteps as number, alpha });
}
