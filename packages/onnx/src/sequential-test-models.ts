import { type Layer, layers } from '@glia/layers';

// Sequential models for the export and round-trip tests: the model kinds, each as a
// builder of fresh layers and the input shape (batch first) to run it on.

/** A title, a builder of the model's layers, and the input shape to run it on. */
export type SequentialCase = [title: string, stack: () => Layer[], inputShape: number[]];

/** An MLP, stacked LSTMs, GRUs with batch normalization, a bidirectional LSTM, a conv autoencoder. */
export const SEQUENTIAL_CASES: readonly SequentialCase[] = [
  [
    'an MLP',
    () => [
      layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
      layers.dropout({ rate: 0.5 }),
      layers.dense({ units: 8, activation: 'tanh' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
    [5, 8],
  ],
  [
    'an LSTM',
    () => [
      layers.lstm({ units: 6, returnSequences: true, inputShape: [5, 3] }),
      layers.lstm({ units: 4 }),
      layers.dense({ units: 2 }),
    ],
    [4, 5, 3],
  ],
  [
    'a GRU with batch normalization',
    () => [
      layers.gru({ units: 6, returnSequences: true, inputShape: [5, 3] }),
      layers.batchNormalization({}),
      layers.gru({ units: 4, resetAfter: false }),
      layers.batchNormalization({}),
      layers.dense({ units: 2, activation: 'sigmoid' }),
    ],
    [4, 5, 3],
  ],
  [
    'a bidirectional LSTM',
    () => [
      layers.bidirectional({
        layer: layers.lstm({ units: 5, returnSequences: true }),
        inputShape: [6, 3],
      }),
      layers.bidirectional({ layer: layers.lstm({ units: 4 }), mergeMode: 'concat' }),
      layers.dense({ units: 2 }),
    ],
    [3, 6, 3],
  ],
  [
    "the convolutional autoencoder (the autoencoder app's architecture)",
    () => {
      const same = { kernelSize: 3, padding: 'same', activation: 'relu' } as const;
      return [
        layers.conv2d({ filters: 16, ...same, inputShape: [28, 28, 1] }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 16, ...same }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2dTranspose({ filters: 16, strides: 2, ...same }),
        layers.conv2dTranspose({ filters: 16, strides: 2, ...same }),
        layers.conv2d({ ...same, filters: 1, activation: 'sigmoid' }),
      ];
    },
    [2, 28, 28, 1],
  ],
];
