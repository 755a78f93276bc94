// `node dist/main.js mnist` trains the row-by-row LSTM on MNIST; `node dist/main.js forecast` trains
// the GRU forecaster on a synthetic series. `--help` lists the options.
import { CliError } from '@glia/app-support';
import { type Command, parseCli, USAGE } from './cli-options';
import { trainForecaster } from './forecast';
import { trainMnistLstm } from './mnist-lstm';

async function run(command: Command): Promise<void> {
  if (command.command === 'help') {
    console.log(USAGE);
    return;
  }
  const options = command.options;
  if (command.command === 'mnist') {
    const result = await trainMnistLstm(options);
    console.log(
      `\ntest: loss ${result.test.loss.toFixed(4)}, accuracy ${(100 * result.test.accuracy).toFixed(2)}% on ${result.sizes.test} sequences (training ${result.fitSeconds.toFixed(1)} s)`,
    );
    console.log(`training curves: ${result.paths.curves}`);
    return;
  }
  const result = await trainForecaster(options);
  console.log(
    `\ntest MSE: GRU ${result.mse.gru.toFixed(5)}, last-value baseline ${result.mse.lastValue.toFixed(5)} over ${result.sizes.test} steps (training ${result.fitSeconds.toFixed(1)} s)`,
  );
  console.log(`forecast plot: ${result.paths.plot}`);
}

try {
  await run(parseCli(process.argv.slice(2)));
} catch (e) {
  if (e instanceof CliError) {
    console.error(`rnn: ${e.message}\nRun with --help for the options.`);
    process.exitCode = 2;
  } else {
    console.error(`rnn: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
