// The command line of `node dist/main.js mnist|forecast [options]`.
import {
  CliError,
  integerOption,
  nonEmptyOption,
  parseCommandLine,
  SEED_MAX,
} from '@glia/app-support';

/** What both runs take. */
export interface RunOptions {
  /** Passes over the training data. */
  epochs: number;
  /** Examples per optimizer step. */
  batchSize: number;
  /** Seeds the weights, the shuffling and (forecast) the synthetic series. */
  seed: number;
  /** A registered backend's name; unset: the best one that starts (`glia.ready()`). */
  backend?: string;
  /**
   * mnist: train on the first `limit` training images and test on the first
   * `min(10000, floor(limit / 2))` test images. forecast: the series' length. Unset: all of MNIST;
   * a 2,000-step series.
   */
  limit?: number;
  /** Where the reports go (default `out/rnn`). */
  out: string;
}

export type Command =
  | { command: 'mnist'; options: RunOptions }
  | { command: 'forecast'; options: RunOptions }
  | { command: 'help' };

export const DEFAULT_OPTIONS: Readonly<Record<'mnist' | 'forecast', RunOptions>> = {
  mnist: { epochs: 2, batchSize: 64, seed: 42, out: 'out/rnn' },
  forecast: { epochs: 20, batchSize: 32, seed: 42, out: 'out/rnn' },
};

export const USAGE = `Usage:
  node dist/main.js mnist [options]      an LSTM reads each MNIST digit row by row (28 steps of 28 pixels)
  node dist/main.js forecast [options]   a GRU forecasts a synthetic multi-seasonal series one step ahead

Options:
  --epochs <n>        passes over the training data (default: mnist ${DEFAULT_OPTIONS.mnist.epochs}, forecast ${DEFAULT_OPTIONS.forecast.epochs})
  --batch-size <n>    examples per optimizer step (default: mnist ${DEFAULT_OPTIONS.mnist.batchSize}, forecast ${DEFAULT_OPTIONS.forecast.batchSize})
  --limit <n>         mnist: train on the first n training images (20..60000) and test on the first
                      min(10000, floor(n / 2)) test images (default: all); forecast: series length
                      (200..100000, default 2000)
  --seed <n>          seeds the weights, the shuffling and the synthetic series (default 42)
  --backend <name>    use this registered backend (default: the best one that starts)
  --out <dir>         where the reports go (default out/rnn)
  -h, --help          print this help

mnist writes out/rnn/mnist-lstm-curves.svg; forecast writes out/rnn/forecast.svg (forecast against
truth on the held-out last 20% of the series).`;

const OPTIONS = {
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  backend: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the arguments after `node dist/main.js`; throws `CliError` for anything it cannot run. */
export function parseCli(argv: readonly string[]): Command {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return { command: 'help' };
  const command = positionals[0];
  if (command !== 'mnist' && command !== 'forecast')
    throw new CliError(
      command === undefined
        ? 'a command is needed: mnist or forecast'
        : `unknown command '${command}': the commands are mnist and forecast`,
    );
  if (positionals.length > 1) throw new CliError(`unexpected argument '${positionals[1]}'`);

  const options: RunOptions = { ...DEFAULT_OPTIONS[command] };
  if (values.epochs !== undefined) options.epochs = integerOption('epochs', values.epochs, 1);
  if (values['batch-size'] !== undefined)
    options.batchSize = integerOption('batch-size', values['batch-size'], 1);
  if (values.limit !== undefined)
    options.limit =
      command === 'mnist'
        ? integerOption('limit', values.limit, 20, 60_000)
        : integerOption('limit', values.limit, 200, 100_000);
  if (values.seed !== undefined) options.seed = integerOption('seed', values.seed, 0, SEED_MAX);
  if (values.backend !== undefined) options.backend = nonEmptyOption('backend', values.backend);
  if (values.out !== undefined) options.out = nonEmptyOption('out', values.out);
  return { command, options };
}
