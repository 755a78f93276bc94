// The command line of `node dist/main.js dense|denoise [options]`.
import {
  CliError,
  integerOption,
  nonEmptyOption,
  parseCommandLine,
  SEED_MAX,
} from '@glia/app-support';

export interface RunOptions {
  /** Passes over the training images. */
  epochs: number;
  /** Examples per optimizer step. */
  batchSize: number;
  /** Seeds the weights, the shuffling and the noise. */
  seed: number;
  /** A registered backend's name; unset: the best one that starts (`glia.ready()`). */
  backend?: string;
  /**
   * Train on the first `limit` training images and test on the first `min(10000, floor(limit / 2))`
   * test images; unset: all 60,000 and 10,000.
   */
  limit?: number;
  /** Where the PNG grids go (default `out/autoencoder`). */
  out: string;
}

export type Command =
  | { command: 'dense'; options: RunOptions }
  | { command: 'denoise'; options: RunOptions }
  | { command: 'unet'; options: RunOptions }
  | { command: 'help' };

export const DEFAULT_OPTIONS: Readonly<RunOptions> = {
  epochs: 10,
  batchSize: 128,
  seed: 42,
  out: 'out/autoencoder',
};

export const USAGE = `Usage:
  node dist/main.js dense [options]     a dense 784-128-32-128-784 autoencoder on MNIST
  node dist/main.js denoise [options]   a convolutional denoising autoencoder on noisy MNIST
  node dist/main.js unet [options]      a U-Net denoiser (skip connections, functional API)

Options:
  --epochs <n>        passes over the training images (default ${DEFAULT_OPTIONS.epochs})
  --batch-size <n>    examples per optimizer step (default ${DEFAULT_OPTIONS.batchSize})
  --limit <n>         train on the first n training images (20..60000) and test on the first
                      min(10000, floor(n / 2)) test images (default: all 60000 and 10000)
  --seed <n>          seeds the weights, the shuffling and the noise (default ${DEFAULT_OPTIONS.seed})
  --backend <name>    use this registered backend (default: the best one that starts)
  --out <dir>         where the PNG grids go (default ${DEFAULT_OPTIONS.out})
  -h, --help          print this help

dense writes dense-reconstructions.png (rows: originals, reconstructions); denoise writes
denoise-reconstructions.png and unet unet-reconstructions.png (rows: originals, noisy inputs,
reconstructions).`;

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
  if (command !== 'dense' && command !== 'denoise' && command !== 'unet')
    throw new CliError(
      command === undefined
        ? 'a command is needed: dense, denoise or unet'
        : `unknown command '${command}': the commands are dense, denoise and unet`,
    );
  if (positionals.length > 1) throw new CliError(`unexpected argument '${positionals[1]}'`);

  const options: RunOptions = { ...DEFAULT_OPTIONS };
  if (values.epochs !== undefined) options.epochs = integerOption('epochs', values.epochs, 1);
  if (values['batch-size'] !== undefined)
    options.batchSize = integerOption('batch-size', values['batch-size'], 1);
  if (values.limit !== undefined) options.limit = integerOption('limit', values.limit, 20, 60_000);
  if (values.seed !== undefined) options.seed = integerOption('seed', values.seed, 0, SEED_MAX);
  if (values.backend !== undefined) options.backend = nonEmptyOption('backend', values.backend);
  if (values.out !== undefined) options.out = nonEmptyOption('out', values.out);
  return { command, options };
}
