import { memory, type Tensor } from '@glia/core';
import { input, Layer, layers, model, type SymbolicShape } from '@glia/layers';
import { describe, expect, it } from 'vitest';
import { OnnxExportError } from '../errors';
import { GRAPH_CASES, gliaOutputs, twoInputShared } from '../graph-test-models';
import { decodeModelBytes } from '../import/parse-model';
import { int64ToNumber } from '../proto/model-proto';
import { maxAbsDiff, randomizeWeights, runGraphInOrt, uniformTensor } from '../test-support';
import { toOnnx } from './to-onnx';

// Functional models exported and run in ONNX Runtime (the oracle), against Glia's predictions.

describe('toOnnx: functional models run in ONNX Runtime as in Glia', () => {
  for (const [title, build] of Object.entries(GRAPH_CASES)) {
    it(title, async () => {
      const { model: net, inputShapes } = build();
      const xs = inputShapes.map((shape, i) => uniformTensor(shape, 21 + i));
      const expected = gliaOutputs(net, xs);
      const before = memory().numTensors;
      const bytes = await toOnnx(net);
      expect(memory().numTensors).toBe(before);
      const ort = await runGraphInOrt(bytes, xs);
      expect(ort.inputNames).toEqual(net.inputNames);
      expect(ort.outputNames).toEqual(net.outputNames);
      expect(ort.outputs.length).toBe(expected.length);
      for (const [i, e] of expected.entries()) {
        expect(ort.outputs[i]!.dims).toEqual(e.shape);
        expect(maxAbsDiff(ort.outputs[i]!.data, await e.data())).toBeLessThan(1e-4);
      }
      for (const t of [...xs, ...expected]) t.dispose();
    });
  }

  it('writes a shared layer’s weights once, read by each of its nodes', async () => {
    const { model: net } = twoInputShared();
    const graph = decodeModelBytes(await toOnnx(net)).graph!;
    const kernels = graph.initializer!.filter((t) => t.name!.startsWith('shared/kernel'));
    expect(kernels.map((t) => t.name)).toEqual(['shared/kernel']);
    const readers = graph.node!.filter((n) => n.input!.includes('shared/kernel'));
    expect(readers.length).toBe(2);
  });

  it('keeps merges between NCHW nodes channels-first (no Transposes between them)', async () => {
    const { model: net } = GRAPH_CASES['a U-Net autoencoder with concatenate skip connections']!();
    const graph = decodeModelBytes(await toOnnx(net)).graph!;
    const concats = graph.node!.filter((n) => n.opType === 'Concat');
    // Both concatenations join NCHW convolution outputs on the channel axis, 1 channels-first.
    expect(concats.map((n) => int64ToNumber(n.attribute![0]!.i!))).toEqual([1, 1]);
    // One Transpose in (NHWC -> NCHW) and one out.
    expect(graph.node!.filter((n) => n.opType === 'Transpose').length).toBe(2);
  });

  it('transposes a channels-first value back once, however many nodes read it', async () => {
    const x = input({ shape: [4, 4, 2] });
    const h = layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(x);
    const flat = layers.flatten().apply(h);
    const viewed = layers.reshape({ targetShape: [32] }).apply(h);
    const y = layers.concatenate().apply([flat, viewed]);
    const net = model({ inputs: x, outputs: y });
    randomizeWeights(net, 2);
    const bytes = await toOnnx(net);
    const graph = decodeModelBytes(bytes).graph!;
    // NHWC -> NCHW before the Conv, NCHW -> NHWC after it, read by Flatten and Reshape both.
    expect(graph.node!.filter((n) => n.opType === 'Transpose').length).toBe(2);
    const xs = [uniformTensor([2, 4, 4, 2], 3)];
    const [expected] = gliaOutputs(net, xs);
    const ort = await runGraphInOrt(bytes, xs);
    expect(maxAbsDiff(ort.outputs[0]!.data, await expected!.data())).toBeLessThan(1e-4);
    for (const t of [...xs, expected!]) t.dispose();
  });

  it('names the inputs and outputs as asked', async () => {
    const { model: net, inputShapes } = twoInputShared();
    const bytes = await toOnnx(net, { inputNames: ['a', 'b'], outputName: 'y' });
    const xs = inputShapes.map((shape, i) => uniformTensor(shape, i));
    const ort = await runGraphInOrt(bytes, xs);
    expect(ort.inputNames).toEqual(['a', 'b']);
    expect(ort.outputNames).toEqual(['y']);
    for (const t of xs) t.dispose();
  });
});

/** A user's own merge layer: toOnnx has no mapping for it. */
class Hypot extends Layer {
  static override readonly className = 'Hypot';
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }
  override outputShapesFor(shapes: readonly SymbolicShape[]): SymbolicShape[] {
    return [shapes[0]!];
  }
  protected override buildForInputs(shapes: readonly SymbolicShape[]): void {
    if (!this.built) this.build([...shapes[0]!]);
  }
  protected call(input: Tensor): Tensor {
    return input;
  }
}

describe('toOnnx errors on graph models', () => {
  it('lists every layer with no ONNX form once, however many nodes call it', async () => {
    const a = input({ shape: [4, 5] });
    const b = input({ shape: [4, 5] });
    const hypot = new Hypot({ name: 'hypot' });
    const h = hypot.apply([a, b]);
    const bn = layers.batchNormalization({ axis: 1, name: 'bn_axis1' });
    const y = layers.add().apply([bn.apply(h), bn.apply(b)]);
    const error = await toOnnx(model({ inputs: [a, b], outputs: y })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxExportError);
    expect((error as Error).message).toMatch(
      /2 layer\(s\).*Hypot 'hypot': no ONNX mapping for this layer class with 2 inputs; BatchNormalization 'bn_axis1': axis 1/,
    );
  });

  it('rejects names that do not fit the model', async () => {
    const { model: net } = twoInputShared();
    await expect(toOnnx(net, { inputName: 'x' })).rejects.toThrow(
      /inputName names one input, and model 'two_input' has 2: use inputNames/,
    );
    await expect(toOnnx(net, { inputNames: ['x'] })).rejects.toThrow(
      /inputNames must be 2 non-empty string\(s\), one per model input, got \["x"\]/,
    );
    await expect(toOnnx(net, { outputName: 'y', outputNames: ['y'] })).rejects.toThrow(
      /give outputName or outputNames, not both/,
    );
  });
});
