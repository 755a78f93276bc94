/** The fused layer kernels: fusedConv2d and fusedMatMul against float64 references, and their errors. */
import type { FusedActivation } from '@glia/core';
import * as g from '@glia/core';
import { ShapeError, ValueError } from '@glia/core';
import { expect } from 'vitest';
import { expectGliaError, expectNd, withValues } from '../assert';
import { f32 } from '../fixtures';
import type { Harness } from '../harness';
import * as conv from '../reference/conv';
import { matMul } from '../reference/linalg';
import { type Nd, nd, randomNd } from '../reference/nd';

/** act(y + bias) with bias along the last axis, in float64. */
function biasActivation(y: Nd, bias: Nd, activation: FusedActivation): Nd {
  const width = bias.data.length;
  const data = y.data.map((v, i) => {
    const z = v + bias.data[i % width]!;
    return activation === 'relu' && z < 0 ? 0 : z;
  });
  return nd(y.shape, data);
}

const ACTIVATIONS: FusedActivation[] = ['linear', 'relu'];

export function defineFusedCases(h: Harness): void {
  h.family('fused', () => {
    h.group('fusedConv2d', () => {
      const tol = h.tol('conv');
      const geometries: [string, number[], number[], g.Conv2dOptions, conv.Window][] = [
        [
          'valid',
          [2, 7, 7, 3],
          [3, 3, 3, 4],
          {},
          { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1] },
        ],
        [
          'same, stride 2',
          [2, 7, 7, 3],
          [3, 3, 3, 5],
          { padding: 'same', strides: 2 },
          { strides: [2, 2], pad: [1, 1, 1, 1], dilations: [1, 1] },
        ],
        [
          'explicit padding, dilation 2',
          [1, 6, 6, 2],
          [2, 2, 2, 3],
          {
            padding: [
              [1, 0],
              [0, 2],
            ],
            dilations: 2,
          },
          { strides: [1, 1], pad: [1, 0, 0, 2], dilations: [2, 2] },
        ],
        [
          'a seed-CNN layer: 8 images, 32 filters (large enough to split across threads)',
          [8, 28, 28, 1],
          [3, 3, 1, 32],
          {},
          { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1] },
        ],
      ];
      geometries.forEach(([label, xShape, fShape, options, window], i) => {
        for (const activation of ACTIVATIONS) {
          h.test(`${label}, ${activation}`, () => {
            const x = randomNd(xShape, 1800 + i);
            const w = randomNd(fShape, 1810 + i);
            const bias = randomNd([fShape[3]!], 1820 + i);
            const expected = biasActivation(conv.conv2d(x, w, window), bias, activation);
            expectNd(
              g.fusedConv2d(f32(x), f32(w), f32(bias), { ...options, activation }),
              expected,
              tol,
            );
          });
        }
      });
      h.test('NaN in x stays NaN through relu; an unbatched rank-3 x gives rank 3', () => {
        const x = g.tensor([Number.NaN, 1, 2, 3], [2, 2, 1]);
        const out = g.fusedConv2d(x, g.ones([1, 1, 1, 2]), g.tensor([-10, 0.5]), {
          activation: 'relu',
        });
        expect(out.shape).toEqual([2, 2, 2]);
        withValues(out, (values) => {
          const v = Array.from(values);
          expect(Number.isNaN(v[0]!) && Number.isNaN(v[1]!)).toBe(true);
          expect(v.slice(2)).toEqual([0, 1.5, 0, 2.5, 0, 3.5]);
        });
      });
      h.test('errors name the op, the shapes and what was expected', () => {
        const x = g.zeros([1, 4, 4, 2]);
        const w = g.zeros([3, 3, 2, 4]);
        const b5 = g.zeros([5]);
        const b4 = g.zeros([4]);
        const w3 = g.zeros([3, 3, 3, 4]);
        expectGliaError(
          () => g.fusedConv2d(x, w, b5),
          ShapeError,
          /fusedConv2d: bias has shape \[5\]: expected \[4\]/,
        );
        expectGliaError(
          () => g.fusedConv2d(x, w3, b4),
          ShapeError,
          /fusedConv2d: x has 2 channels .* filter expects 3/,
        );
        expectGliaError(
          () => g.fusedConv2d(x, w, b4, { activation: 'sigmoid' as FusedActivation }),
          ValueError,
          /fusedConv2d: activation 'sigmoid': expected one of linear, relu/,
        );
      });
    });

    h.group('fusedMatMul', () => {
      const tol = h.tol('linalg');
      for (const [transposeA, transposeB] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        for (const activation of ACTIVATIONS) {
          h.test(`transposeA ${transposeA}, transposeB ${transposeB}, ${activation}`, () => {
            const a = randomNd(transposeA ? [7, 5] : [5, 7], 1900);
            const b = randomNd(transposeB ? [9, 7] : [7, 9], 1901);
            const bias = randomNd([9], 1902);
            const expected = biasActivation(matMul(a, b, transposeA, transposeB), bias, activation);
            expectNd(
              g.fusedMatMul(f32(a), f32(b), f32(bias), { transposeA, transposeB, activation }),
              expected,
              tol,
            );
          });
        }
      }
      h.test('a dense layer of the MLP: [64,784] x [784,128] + bias, relu', () => {
        const a = randomNd([64, 784], 1910);
        const b = randomNd([784, 128], 1911, -0.1, 0.1);
        const bias = randomNd([128], 1912);
        expectNd(
          g.fusedMatMul(f32(a), f32(b), f32(bias), { activation: 'relu' }),
          biasActivation(matMul(a, b), bias, 'relu'),
          tol,
        );
      });
      h.test('errors name the op, the shapes and what was expected', () => {
        const a = g.zeros([2, 3]);
        const b = g.zeros([3, 4]);
        const a3 = g.zeros([1, 2, 3]);
        const b43 = g.zeros([4, 3]);
        const bias3 = g.zeros([3]);
        const bias4 = g.zeros([4]);
        expectGliaError(
          () => g.fusedMatMul(a3, b, bias4),
          ShapeError,
          /fusedMatMul: a has shape \[1,2,3\]: expected a matrix \(rank 2\)/,
        );
        expectGliaError(
          () => g.fusedMatMul(a, b43, bias3),
          ShapeError,
          /fusedMatMul: inner dimensions differ: a is \[2,3\], b is \[4,3\]: 3 vs 4/,
        );
        expectGliaError(
          () => g.fusedMatMul(a, b, bias3),
          ShapeError,
          /fusedMatMul: bias has shape \[3\]: expected \[4\]/,
        );
      });
    });
  });
}
