import type { Tensor } from '@glia/core';
import { input, type LayersModel, layers, model, sequential } from '@glia/layers';
import { randomizeWeights } from './test-support';

// Functional models for the export and round-trip tests: each builder makes a fresh model with
// seeded weights, and the input shapes (batch first) to run it on.

/** A model to test and the shapes of its inputs. */
export interface GraphCase {
  readonly model: LayersModel;
  readonly inputShapes: readonly (readonly number[])[];
}

/** A residual CNN: two convolutions added to their input (a skip connection), then a head. */
export function residualCnn(): GraphCase {
  const x = input({ shape: [8, 8, 3], name: 'image' });
  const stem = layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' });
  const h = stem.apply(x);
  const f1 = layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' });
  const f2 = layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same' });
  const skip = layers.add().apply([h, f2.apply(f1.apply(h))]);
  const r = layers.activation({ activation: 'relu' }).apply(skip);
  const pooled = layers.maxPooling2d({ poolSize: 2 }).apply(r);
  const features = layers.globalAveragePooling2d().apply(pooled);
  const y = layers.dense({ units: 4, activation: 'softmax', name: 'probs' }).apply(features);
  const net = model({ inputs: x, outputs: y, name: 'residual_cnn' });
  randomizeWeights(net, 3);
  return { model: net, inputShapes: [[2, 8, 8, 3]] };
}

/**
 * Two inputs through one shared Dense layer (one set of weights, two nodes), joined by
 * Concatenate, then every other merge layer on the two branches.
 */
export function twoInputShared(): GraphCase {
  const a = input({ shape: [6], name: 'left' });
  const b = input({ shape: [6], name: 'right' });
  const shared = layers.dense({ units: 5, activation: 'tanh', name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const joined = layers.concatenate().apply([ha, hb]);
  const mixed = layers.dense({ units: 5 }).apply(joined);
  const merges = [
    layers.subtract().apply([ha, hb]),
    layers.multiply().apply([ha, hb, mixed]),
    layers.average().apply([ha, hb, mixed]),
    layers.maximum().apply([ha, hb, mixed]),
    layers.minimum().apply([ha, mixed]),
    layers.dot({ axes: 1 }).apply([ha, mixed]),
    layers.dot({ axes: -1, normalize: true }).apply([hb, mixed]),
  ];
  const all = layers.concatenate({ axis: 1 }).apply(merges);
  const y = layers.dense({ units: 3, name: 'score' }).apply(all);
  const net = model({ inputs: [a, b], outputs: y, name: 'two_input' });
  randomizeWeights(net, 5);
  return {
    model: net,
    inputShapes: [
      [4, 6],
      [4, 6],
    ],
  };
}

/**
 * Two outputs (a class head and a regression head) over a nested feature extractor: a Sequential
 * model used as a layer, inlined by the export; a rank-3 Dot with transposed axes on the side.
 */
export function multiOutput(): GraphCase {
  const extractor = sequential({
    name: 'extractor',
    layers: [
      layers.dense({ units: 12, activation: 'relu', inputShape: [10] }),
      layers.dense({ units: 8, activation: 'relu' }),
    ],
  });
  const x = input({ shape: [10], name: 'features' });
  const h = extractor.apply(x);
  const classes = layers.dense({ units: 3, activation: 'softmax', name: 'classes' }).apply(h);
  const m = layers.reshape({ targetShape: [4, 2] }).apply(h);
  const gram = layers.dot({ axes: [1, 1] }).apply([m, m]);
  const outer = layers.dot({ axes: [2, 2] }).apply([m, m]);
  const value = layers
    .dense({ units: 1, name: 'value' })
    .apply(
      layers.concatenate().apply([layers.flatten().apply(gram), layers.flatten().apply(outer)]),
    );
  const net = model({ inputs: x, outputs: [classes, value, h], name: 'two_heads' });
  randomizeWeights(net, 8);
  return { model: net, inputShapes: [[3, 10]] };
}

/** A small U-Net autoencoder: two encoder levels, upsampling, concatenate skip connections. */
export function unet(): GraphCase {
  const x = input({ shape: [8, 8, 1], name: 'image' });
  const conv = (filters: number, activation = 'relu') =>
    layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation });
  const e1 = conv(4).apply(x);
  const e2 = conv(8).apply(layers.maxPooling2d({ poolSize: 2 }).apply(e1));
  const bottom = conv(8).apply(layers.maxPooling2d({ poolSize: 2 }).apply(e2));
  const u2 = layers.upSampling2d({ size: 2 }).apply(bottom);
  const d2 = conv(8).apply(layers.concatenate().apply([u2, e2]));
  const u1 = layers.upSampling2d({ size: 2 }).apply(d2);
  const d1 = conv(4).apply(layers.concatenate({ axis: 3 }).apply([e1, u1]));
  const y = layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid' }).apply(d1);
  const net = model({ inputs: x, outputs: y, name: 'unet' });
  randomizeWeights(net, 11);
  return { model: net, inputShapes: [[2, 8, 8, 1]] };
}

/** Every case, by name. */
export const GRAPH_CASES: Readonly<Record<string, () => GraphCase>> = {
  'a residual CNN (conv + add skip)': residualCnn,
  'two inputs, a shared layer, concatenate and every merge layer': twoInputShared,
  'several outputs over a nested Sequential model': multiOutput,
  'a U-Net autoencoder with concatenate skip connections': unet,
};

/** Glia's predictions of `net` on `xs` (one tensor per input), one tensor per output. */
export function gliaOutputs(net: LayersModel, xs: readonly Tensor[]): Tensor[] {
  const out = net.predict(xs.length === 1 ? xs[0]! : [...xs]);
  return Array.isArray(out) ? out : [out];
}
