/** The README's example, as written there (model.onnx goes to a temporary directory). */
import '@glia/backend-cpu';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, tensor } from '@glia/core';
import { layers, sequential, singleOutput } from '@glia/layers';
import * as ort from 'onnxruntime-node';
import { expect, it, vi } from 'vitest';
import { fromOnnx, saveOnnx, toOnnx } from './index';

it('runs the README example, and its ONNX Runtime snippet', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glia-onnx-readme-'));
  const file = join(dir, 'model.onnx');
  const print = vi.spyOn(console, 'log').mockImplementation(() => {});
  // --- README example ---
  await ready();
  const model = sequential({
    layers: [
      layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });

  const bytes = await toOnnx(model); // an ONNX ModelProto, opset 17
  await saveOnnx(model, `file://${file}`); // the same bytes, written to a file (Node)

  const again = singleOutput(fromOnnx(bytes)); // a Glia model that predicts as `model` does
  again.predict(tensor(new Float32Array(28 * 28), [1, 28, 28, 1])).print();

  const session = await ort.InferenceSession.create(file);
  const input = new ort.Tensor('float32', new Float32Array(28 * 28), [1, 28, 28, 1]);
  const { output } = await session.run({ input });
  // --- end ---
  print.mockRestore();
  expect(new Uint8Array(await readFile(file))).toEqual(bytes);
  expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
  const glia = await model.predict(tensor(new Float32Array(28 * 28), [1, 28, 28, 1])).data();
  const fromOrt = output!.data as Float32Array;
  expect(Math.max(...Array.from(glia, (v, i) => Math.abs(v - fromOrt[i]!)))).toBeLessThan(1e-5);
  await rm(dir, { recursive: true, force: true });
});
