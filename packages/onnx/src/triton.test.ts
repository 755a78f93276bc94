import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layers, sequential } from '@glia/layers';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { toOnnx } from './export/to-onnx';
import { twoInputShared } from './graph-test-models';
import { saveTritonModel, tritonConfig } from './triton';

/** The input/output entries of a config.pbtxt, read back with a small parser of its layout. */
function entries(
  config: string,
  section: 'input' | 'output',
): { name: string; type: string; dims: number[] }[] {
  const block = new RegExp(`^${section} \\[\\n([\\s\\S]*?)\\n\\]`, 'm').exec(config)?.[1] ?? '';
  return [...block.matchAll(/name: "([^"]+)"\s+data_type: (\w+)\s+dims: \[ ([^\]]*) \]/g)].map(
    (m) => ({
      name: m[1]!,
      type: m[2]!,
      dims: m[3]!.split(',').map((d) => Number(d.trim())),
    }),
  );
}

describe('Triton model repository', () => {
  it('writes <name>/1/model.onnx and a config.pbtxt that matches the ONNX file as ONNX Runtime reads it', async () => {
    const model = sequential({
      layers: [
        layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [6, 6, 1] }),
        layers.flatten(),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const root = await mkdtemp(join(tmpdir(), 'glia-triton-'));
    const folder = await saveTritonModel(
      model,
      `file://${root}`,
      { name: 'digits', maxBatchSize: 32 },
      { inputName: 'images', outputName: 'probabilities' },
    );
    expect(folder).toBe(join(root, 'digits'));
    const bytes = new Uint8Array(await readFile(join(root, 'digits', '1', 'model.onnx')));
    const config = await readFile(join(root, 'digits', 'config.pbtxt'), 'utf8');
    expect(config).toMatch(/^name: "digits"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 32\n/);

    // The oracle: ONNX Runtime's view of the same file.
    const session = await ort.InferenceSession.create(bytes);
    const meta = (
      names: readonly string[],
      metadata: readonly ort.InferenceSession.ValueMetadata[],
    ) =>
      names.map((name, i) => {
        const m = metadata[i] as { type: string; shape: readonly (number | string)[] };
        return {
          name,
          type: m.type === 'float32' ? 'TYPE_FP32' : m.type,
          dims: m.shape.slice(1).map((d) => (typeof d === 'number' ? d : -1)),
        };
      });
    expect(entries(config, 'input')).toEqual(meta(session.inputNames, session.inputMetadata));
    expect(entries(config, 'output')).toEqual(meta(session.outputNames, session.outputMetadata));
    expect(entries(config, 'input')).toEqual([
      { name: 'images', type: 'TYPE_FP32', dims: [6, 6, 1] },
    ]);
    expect(entries(config, 'output')).toEqual([
      { name: 'probabilities', type: 'TYPE_FP32', dims: [3] },
    ]);
    await session.release();

    // Without batching, the batch dimension is listed as -1.
    const unbatched = tritonConfig(bytes, { name: 'digits', maxBatchSize: 0 });
    expect(entries(unbatched, 'input')).toEqual([
      { name: 'images', type: 'TYPE_FP32', dims: [-1, 6, 6, 1] },
    ]);
  });

  it('lists every input and output of a functional model, by its names', async () => {
    const { model: net } = twoInputShared();
    const config = tritonConfig(await toOnnx(net), { name: 'pair' });
    expect(entries(config, 'input')).toEqual([
      { name: 'left', type: 'TYPE_FP32', dims: [6] },
      { name: 'right', type: 'TYPE_FP32', dims: [6] },
    ]);
    expect(entries(config, 'output')).toEqual([{ name: 'score', type: 'TYPE_FP32', dims: [3] }]);
  });

  it('rejects bad settings', async () => {
    const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
    await expect(saveTritonModel(model, 'file:///tmp/x', { name: '../up' })).rejects.toThrow(
      /name "..\/up" must be a folder name/,
    );
    await expect(
      saveTritonModel(model, 'file:///tmp/x', { name: 'm', maxBatchSize: -1 }),
    ).rejects.toThrow(/maxBatchSize -1/);
    await expect(
      saveTritonModel(model, 'file:///tmp/x', { name: 'm', batch: 2 } as never),
    ).rejects.toThrow(/unknown option 'batch'/);
  });
});
