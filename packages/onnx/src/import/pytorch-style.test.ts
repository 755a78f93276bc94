import { tensor } from '@glia/core';
import { singleOutput } from '@glia/layers';
import { describe, expect, it } from 'vitest';
import { toOnnx } from '../export/to-onnx';
import { GraphBuilder, graphModel } from '../graph-builder';
import { encodeModel } from '../proto/codec';
import { DataType } from '../proto/model-proto';
import { maxAbsDiff, runInOrt, uniformTensor, uniformValues } from '../test-support';
import { fromOnnx } from './from-onnx';

// Graphs written the way PyTorch's exporter writes ordinary models (NCHW, Gemm with transB, the
// Shape/Gather/Unsqueeze/Concat chain of a dynamic view, time-major LSTM/GRU behind Transposes),
// imported and checked against ONNX Runtime running the same bytes.

let seed = 100;
const weight = (g: GraphBuilder, name: string, dims: number[], scale = 0.5): string =>
  g.addFloat(
    name,
    uniformValues(
      dims.reduce((a, b) => a * b, 1),
      seed++,
    ).map((v) => v * scale),
    dims,
  );

async function expectAgreement(g: GraphBuilder, inputShape: number[], opset = 17): Promise<void> {
  const bytes = encodeModel(graphModel(g, 'torch_jit', opset, opset >= 17 ? 8 : 7));
  const x = uniformTensor(inputShape, 21);
  const expected = await runInOrt(bytes, x);
  const model = singleOutput(fromOnnx(bytes));
  const actual = model.predict(x);
  expect(actual.shape).toEqual([...expected.dims]);
  expect(maxAbsDiff(await actual.data(), expected.data)).toBeLessThan(1e-5);
  // Written back out (as after fine-tuning), the graph runs in ONNX Runtime as before.
  const again = await runInOrt(await toOnnx(model), x);
  expect(maxAbsDiff(again.data, expected.data)).toBeLessThan(1e-6);
}

describe('fromOnnx on PyTorch-style graphs, against ONNX Runtime', () => {
  it('an NCHW CNN: Conv, BatchNormalization, Relu, MaxPool, AveragePool, GlobalAveragePool, dynamic Reshape, Gemm, Softmax', async () => {
    const g = new GraphBuilder();
    const x = g.addInput('input.1', DataType.FLOAT, ['batch', 2, 9, 9]);
    let h = g.add(
      'Conv',
      [x, weight(g, 'conv1.weight', [4, 2, 3, 3]), weight(g, 'conv1.bias', [4])],
      {
        kernel_shape: { ints: [3, 3] },
        pads: { ints: [1, 1, 1, 1] },
        strides: { ints: [1, 1] },
      },
    );
    h = g.add(
      'BatchNormalization',
      [
        h,
        weight(g, 'bn.weight', [4]),
        weight(g, 'bn.bias', [4]),
        weight(g, 'bn.running_mean', [4]),
        g.addFloat('bn.running_var', new Float32Array([0.5, 1, 1.5, 2]), [4]),
      ],
      { epsilon: { float: 1e-5 } },
    );
    h = g.add('Relu', [h]);
    h = g.add('MaxPool', [h], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
    h = g.add('Conv', [h, weight(g, 'conv2.weight', [6, 4, 3, 3]), weight(g, 'conv2.bias', [6])], {
      kernel_shape: { ints: [3, 3] },
      strides: { ints: [2, 2] },
      pads: { ints: [1, 0, 0, 1] },
    });
    h = g.add('Sigmoid', [h]);
    const pooled = g.add('AveragePool', [h], {
      kernel_shape: { ints: [2, 2] },
      strides: { ints: [1, 1] },
    });
    const global = g.add('GlobalAveragePool', [pooled]);
    const both = g.add(
      'Concat',
      [
        g.add('Flatten', [pooled], { axis: { int: 1 } }),
        g.add('Flatten', [global], { axis: { int: 1 } }),
      ],
      { axis: { int: 1 } },
    );
    // x.view(x.size(0), -1) with a dynamic batch.
    const batch = g.add(
      'Gather',
      [g.add('Shape', [both]), g.add('Constant', [], { value_int: { int: 0 } })],
      { axis: { int: 0 } },
    );
    const target = g.add(
      'Concat',
      [g.add('Unsqueeze', [batch, g.addInt64('axes0', [0])]), g.addInt64('minus1', [-1])],
      { axis: { int: 0 } },
    );
    const flat = g.add('Reshape', [both, target]);
    const logits = g.add(
      'Gemm',
      [flat, weight(g, 'fc.weight', [3, 12]), weight(g, 'fc.bias', [3])],
      { transB: { int: 1 }, alpha: { float: 1 }, beta: { float: 1 } },
    );
    const out = g.add('Softmax', [logits], { axis: { int: 1 } });
    g.addNode('Identity', [out], {}, { name: 'output' });
    g.addOutput('output', DataType.FLOAT, ['batch', 3]);
    await expectAgreement(g, [3, 2, 9, 9]);
  });

  it('MatMul, Add, Tanh, Transpose, Concat of tensors', async () => {
    const g = new GraphBuilder();
    const x = g.addInput('x', DataType.FLOAT, ['batch', 4, 5]);
    const a = g.add('Tanh', [
      g.add('Add', [g.add('MatMul', [x, weight(g, 'w', [5, 3])]), weight(g, 'b', [3])]),
    ]);
    const t = g.add('Transpose', [a], { perm: { ints: [0, 2, 1] } });
    const joined = g.add('Concat', [t, t], { axis: { int: 2 } });
    g.addNode('Identity', [joined], {}, { name: 'y' });
    g.addOutput('y', DataType.FLOAT, ['batch', 3, 8]);
    await expectAgreement(g, [2, 4, 5]);
  });

  for (const [op, gates, extra] of [
    ['LSTM', 4, {}],
    ['GRU', 3, { linear_before_reset: { int: 1 } }],
    ['GRU', 3, { linear_before_reset: { int: 0 } }],
  ] as const) {
    for (const direction of ['forward', 'bidirectional'] as const) {
      it(`${op} (${direction}${'linear_before_reset' in extra ? `, linear_before_reset ${extra.linear_before_reset.int}` : ''}) as batch_first PyTorch writes it`, async () => {
        const g = new GraphBuilder();
        const d = direction === 'bidirectional' ? 2 : 1;
        const units = 4;
        const x = g.addInput('input', DataType.FLOAT, ['batch', 5, 3]);
        const steps = g.add('Transpose', [x], { perm: { ints: [1, 0, 2] } });
        const h0 = g.addFloat('h0', new Float32Array(d * 2 * units).fill(0.1), [d, 2, units]);
        const inputs = [
          steps,
          weight(g, 'W', [d, gates * units, 3]),
          weight(g, 'R', [d, gates * units, units]),
          weight(g, 'B', [d, 2 * gates * units]),
          '',
          h0,
        ];
        const [y] = g.addNode(
          op,
          inputs,
          { hidden_size: { int: units }, direction: { string: direction }, ...extra },
          { outputs: 2 },
        );
        const batchFirst = g.add('Transpose', [y!], { perm: { ints: [2, 0, 1, 3] } });
        const out = g.add('Reshape', [batchFirst, g.addInt64('shape', [0, 0, -1])]);
        g.addNode('Identity', [out], {}, { name: 'output' });
        g.addOutput('output', DataType.FLOAT, ['batch', 5, d * units]);
        // initial_h has a batch of 2, fixed: the example batch is 2.
        await expectAgreement(g, [2, 5, 3]);
      });
    }
  }

  it('an opset-11 graph (Softmax over the flattened trailing axes)', async () => {
    const g = new GraphBuilder();
    const x = g.addInput('x', DataType.FLOAT, ['batch', 2, 3]);
    const y = g.add('Softmax', [x], { axis: { int: 1 } });
    g.addNode('Identity', [y], {}, { name: 'y' });
    g.addOutput('y', DataType.FLOAT, ['batch', 2, 3]);
    await expectAgreement(g, [2, 2, 3], 11);
  });

  it('reads Constant nodes and typed (non-raw) tensor fields', async () => {
    const g = new GraphBuilder();
    const x = g.addInput('x', DataType.FLOAT, ['batch', 3]);
    const [c] = g.addNode('Constant', [], {}, { name: 'c' });
    g.nodes[g.nodes.length - 1]!.attribute = [
      {
        name: 'value',
        type: 4,
        t: { dims: [3], dataType: DataType.FLOAT, floatData: [1, -2, 0.5] },
      },
    ];
    g.initializers.push({
      name: 'typed',
      dims: [3],
      dataType: DataType.FLOAT,
      floatData: [0.25, 0.5, 0.75],
    });
    const y = g.add('Mul', [g.add('Add', [x, c!]), 'typed']);
    g.addNode('Identity', [y], {}, { name: 'y' });
    g.addOutput('y', DataType.FLOAT, ['batch', 3]);
    await expectAgreement(g, [2, 3]);
    void tensor;
  });
});
