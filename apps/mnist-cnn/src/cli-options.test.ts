import { testLimitFor } from '@glia/app-support';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, parseCli, USAGE } from './cli-options';

describe('parseCli: training', () => {
  it('defaults to the seed program: 5 epochs, batch 32, no validation split, seed 42, everything', () => {
    expect(parseCli([])).toEqual({
      command: 'train',
      options: { epochs: 5, batchSize: 32, validationSplit: 0, seed: 42, out: 'out/mnist-cnn' },
    });
    expect(parseCli(['train'])).toEqual(parseCli([]));
  });

  it('reads every option', () => {
    expect(
      parseCli([
        '--epochs=2',
        '--batch-size',
        '64',
        '--validation-split',
        '0.1',
        '--backend',
        'cpu',
        '--limit',
        '2000',
        '--seed',
        '0',
        '--data-dir',
        'data/mnist',
        '--out',
        '/tmp/run',
      ]),
    ).toEqual({
      command: 'train',
      options: {
        epochs: 2,
        batchSize: 64,
        validationSplit: 0.1,
        backend: 'cpu',
        limit: 2000,
        seed: 0,
        dataDir: 'data/mnist',
        out: '/tmp/run',
      },
    });
  });

  it.each([
    [['--epochs', '0'], "--epochs must be an integer >= 1, got '0'"],
    [['--epochs', '2.5'], "--epochs must be an integer >= 1, got '2.5'"],
    [['--batch-size', 'lots'], "--batch-size must be an integer >= 1, got 'lots'"],
    [['--validation-split', '1'], "--validation-split must be a number in [0, 1), got '1'"],
    [['--validation-split=-0.1'], "--validation-split must be a number in [0, 1), got '-0.1'"],
    [['--validation-split', '10%'], "--validation-split must be a number in [0, 1), got '10%'"],
    [['--limit', '10'], "--limit must be an integer in 20..60000, got '10'"],
    [['--limit', '70000'], "--limit must be an integer in 20..60000, got '70000'"],
    [['--seed=-1'], "--seed must be an integer in 0..4294967295, got '-1'"],
    [['--seed', '1e3'], "--seed must be an integer in 0..4294967295, got '1e3'"],
    [['--out', ''], '--out must not be empty'],
    [['--model', 'm.json'], 'training does not take --model (a predict option)'],
    [['--epoch', '3'], "Unknown option '--epoch'"],
    [['--limit'], "Option '--limit <value>' argument missing"],
    [['--epoch'], "Unknown option '--epoch'"],
    [
      ['fit'],
      "unknown command 'fit': the commands are train (default), predict, explain and augment-experiment",
    ],
    [['--count', '2'], 'training does not take --count'],
    [['train', 'extra'], "unexpected argument 'extra'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(expect.objectContaining({ name: 'CliError', message }));
  });

  it('tests on half the limit, at most the 10,000 test images', () => {
    expect(testLimitFor(undefined)).toBeUndefined();
    expect(testLimitFor(2000)).toBe(1000);
    expect(testLimitFor(2001)).toBe(1000);
    expect(testLimitFor(60000)).toBe(10000);
  });
});

describe('parseCli: predict and help', () => {
  it('takes one PNG and an optional model', () => {
    expect(parseCli(['predict', 'digit.png'])).toEqual({
      command: 'predict',
      options: { image: 'digit.png', model: DEFAULT_MODEL_PATH },
    });
    expect(parseCli(['predict', 'd.png', '--model', 'm/model.json', '--backend', 'cpu'])).toEqual({
      command: 'predict',
      options: { image: 'd.png', model: 'm/model.json', backend: 'cpu' },
    });
    expect(DEFAULT_MODEL_PATH).toBe('out/mnist-cnn/model.json');
  });

  it('says what is missing or misplaced', () => {
    expect(() => parseCli(['predict'])).toThrow(/predict needs the PNG to classify/);
    expect(() => parseCli(['predict', 'a.png', 'b.png'])).toThrow(/predict takes one PNG, got 2/);
    expect(() => parseCli(['predict', 'a.png', '--epochs', '3'])).toThrow(
      'predict does not take --epochs (training options)',
    );
  });

  it('--help wins over everything else and the usage names every option', () => {
    expect(parseCli(['--epochs', '3', '-h'])).toEqual({ command: 'help' });
    expect(parseCli(['predict', '--help'])).toEqual({ command: 'help' });
    for (const option of [
      '--epochs',
      '--batch-size',
      '--backend',
      '--limit',
      '--seed',
      '--data-dir',
      '--out',
      '--model',
      '--help',
    ])
      expect(USAGE).toContain(option);
  });
});

describe('parseCli: explain', () => {
  it('defaults to the saved model, 4 digits, 128 steps, out/mnist-cnn-explain', () => {
    expect(parseCli(['explain'])).toEqual({
      command: 'explain',
      options: { model: DEFAULT_MODEL_PATH, count: 4, steps: 128, out: 'out/mnist-cnn-explain' },
    });
  });

  it('reads every option', () => {
    expect(
      parseCli([
        'explain',
        '--model=m/model.json',
        '--count',
        '10',
        '--steps',
        '32',
        '--out',
        '/tmp/x',
        '--backend',
        'cpu',
        '--data-dir',
        'd',
      ]),
    ).toEqual({
      command: 'explain',
      options: {
        model: 'm/model.json',
        count: 10,
        steps: 32,
        out: '/tmp/x',
        backend: 'cpu',
        dataDir: 'd',
      },
    });
  });

  it.each([
    [['explain', '--count', '0'], "--count must be an integer in 1..10000, got '0'"],
    [['explain', '--steps', 'x'], "--steps must be an integer in 1..100000, got 'x'"],
    [['explain', '--epochs', '2', '--limit', '20'], 'explain does not take --epochs, --limit'],
    [['explain', 'extra'], "unexpected argument 'extra'"],
    [['predict', 'a.png', '--count', '2'], 'predict does not take --count'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(expect.objectContaining({ name: 'CliError', message }));
  });
});

describe('parseCli: augment-experiment', () => {
  it('defaults to 1,000 training and 2,000 test images, 10 epochs, batch 64, seed 42', () => {
    expect(parseCli(['augment-experiment'])).toEqual({
      command: 'augment-experiment',
      options: { trainImages: 1000, testImages: 2000, epochs: 10, batchSize: 64, seed: 42 },
    });
  });

  it('reads every option', () => {
    expect(
      parseCli([
        'augment-experiment',
        '--train-images',
        '200',
        '--test-images=300',
        '--epochs',
        '1',
        '--batch-size',
        '16',
        '--seed',
        '3',
        '--backend',
        'cpu',
        '--data-dir',
        'd',
      ]),
    ).toEqual({
      command: 'augment-experiment',
      options: {
        trainImages: 200,
        testImages: 300,
        epochs: 1,
        batchSize: 16,
        seed: 3,
        backend: 'cpu',
        dataDir: 'd',
      },
    });
  });

  it.each([
    [
      ['augment-experiment', '--train-images', '60001'],
      "--train-images must be an integer in 1..60000, got '60001'",
    ],
    [
      ['augment-experiment', '--test-images', '0'],
      "--test-images must be an integer in 1..10000, got '0'",
    ],
    [
      ['augment-experiment', '--out', 'o', '--model', 'm'],
      'augment-experiment does not take --out, --model',
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(expect.objectContaining({ name: 'CliError', message }));
  });

  it('the usage names the commands and their options', () => {
    for (const word of [
      'explain',
      'augment-experiment',
      '--count',
      '--steps',
      '--train-images',
      '--test-images',
    ])
      expect(USAGE).toContain(word);
  });
});
