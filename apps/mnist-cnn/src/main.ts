// `node dist/main.js [options]` trains the MNIST CNN; `node dist/main.js predict digit.png`
// classifies a PNG with the saved model; `explain` draws heatmaps of what the model looks at;
// `augment-experiment` compares training on few images with and without augmentation. `--help`
// lists the options.
import path from 'node:path';
import { CliError } from '@glia/app-support';
import { formatAugmentExperiment, runAugmentExperiment } from './augment-experiment';
import { type Command, DEFAULT_TRAIN_OPTIONS, parseCli, USAGE } from './cli-options';
import { explainDigits, formatExplanations } from './explain';
import { formatPrediction, predictPng } from './predict';
import { formatConfusionTable } from './report/confusion-matrix';
import { trainMnistCnn } from './train';

function formatSeconds(seconds: number): string {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${(seconds % 60).toFixed(0)} s`
    : `${seconds.toFixed(1)} s`;
}

async function run(command: Command): Promise<void> {
  if (command.command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command.command === 'predict') {
    const result = await predictPng(command.options);
    console.log(formatPrediction(command.options.image, result));
    return;
  }
  if (command.command === 'explain') {
    const result = await explainDigits(command.options);
    console.log(`backend: ${result.backend}`);
    console.log(formatExplanations(result));
    return;
  }
  if (command.command === 'augment-experiment') {
    const result = await runAugmentExperiment(command.options);
    console.log(`\n${formatAugmentExperiment(result)}`);
    return;
  }
  const options = command.options;
  const seedRun =
    options.epochs === DEFAULT_TRAIN_OPTIONS.epochs &&
    options.batchSize === DEFAULT_TRAIN_OPTIONS.batchSize &&
    options.validationSplit === 0 &&
    options.limit === undefined;
  console.log(
    `MNIST CNN: ${options.epochs} epoch${options.epochs === 1 ? '' : 's'}, batch size ${options.batchSize}, ${options.validationSplit > 0 ? `validation split ${options.validationSplit}` : 'no validation split'}, seed ${options.seed}${options.limit === undefined ? '' : `, limit ${options.limit}`}${seedRun ? ' (the seed program as written: Keras defaults, Adam, sparse categorical cross-entropy)' : ' (not the seed program: it runs with the defaults)'}`,
  );
  const result = await trainMnistCnn(options);
  console.log(
    `\ntest: loss ${result.test.loss.toFixed(4)}, accuracy ${(100 * result.test.accuracy).toFixed(2)}% on ${result.sizes.test} images`,
  );
  console.log('\nconfusion matrix (rows: true digit, columns: predicted):');
  console.log(formatConfusionTable(result.confusion));
  console.log(
    `\nepoch times: ${result.epochSeconds.map((s, i) => `${i + 1}: ${formatSeconds(s)}`).join(', ')}`,
  );
  console.log(
    `wall time: ${formatSeconds(result.wallSeconds)} (training ${formatSeconds(result.fitSeconds)})`,
  );
  console.log(`model:            ${result.paths.model} (+ ${result.paths.weights})`);
  console.log(`ONNX model:       ${result.paths.onnx}`);
  console.log(`training curves:  ${result.paths.curves}`);
  console.log(`confusion matrix: ${result.paths.confusionSvg} (+ ${result.paths.confusionText})`);
  const entry = path.relative(process.cwd(), process.argv[1] ?? 'dist/main.js');
  console.log(`classify a PNG:   node ${entry} predict digit.png --model ${result.paths.model}`);
}

try {
  await run(parseCli(process.argv.slice(2)));
} catch (e) {
  if (e instanceof CliError) {
    console.error(`mnist-cnn: ${e.message}\nRun with --help for the options.`);
    process.exitCode = 2;
  } else {
    console.error(`mnist-cnn: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
