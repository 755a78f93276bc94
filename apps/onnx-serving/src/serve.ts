// Runs an exported model.onnx in ONNX Runtime over the MNIST test images, and the same model as
// Glia saved it (model.json beside it) through Glia's evaluate, so the two accuracies sit side by side.
import path from 'node:path';
import * as glia from 'glia';
import * as ort from 'onnxruntime-node';

export interface ServeOptions {
  /** The exported model (default `out/mnist-cnn/model.onnx`, where `npm start` writes it). */
  onnx: string;
  /** The Glia model to compare with (default: model.json beside the ONNX file). */
  gliaModel?: string;
  /** Only the first `limit` test images. */
  limit?: number;
  /** Images per ONNX Runtime call (default 256). */
  batchSize?: number;
}

export interface ServeResult {
  images: number;
  onnxAccuracy: number;
  gliaAccuracy: number;
  /** Test images where both predict the same class. */
  agreeing: number;
  onnxSeconds: number;
}

/** The index of the largest of each row of `scores` ([rows, classes]). */
function argMaxRows(scores: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < scores.length / classes; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (scores[r * classes + c]! > scores[r * classes + best]!) best = c;
    out.push(best);
  }
  return out;
}

export async function serveMnist(options: ServeOptions): Promise<ServeResult> {
  const batchSize = options.batchSize ?? 256;
  const gliaModelPath = options.gliaModel ?? path.join(path.dirname(options.onnx), 'model.json');
  await glia.ready();
  const data = await glia.loadMnist({ limit: { train: 0, test: options.limit ?? 10_000 } });
  const images = await data.test.images.data();
  const labels = await data.test.labels.data();
  const [count, ...example] = data.test.images.shape as number[];
  const size = example.reduce((a, b) => a * b, 1);

  const session = await ort.InferenceSession.create(options.onnx);
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const predicted: number[] = [];
  const started = performance.now();
  for (let start = 0; start < count!; start += batchSize) {
    const n = Math.min(batchSize, count! - start);
    const batch = new ort.Tensor(
      'float32',
      images.subarray(start * size, (start + n) * size) as Float32Array,
      [n, ...example],
    );
    const output = (await session.run({ [inputName]: batch }))[outputName]!;
    predicted.push(...argMaxRows(output.data as Float32Array, output.dims[1]!));
  }
  const onnxSeconds = (performance.now() - started) / 1000;
  await session.release();

  const model = glia.singleOutput(await glia.loadModel(`file://${gliaModelPath}`));
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const evaluated = await model.evaluate(data.test.images, data.test.labels, { batchSize: 256 });
  const gliaScores = model.predict(data.test.images, { batchSize: 256 });
  const gliaPredicted = argMaxRows((await gliaScores.data()) as Float32Array, gliaScores.shape[1]!);
  glia.dispose([
    gliaScores,
    data.train.images,
    data.train.labels,
    data.test.images,
    data.test.labels,
  ]);
  model.dispose();

  const correct = predicted.filter((p, i) => p === labels[i]).length;
  return {
    images: count!,
    onnxAccuracy: correct / count!,
    gliaAccuracy: evaluated.accuracy!,
    agreeing: predicted.filter((p, i) => p === gliaPredicted[i]).length,
    onnxSeconds,
  };
}
