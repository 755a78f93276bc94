// `node dist/main.js dense` trains the dense autoencoder; `node dist/main.js denoise` the
// convolutional denoising one. `--help` lists the options.
import { CliError } from '@glia/app-support';
import { type Command, parseCli, USAGE } from './cli-options';
import { trainAutoencoder } from './train';

async function run(command: Command): Promise<void> {
  if (command.command === 'help') {
    console.log(USAGE);
    return;
  }
  const result = await trainAutoencoder(command.command, command.options);
  const { mse } = result;
  console.log(
    `\ntest reconstruction MSE ${mse.reconstruction.toFixed(5)} on ${result.sizes.test} images (mean image: ${mse.meanImage.toFixed(5)}${mse.noisyInput === undefined ? '' : `, noisy input: ${mse.noisyInput.toFixed(5)}`}); training ${result.fitSeconds.toFixed(1)} s`,
  );
  console.log(`grid: ${result.paths.grid}`);
}

try {
  await run(parseCli(process.argv.slice(2)));
} catch (e) {
  if (e instanceof CliError) {
    console.error(`autoencoder: ${e.message}\nRun with --help for the options.`);
    process.exitCode = 2;
  } else {
    console.error(`autoencoder: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
