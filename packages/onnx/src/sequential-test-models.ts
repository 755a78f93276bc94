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

/** A case of one layer, built on `inputShape` (one example's), run on a batch of 2. */
export function oneLayer(
  title: string,
  layer: (inputShape: number[]) => Layer,
  inputShape: number[],
): SequentialCase {
  return [title, () => [layer(inputShape)], [2, ...inputShape]];
}

/** One example of the recurrent cases: 5 steps of 3 features. */
const STEPS: number[] = [5, 3];

/**
 * Recurrent layers: each kind forwards and backwards, GRU's two forms and a hard-sigmoid gate, and
 * Bidirectional in each merge mode over a GRU and an LSTM returning sequences and a SimpleRNN
 * returning its last step.
 */
export const RECURRENT_CASES: readonly SequentialCase[] = [
  ...(
    [
      ['SimpleRNN', { units: 4, returnSequences: true }, layers.simpleRNN],
      [
        'SimpleRNN going backwards',
        { units: 4, returnSequences: true, goBackwards: true },
        layers.simpleRNN,
      ],
      ['LSTM going backwards', { units: 4, goBackwards: true }, layers.lstm],
      [
        'GRU without resetAfter',
        { units: 4, resetAfter: false, returnSequences: true },
        layers.gru,
      ],
      ['GRU with hardSigmoid gates', { units: 4, recurrentActivation: 'hardSigmoid' }, layers.gru],
    ] as const
  ).map(([title, config, make]) =>
    oneLayer(title, (inputShape) => make({ ...config, inputShape }), STEPS),
  ),
  ...(['concat', 'sum', 'mul', 'ave'] as const).flatMap((mergeMode) =>
    (
      [
        ['GRU', () => layers.gru({ units: 3, returnSequences: true })],
        ['LSTM', () => layers.lstm({ units: 3, returnSequences: true })],
        ['SimpleRNN', () => layers.simpleRNN({ units: 3 })],
      ] as const
    ).map(([over, inner]) =>
      oneLayer(
        `Bidirectional ${mergeMode} over ${over}`,
        (s) => layers.bidirectional({ layer: inner(), mergeMode, inputShape: s }),
        [4, 2],
      ),
    ),
  ),
];
