/** Learning-rate schedules against hand-computed values, in optimizers, and serialised. */
import { tensor, ValueError } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { sgd } from './optimizers/sgd';
import {
  CosineDecay,
  cosineDecay,
  exponentialDecay,
  type LearningRateSchedule,
  linearWarmup,
  piecewiseConstantDecay,
  scheduleFromConfig,
  serializeSchedule,
  stepDecay,
} from './schedules';

describe('values', () => {
  // Each schedule's learning rate at some steps (step: rate), computed by hand from its formula.
  it.each<[string, LearningRateSchedule, Record<number, number>]>([
    [
      'stepDecay(0.1, 10, 0.5) halves every 10 steps',
      stepDecay(0.1, 10, 0.5),
      { 0: 0.1, 9: 0.1, 10: 0.05, 19: 0.05, 25: 0.025 },
    ],
    [
      'exponentialDecay(0.1, 10, 0.5) is smooth',
      exponentialDecay(0.1, 10, 0.5),
      { 0: 0.1, 5: 0.1 * Math.SQRT1_2, 10: 0.05, 30: 0.0125 },
    ],
    [
      'exponentialDecay(0.1, 10, 0.5, true) is floored (staircase)',
      exponentialDecay(0.1, 10, 0.5, true),
      { 5: 0.1, 10: 0.05, 15: 0.05 },
    ],
    [
      'cosineDecay(1, 100, 0.1): half a cosine from 1 to 0.1, then flat',
      cosineDecay(1, 100, 0.1),
      { 0: 1, 50: 0.9 * 0.5 + 0.1, 100: 0.1, 150: 0.1 },
    ],
    [
      "cosineDecay with Keras's warm-up: up from 0 to 1 in 10 steps, then the cosine",
      cosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 1, warmupSteps: 10 }),
      { 0: 0, 5: 0.5, 10: 1, 60: 0.5, 110: 0 },
    ],
    [
      'linearWarmup(10, 0.1) rises to a constant',
      linearWarmup(10, 0.1),
      { 0: 0, 5: 0.05, 10: 0.1, 100: 0.1 },
    ],
    [
      'linearWarmup(4, exponentialDecay(0.1, 1, 0.5), 0.02) rises to where the schedule starts, then follows it',
      linearWarmup(4, exponentialDecay(0.1, 1, 0.5), 0.02),
      { 0: 0.02, 2: 0.06, 4: 0.1, 5: 0.05, 6: 0.025 },
    ],
    [
      'piecewiseConstantDecay: values[i] while step <= boundaries[i]',
      piecewiseConstantDecay([10, 20], [1, 0.5, 0.1]),
      { 0: 1, 10: 1, 11: 0.5, 20: 0.5, 21: 0.1 },
    ],
  ])('%s', (_, schedule, rates) => {
    for (const [step, lr] of Object.entries(rates)) {
      expect(schedule.valueAt(Number(step)), `step ${step}`).toBeCloseTo(lr, 12);
    }
  });
});

describe('in an optimizer', () => {
  it('is read at `iterations` before each step: sgd(stepDecay(1, 1, 0.5)) with grad 1', () => {
    const opt = sgd(stepDecay(1, 1, 0.5));
    const x = tensor([0]);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push(opt.learningRate);
      opt.applyGradients([{ name: 'x', param: x, grad: tensor([1]) }]);
    }
    expect(seen).toEqual([1, 0.5, 0.25]);
    expect(x.dataSync()[0]).toBeCloseTo(-1.75, 6);
    expect(opt.learningRate).toBe(0.125);
  });

  it('cannot be overwritten through learningRate (as in Keras)', () => {
    const opt = sgd(stepDecay(1, 1));
    expect(() => {
      opt.learningRate = 0.1;
    }).toThrow(/SGD: the learning rate follows a StepDecay schedule and cannot be set/);
  });

  it('can be given as `schedule`, but not together with learningRate', () => {
    expect(sgd({ schedule: stepDecay(1, 1) }).schedule?.className).toBe('StepDecay');
    expect(() => sgd({ schedule: stepDecay(1, 1), learningRate: 0.1 })).toThrow(
      /SGD: give learningRate or schedule, not both/,
    );
  });

  it("serialises in the optimizer's config as Keras does", () => {
    expect(sgd(exponentialDecay(0.1, 10, 0.9)).getConfig().learning_rate).toEqual({
      class_name: 'ExponentialDecay',
      config: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9, staircase: false },
    });
  });
});

describe('serialisation', () => {
  const schedules = [
    stepDecay(0.1, 10, 0.5),
    exponentialDecay(0.1, 7, 0.9, true),
    cosineDecay({
      initialLearningRate: 0.01,
      decaySteps: 50,
      alpha: 0.2,
      warmupTarget: 0.1,
      warmupSteps: 5,
    }),
    linearWarmup(5, cosineDecay(0.1, 20), 0.01),
    piecewiseConstantDecay([3, 8], [0.3, 0.2, 0.1]),
  ];
  it.each(schedules.map((s) => [s.className, s] as const))('%s round-trips', (_, s) => {
    const { class_name, config } = serializeSchedule(s);
    const back = scheduleFromConfig(class_name, JSON.parse(JSON.stringify(config)));
    for (const step of [0, 1, 4, 5, 9, 30, 100]) expect(back.valueAt(step)).toBe(s.valueAt(step));
    expect(back.getConfig()).toEqual(s.getConfig());
  });

  it("reads Keras's configs, name and null warm-up included", () => {
    const s = scheduleFromConfig('CosineDecay', {
      initial_learning_rate: 0.1,
      decay_steps: 10,
      alpha: 0,
      name: 'CosineDecay',
      warmup_target: null,
      warmup_steps: 0,
    });
    expect(s).toBeInstanceOf(CosineDecay);
    expect(s.valueAt(5)).toBeCloseTo(0.05, 12);
  });
});

describe('errors', () => {
  it('rejects bad arguments, naming the schedule and the argument', () => {
    expect(() => exponentialDecay(0.1, 0, 0.5)).toThrow(
      /ExponentialDecay: decaySteps is 0: expected a finite number > 0/,
    );
    expect(() => stepDecay(Number.NaN, 1)).toThrow(/StepDecay: initialLearningRate is NaN/);
    expect(() => stepDecay(0.1, 1.5)).toThrow(
      /StepDecay: stepSize is 1.5: expected an integer >= 1/,
    );
    expect(() => cosineDecay(0.1, 10, 2)).toThrow(/CosineDecay: alpha is 2/);
    expect(() => piecewiseConstantDecay([2, 1], [1, 2, 3])).toThrow(/boundaries must increase/);
    expect(() => piecewiseConstantDecay([1], [1])).toThrow(/1 boundaries need 2 values, got 1/);
    expect(() => stepDecay(0.1, 1).valueAt(-1)).toThrow(/StepDecay.valueAt: step is -1/);
  });

  it('rejects unknown classes and keys', () => {
    expect(() => scheduleFromConfig('Nope', {})).toThrow(
      /unknown schedule class 'Nope': expected one of StepDecay, ExponentialDecay/,
    );
    expect(() =>
      scheduleFromConfig('StepDecay', { initial_learning_rate: 1, step_size: 1, power: 2 }),
    ).toThrow(ValueError);
  });
});
