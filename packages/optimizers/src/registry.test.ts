/** Optimizers by name and from configs written by Glia, TF.js and Keras. */
import { ValueError } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './optimizers/adam';
import { adamW } from './optimizers/adamw';
import type { RMSProp } from './optimizers/rmsprop';
import { SGD, sgd } from './optimizers/sgd';
import { getOptimizer, OPTIMIZER_NAMES, optimizerFromConfig } from './registry';
import { ExponentialDecay, scheduleFromConfig } from './schedules';

describe('getOptimizer', () => {
  it.each([
    ['sgd', 'SGD', 0.01],
    ['momentum', 'Momentum', 0.01],
    ['adam', 'Adam', 0.001],
    ['adamax', 'Adamax', 0.001],
    ['adamw', 'AdamW', 0.001],
    ['rmsprop', 'RMSProp', 0.001],
    ['adagrad', 'Adagrad', 0.001],
    ['adadelta', 'Adadelta', 0.001],
  ])("'%s' gives %s with Keras's default learning rate %d", (name, className, lr) => {
    for (const spelling of [name, name.toUpperCase(), className]) {
      const opt = getOptimizer(spelling);
      expect(opt.className).toBe(className);
      expect(opt.learningRate).toBe(lr);
    }
  });

  it("uses Keras's other defaults", () => {
    expect(getOptimizer('adam').getConfig()).toEqual({
      learning_rate: 0.001,
      beta_1: 0.9,
      beta_2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
    });
    expect(getOptimizer('adamw').getConfig()).toMatchObject({ weight_decay: 0.004 });
    expect(getOptimizer('rmsprop').getConfig()).toMatchObject({
      rho: 0.9,
      momentum: 0,
      centered: false,
    });
    expect(getOptimizer('adagrad').getConfig()).toMatchObject({ initial_accumulator_value: 0.1 });
    expect(getOptimizer('adadelta').getConfig()).toMatchObject({ rho: 0.95, epsilon: 1e-7 });
    expect(getOptimizer('momentum').getConfig()).toMatchObject({
      momentum: 0.9,
      use_nesterov: false,
    });
  });

  it('returns an optimizer as it is, and reads { class_name, config }', () => {
    const opt = sgd(0.3);
    expect(getOptimizer(opt)).toBe(opt);
    expect(getOptimizer({ class_name: 'Adam', config: { learning_rate: 0.02 } }).learningRate).toBe(
      0.02,
    );
  });

  it('lists the known names for an unknown one', () => {
    expect(OPTIMIZER_NAMES).toEqual([
      'sgd',
      'momentum',
      'adam',
      'adamw',
      'adamax',
      'rmsprop',
      'adagrad',
      'adadelta',
    ]);
    expect(() => getOptimizer('adamm')).toThrow(
      "getOptimizer: unknown optimizer 'adamm': expected one of sgd, momentum, adam, adamw, adamax, rmsprop, adagrad, adadelta (did you mean 'adam'?)",
    );
    expect(() => getOptimizer('adamm')).toThrow(ValueError);
    // own keys only: names of Object.prototype's members are unknown names like any other
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => getOptimizer(name)).toThrow(`getOptimizer: unknown optimizer '${name}'`);
      expect(() => optimizerFromConfig(name, {})).toThrow(
        `optimizerFromConfig: unknown optimizer class '${name}'`,
      );
      expect(() => scheduleFromConfig(name, {})).toThrow(
        `scheduleFromConfig: unknown schedule class '${name}'`,
      );
    }
    expect(() => getOptimizer(3 as never)).toThrow(ValueError);
  });
});

describe('optimizerFromConfig', () => {
  it('reads what getConfig writes', () => {
    const opt = adamW({
      learningRate: 0.01,
      weightDecay: 0.02,
      beta1: 0.8,
      amsgrad: true,
      clipNorm: 2,
    });
    const back = optimizerFromConfig(opt.className, JSON.parse(JSON.stringify(opt.getConfig())));
    expect(back.className).toBe('AdamW');
    expect(back.getConfig()).toEqual(opt.getConfig());
  });

  it("reads TF.js's camelCase configs", () => {
    const opt = optimizerFromConfig('RMSProp', {
      learningRate: 0.01,
      decay: 0.8,
      momentum: 0.1,
      epsilon: 1e-6,
      centered: true,
    }) as RMSProp;
    expect([opt.rho, opt.momentum, opt.epsilon, opt.centered]).toEqual([0.8, 0.1, 1e-6, true]);
    const m = optimizerFromConfig('Momentum', {
      learningRate: 0.1,
      momentum: 0.5,
      useNesterov: true,
    });
    expect(m.getConfig()).toEqual({ learning_rate: 0.1, momentum: 0.5, use_nesterov: true });
  });

  it("reads a Keras 3 config, unused base keys and all, and Keras's class names", () => {
    const keras = {
      name: 'adam',
      learning_rate: 0.0005,
      weight_decay: null,
      clipnorm: null,
      global_clipnorm: 1.5,
      clipvalue: null,
      use_ema: false,
      ema_momentum: 0.99,
      ema_overwrite_frequency: null,
      loss_scale_factor: null,
      gradient_accumulation_steps: null,
      beta_1: 0.85,
      beta_2: 0.995,
      epsilon: 1e-7,
      amsgrad: false,
    };
    const opt = optimizerFromConfig('Adam', keras) as Adam;
    expect([opt.learningRate, opt.beta1, opt.beta2, opt.clipping.globalClipNorm]).toEqual([
      0.0005, 0.85, 0.995, 1.5,
    ]);
    expect(optimizerFromConfig('RMSprop', { learning_rate: 0.01, rho: 0.8 }).className).toBe(
      'RMSProp',
    );
    const s = optimizerFromConfig('SGD', {
      learning_rate: 0.1,
      momentum: 0.9,
      nesterov: true,
    }) as SGD;
    expect([s.momentum, s.nesterov]).toEqual([0.9, true]);
  });

  it("reads a schedule as learning_rate, in Keras's serialised form", () => {
    const opt = optimizerFromConfig('Adam', {
      learning_rate: {
        module: 'keras.optimizers.schedules',
        class_name: 'ExponentialDecay',
        config: {
          initial_learning_rate: 0.1,
          decay_steps: 10,
          decay_rate: 0.5,
          staircase: true,
          name: 'ExponentialDecay',
        },
        registered_name: null,
      },
    });
    expect(opt.schedule).toBeInstanceOf(ExponentialDecay);
    expect(opt.learningRate).toBe(0.1);
  });

  it('rejects unknown classes and keys, prototype keys, unsupported features and conflicts', () => {
    expect(() => optimizerFromConfig('Lion', {})).toThrow(
      /optimizerFromConfig: unknown optimizer class 'Lion': expected one of SGD, Momentum, Adam/,
    );
    expect(() => optimizerFromConfig('Adam', { learning_rate: 0.1, beta_3: 0.5 })).toThrow(
      /optimizerFromConfig\(Adam\): unknown config key "beta_3"/,
    );
    expect(() => optimizerFromConfig('Adam', JSON.parse('{"__proto__": {"x": 1}}'))).toThrow(
      /unknown config key "__proto__"/,
    );
    expect(() => optimizerFromConfig('Adam', { use_ema: true })).toThrow(
      /optimizerFromConfig\(Adam\): use_ema = true is not supported/,
    );
    expect(() => optimizerFromConfig('Adamax', { decay: 0.1 })).toThrow(
      /decay = 0.1 is not supported/,
    );
    expect(() => optimizerFromConfig('RMSProp', { rho: 0.9, decay: 0.8 })).toThrow(ValueError);
    expect(() => optimizerFromConfig('SGD', { learning_rate: 'fast' })).toThrow(ValueError);
    expect(() => optimizerFromConfig('SGD', { learning_rate: -1 })).toThrow(
      /SGD: learningRate is -1: expected a finite number >= 0/,
    );
  });

  it('builds the classes the names say', () => {
    expect(optimizerFromConfig('adam', {})).toBeInstanceOf(Adam);
    expect(optimizerFromConfig('sgd', {})).toBeInstanceOf(SGD);
  });
});
