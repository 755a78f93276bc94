// `node dist/main.js [--model out/mnist-cnn/model.onnx] [--limit N]`: serves the MNIST CNN that
// `npm start` trained, with ONNX Runtime, over the MNIST test set.
import { serveMnist } from './serve';

function parse(args: readonly string[]): { onnx: string; limit?: number } {
  let onnx = 'out/mnist-cnn/model.onnx';
  let limit: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--model' && value) onnx = value;
    else if (flag === '--limit' && value && Number.isInteger(Number(value)) && Number(value) > 0)
      limit = Number(value);
    else {
      console.error('usage: node dist/main.js [--model out/mnist-cnn/model.onnx] [--limit N]');
      process.exit(2);
    }
    i++;
  }
  return { onnx, ...(limit !== undefined && { limit }) };
}

const options = parse(process.argv.slice(2));
const result = await serveMnist(options);
const percent = (v: number): string => `${(100 * v).toFixed(2)}%`;
console.log(`test images:             ${result.images}`);
console.log(
  `ONNX Runtime accuracy:   ${percent(result.onnxAccuracy)} (${options.onnx}, ${result.onnxSeconds.toFixed(2)} s)`,
);
console.log(`Glia evaluate accuracy:  ${percent(result.gliaAccuracy)}`);
console.log(`same predicted class:    ${result.agreeing} of ${result.images}`);
