/**
 * ONNX Runtime's side of the ONNX benchmark: onnxruntime-node (CPU execution provider) running an
 * exported model.onnx, with a fixed number of intra-op threads.
 */
import * as ort from 'onnxruntime-node';
import { median, timeRuns } from './timing';

/** Images per second of `session.run` on batches of `batch` zero-filled NHWC images. */
export async function ortInferenceRate(
  onnxPath: string,
  exampleShape: readonly number[],
  batch: number,
  threads: number,
): Promise<{ rate: number; runsMs: number[] }> {
  const session = await ort.InferenceSession.create(onnxPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const size = exampleShape.reduce((a, b) => a * b, 1);
  const input = new ort.Tensor('float32', new Float32Array(batch * size).fill(0.5), [
    batch,
    ...exampleShape,
  ]);
  const feeds = { [session.inputNames[0]!]: input };
  const { runsMs } = await timeRuns(() => session.run(feeds));
  await session.release();
  return { rate: batch / (median(runsMs) / 1000), runsMs };
}

/** What onnxruntime-node reports of itself. */
export const ortDescription = (): string =>
  `onnxruntime-node ${ort.env.versions.node ?? '?'} (cpu)`;
