import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { singleOutput } from '@glia/layers';
import { describe, expect, it } from 'vitest';
import { OnnxImportError } from '../errors';
import { GraphBuilder, graphModel } from '../graph-builder';
import { encodeModel } from '../proto/codec';
import { DataType, type TensorProto } from '../proto/model-proto';
import { maxAbsDiff, uniformTensor } from '../test-support';
import { fromOnnx, loadOnnx } from './from-onnx';

// The bytes of an ONNX file are a stranger's: every rejection names its culprit.

/** y = x·w for x [batch, 2], with `w` given as a raw TensorProto. */
function matMulModel(w: TensorProto, edit?: (g: GraphBuilder) => void): Uint8Array {
  const g = new GraphBuilder();
  const x = g.addInput('x', DataType.FLOAT, ['batch', 2]);
  g.initializers.push({ name: 'w', ...w });
  const y = g.add('MatMul', [x, 'w']);
  g.addNode('Identity', [y], {}, { name: 'y' });
  g.addOutput('y', DataType.FLOAT, ['batch', 2]);
  edit?.(g);
  return encodeModel(graphModel(g, 'm', 17, 8));
}

const floats = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);

function expectImportError(run: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OnnxImportError);
  expect((error as Error).message).toMatch(pattern);
}

describe('fromOnnx rejects bad bytes, naming the culprit', () => {
  it('bytes that are not a ModelProto', () => {
    expectImportError(
      () => fromOnnx(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2])),
      /not an ONNX ModelProto/,
    );
    expectImportError(
      () => fromOnnx('model.onnx' as never),
      /expected the model's bytes as a Uint8Array/,
    );
  });

  it('an initializer whose byte size does not match its shape', () => {
    const bytes = matMulModel({
      dims: [2, 2],
      dataType: DataType.FLOAT,
      rawData: floats([1, 2, 3]),
    });
    expectImportError(
      () => fromOnnx(bytes),
      /initializer 'w': holds 12 bytes but its dims \[2,2\] need 16/,
    );
  });

  it('absurd dims, before allocating', () => {
    const bytes = matMulModel({
      dims: [2 ** 20, 2 ** 20],
      dataType: DataType.FLOAT,
      rawData: floats([1]),
    });
    expectImportError(
      () => fromOnnx(bytes),
      /initializer 'w': dims \[1048576,1048576\] hold more than 268435456 elements/,
    );
    const negative = matMulModel({ dims: [-1, 2], dataType: DataType.FLOAT, rawData: floats([1]) });
    expectImportError(
      () => fromOnnx(negative),
      /initializer 'w': dims \[-1,2\] must be non-negative/,
    );
  });

  it('unknown ops, all of them listed', () => {
    const bytes = matMulModel(
      { dims: [2, 2], dataType: DataType.FLOAT, rawData: floats([1, 2, 3, 4]) },
      (g) => {
        g.nodes.push({ name: 'mystery', opType: 'FancyOp', input: ['y'], output: ['z'] });
        g.nodes.push({
          name: 'custom',
          opType: 'Relu',
          domain: 'com.example',
          input: ['z'],
          output: ['q'],
        });
      },
    );
    expectImportError(
      () => fromOnnx(bytes),
      /2 node\(s\) use ops Glia does not import: FancyOp \(node 'mystery'\), com\.example\.Relu \(node 'custom'\)/,
    );
  });

  it('a graph with a cycle', () => {
    const g = new GraphBuilder();
    const x = g.addInput('x', DataType.FLOAT, ['batch', 2]);
    g.nodes.push({ name: 'a', opType: 'Add', input: [x, 'b_out'], output: ['a_out'] });
    g.nodes.push({ name: 'b', opType: 'Relu', input: ['a_out'], output: ['b_out'] });
    g.addOutput('a_out', DataType.FLOAT, ['batch', 2]);
    expectImportError(
      () => fromOnnx(encodeModel(graphModel(g, 'm', 17, 8))),
      /cycle through node\(s\) 'a' \(Add\), 'b' \(Relu\)/,
    );
  });

  it('a node reading a value nothing produces; two inputs', () => {
    const dangling = matMulModel(
      { dims: [2, 2], dataType: DataType.FLOAT, rawData: floats([1, 2, 3, 4]) },
      (g) => {
        g.nodes[0]!.input = ['x', 'nowhere'];
      },
    );
    expectImportError(() => fromOnnx(dangling), /node 'MatMul' \(MatMul\) reads 'nowhere'/);
    const twice = matMulModel(
      { dims: [2, 2], dataType: DataType.FLOAT, rawData: floats([1, 2, 3, 4]) },
      (g) => {
        g.inputs.push(g.inputs[0]!);
      },
    );
    expectImportError(() => fromOnnx(twice), /graph input 'x' is declared twice/);
  });

  it('external data: fromOnnx asks for loadOnnx; loadOnnx reads the model folder and nothing outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glia-onnx-'));
    const external = (location: string, extra: { key: string; value: string }[] = []): Uint8Array =>
      matMulModel({
        dims: [2, 2],
        dataType: DataType.FLOAT,
        dataLocation: 1,
        externalData: [{ key: 'location', value: location }, ...extra],
      });
    await writeFile(join(dir, 'weights.bin'), floats([0, 0, 1, 2, 3, 4]));
    await writeFile(
      join(dir, 'inside.onnx'),
      external('weights.bin', [{ key: 'offset', value: '8' }]),
    );
    expectImportError(
      () => fromOnnx(external('weights.bin')),
      /initializer 'w': keeps its data in external file 'weights.bin': load the model with loadOnnx/,
    );

    const model = singleOutput(await loadOnnx(`file://${join(dir, 'inside.onnx')}`));
    const x = uniformTensor([3, 2], 1);
    const xs = await x.data();
    const expected = [0, 1, 2].flatMap((r) => [
      xs[2 * r]! * 1 + xs[2 * r + 1]! * 3,
      xs[2 * r]! * 2 + xs[2 * r + 1]! * 4,
    ]);
    expect(maxAbsDiff(await model.predict(x).data(), expected)).toBeLessThan(1e-6);

    for (const [file, location] of [
      ['up.onnx', '../weights.bin'],
      ['absolute.onnx', join(dir, 'weights.bin')],
      ['deep.onnx', 'sub/../../etc/passwd'],
    ] as const) {
      await writeFile(join(dir, file), external(location));
      await expect(loadOnnx(`file://${join(dir, file)}`)).rejects.toThrow(
        /initializer 'w': external data location '.*' leaves the model's folder/,
      );
    }
    const outside = await mkdtemp(join(tmpdir(), 'glia-onnx-outside-'));
    await writeFile(join(outside, 'weights.bin'), floats([1, 2, 3, 4]));
    await symlink(outside, join(dir, 'link'));
    await writeFile(join(dir, 'linked.onnx'), external('link/weights.bin'));
    await expect(loadOnnx(`file://${join(dir, 'linked.onnx')}`)).rejects.toThrow(
      /location 'link\/weights.bin' leaves the model's folder \(through a link\)/,
    );
    await writeFile(
      join(dir, 'short.onnx'),
      external('weights.bin', [{ key: 'offset', value: '16' }]),
    );
    await expect(loadOnnx(`file://${join(dir, 'short.onnx')}`)).rejects.toThrow(
      /initializer 'w': external data holds 8 bytes but its dims need 16/,
    );
  });
});

describe('settings from the file that size outputs are bounded', () => {
  it('a Resize or Pad to an absurd size is an error before allocating', async () => {
    for (const [op, extra] of [
      ['Resize', (g: GraphBuilder) => ['', g.addFloat('scales', new Float32Array([1, 1e9]), [2])]],
      ['Pad', (g: GraphBuilder) => [g.addInt64('pads', [0, 0, 0, 2 ** 40])]],
    ] as const) {
      const g = new GraphBuilder();
      const x = g.addInput('x', DataType.FLOAT, ['batch', 2]);
      const y = g.add(op, [x, ...extra(g)], op === 'Resize' ? { mode: { string: 'nearest' } } : {});
      g.addNode('Identity', [y], {}, { name: 'y' });
      g.addOutput('y', DataType.FLOAT, ['batch', 2]);
      const model = fromOnnx(encodeModel(graphModel(g, 'm', 17, 8)));
      expect(() => model.predict(uniformTensor([1, 2], 1))).toThrow(
        new RegExp(`node '${op}' \\(${op}\\): output shape \\[.*\\] is not a shape of at most`),
      );
    }
  });
});
