/*
 * TF.js's side of the benchmark, on its pure-JavaScript 'cpu' backend or its 'wasm' backend
 * (XNNPACK, SIMD; single-threaded in Node, where TF.js disables its wasm threads).
 */
import { seedCnnLayers } from '@glia/layers/testing';
import * as tf from '@tensorflow/tfjs';
import type { FrameworkRunner } from './runner';
import { INFER_BATCH, inputValues, labels, MATMUL_SIZE, TRAIN_BATCH } from './workloads';

function compile(model: tf.Sequential): tf.Sequential {
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  return model;
}

function seedCnn(): tf.Sequential {
  return compile(tf.sequential({ layers: seedCnnLayers(tf.layers) }));
}

const floatLabels = (n: number) => tf.tensor(Float32Array.from(labels(n)), [n]);

const builders: FrameworkRunner['workloads'] = {
  'cnn-train': () => {
    const model = seedCnn();
    const x = tf.tensor(inputValues(TRAIN_BATCH * 784, 1), [TRAIN_BATCH, 28, 28, 1]);
    const y = floatLabels(TRAIN_BATCH);
    return async () => void (await model.trainOnBatch(x, y));
  },
  'cnn-infer': () => {
    const model = seedCnn();
    const x = tf.tensor(inputValues(INFER_BATCH * 784, 2), [INFER_BATCH, 28, 28, 1]);
    return () =>
      tf.tidy(() => void (model.predict(x, { batchSize: INFER_BATCH }) as tf.Tensor).dataSync());
  },
  'mlp-train': () => {
    const model = compile(
      tf.sequential({
        layers: [
          tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    );
    const x = tf.tensor(inputValues(TRAIN_BATCH * 784, 3), [TRAIN_BATCH, 784]);
    const y = floatLabels(TRAIN_BATCH);
    return async () => void (await model.trainOnBatch(x, y));
  },
  'lstm-train': () => {
    const model = compile(
      tf.sequential({
        layers: [
          tf.layers.lstm({ units: 64, inputShape: [28, 28] }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    );
    const x = tf.tensor(inputValues(TRAIN_BATCH * 784, 4), [TRAIN_BATCH, 28, 28]);
    const y = floatLabels(TRAIN_BATCH);
    return async () => void (await model.trainOnBatch(x, y));
  },
  matmul: () => {
    const n = MATMUL_SIZE;
    const a = tf.tensor(inputValues(n * n, 5), [n, n]);
    return () => tf.tidy(() => void tf.matMul(a, a).dataSync());
  },
};

/**
 * TF.js's wasm backend has no Conv2DBackpropFilter kernel, so training a CNN on it fails. This
 * replaces the Conv2D gradient (in this process only) with one whose filter gradient is itself a
 * convolution the wasm backend has: dW[fy,fx,ci,co] = Σ x[b,y+fy,x+fx,ci]·dy[b,y,x,co] is conv2d of
 * x transposed to [ci,H,W,b] with dy transposed to [oh,ow,b,co] (stride 1, dilation 1, the only
 * case the seed CNN needs). The input gradient stays TF.js's own Conv2DBackpropInput.
 */
function patchConv2dGradientForWasm(): void {
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dilations } = attrs as {
        strides: number | [number, number];
        pad: 'valid' | 'same';
        dilations: number | [number, number];
      };
      const one = (v: number | [number, number]) =>
        Array.isArray(v) ? v[0] === 1 && v[1] === 1 : v === 1;
      if (!one(strides) || !one(dilations ?? 1) || (pad !== 'valid' && pad !== 'same'))
        throw new Error('bench: the patched wasm Conv2D gradient covers stride 1, dilation 1 only');
      const g = dy as tf.Tensor4D;
      return {
        x: () => tf.conv2dTranspose(g, filter, x.shape, 1, pad),
        filter: () =>
          tf.tidy(() => {
            const [fh, fw] = filter.shape;
            let xp = x;
            if (pad === 'same') {
              const padH = Math.max(g.shape[1] - 1 + fh - x.shape[1], 0);
              const padW = Math.max(g.shape[2] - 1 + fw - x.shape[2], 0);
              const top = Math.floor(padH / 2);
              const left = Math.floor(padW / 2);
              xp = tf.pad(x, [
                [0, 0],
                [top, padH - top],
                [left, padW - left],
                [0, 0],
              ]);
            }
            const xT = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D;
            const dyT = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D;
            return tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3]);
          }),
      };
    },
  });
}

/** TF.js on `backendName`: every workload but the ceiling. */
export function tfjsRunner(backendName: 'cpu' | 'wasm'): FrameworkRunner {
  return { setUp: () => setUpTfjs(backendName), workloads: builders };
}

/** Readies TF.js's `backendName` and describes it. */
async function setUpTfjs(backendName: 'cpu' | 'wasm'): Promise<string> {
  tf.enableProdMode(); // no per-op NaN checks, as a user timing it would run
  if (backendName === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    patchConv2dGradientForWasm();
  }
  await tf.setBackend(backendName);
  await tf.ready();
  const extra =
    backendName === 'wasm'
      ? `, simd ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, threads ${String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}`
      : '';
  return `tfjs ${tf.version.tfjs} ${tf.getBackend()}${extra}`;
}
