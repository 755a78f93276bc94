import { ValueError } from '@glia/core';
import { Callback, type Logs } from './callback';

/** Gives the learning rate for an epoch (from 0) from the current one. */
export type LearningRateSchedule = (epoch: number, lr: number) => number;

/** Sets the optimizer's learning rate at the start of each epoch from a schedule (Keras'). */
export class LearningRateScheduler extends Callback {
  constructor(
    readonly schedule: LearningRateSchedule,
    readonly verbose: 0 | 1 = 0,
  ) {
    super();
    if (typeof schedule !== 'function')
      throw new ValueError('learningRateScheduler: expected a function (epoch, lr) => newLr');
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.model?.compiled?.optimizer;
    if (!optimizer) return;
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ValueError(
        `learningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}: expected a finite number >= 0`,
      );
    }
    optimizer.learningRate = lr;
    if (this.verbose > 0)
      console.log(`Epoch ${epoch + 1}: learningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    const optimizer = this.model?.compiled?.optimizer;
    if (optimizer && logs) logs.lr = optimizer.learningRate;
  }
}

/**
 * Sets the learning rate each epoch.
 *
 * ```ts
 * learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * ```
 */
export function learningRateScheduler(
  schedule: LearningRateSchedule,
  verbose: 0 | 1 = 0,
): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
