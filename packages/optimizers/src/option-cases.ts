// Every optimizer's options (through its class; the factories pass an options object straight to
// it) and cosineDecay's, called with a misspelt key and with a number where the options go. Run by
// option-checks.test.ts and by the reliability suite (class 6, model API options).
import { type OptionCase, optionCasesOf } from '@glia/core/testing';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  adam,
  CosineDecay,
  cosineDecay,
  Momentum,
  RMSProp,
  SGD,
  StepDecay,
} from './index';

export function optimizerOptionCases(): OptionCase[] {
  const options = <T>(o: unknown): T => o as T;
  const cases = optionCasesOf([
    { api: 'SGD', misspelt: ['nesterof', 'nesterov'], call: (o) => new SGD(options(o)) },
    { api: 'Adam', misspelt: ['beta_1', 'beta1'], call: (o) => new Adam(options(o)) },
    { api: 'AdamW', misspelt: ['weight_decay', 'weightDecay'], call: (o) => new AdamW(options(o)) },
    { api: 'Adamax', misspelt: ['epsilon_', 'epsilon'], call: (o) => new Adamax(options(o)) },
    {
      api: 'Adagrad',
      misspelt: ['learningrate', 'learningRate'],
      call: (o) => new Adagrad(options(o)),
    },
    { api: 'Adadelta', misspelt: ['rhoo', 'rho'], call: (o) => new Adadelta(options(o)) },
    { api: 'RMSProp', misspelt: ['centred', 'centered'], call: (o) => new RMSProp(options(o)) },
    {
      api: 'Momentum',
      misspelt: ['use_nesterov', 'useNesterov'],
      call: (o) => new Momentum(options(o)),
    },
    {
      api: 'cosineDecay',
      misspelt: ['decay_steps', 'decaySteps'],
      required: { initialLearningRate: 0.1, decaySteps: 10 },
      positional: true,
      call: (o) => cosineDecay(options(o)),
    },
    {
      api: 'CosineDecay',
      misspelt: ['warmup_steps', 'warmupSteps'],
      required: { initialLearningRate: 0.1, decaySteps: 10 },
      call: (o) => new CosineDecay(options(o)),
    },
  ]);
  const newStepDecay = StepDecay as unknown as new (...args: unknown[]) => unknown;
  const tooMany = adam as unknown as (...args: unknown[]) => unknown;
  return [
    ...cases,
    {
      api: 'Adam',
      title: 'adam: amsgrad passed positionally, past TF.js order',
      run: () => tooMany(0.01, 0.9, 0.999, 1e-7, true),
      message:
        /^Adam: got 5 arguments: expected \(learningRate, beta1, beta2, epsilon\) or one options object$/,
    },
    {
      api: 'Adam',
      title: 'adam: an argument after the options object',
      run: () => tooMany({ learningRate: 0.01 }, 0.9),
      message: /^Adam: got 2 arguments: expected \(learningRate, .*\) or one options object$/,
    },
    {
      api: 'StepDecay',
      title: 'new StepDecay: a fourth positional argument',
      run: () => new newStepDecay(0.1, 100, 0.5, 'staircase'),
      message: /^StepDecay: got 4 arguments, expected at most 3: new StepDecay\(/,
    },
  ];
}
