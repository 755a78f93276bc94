// Every API of @glia/layers that takes an options object, called with a misspelt key and with a
// number where the options go, plus the calls with an argument too many that an API can tell. Run
// by option-checks.test.ts and by the reliability suite (class 6, model API options).
import { type Tensor, tensor } from '@glia/core';
import { type OptionCase, optionCasesOf } from '@glia/core/testing';
import {
  csvLogger,
  customCallback,
  earlyStopping,
  http,
  input,
  LayersModel,
  layers,
  loadModel,
  losses,
  memoryHandler,
  model,
  modelCheckpoint,
  modelToArtifacts,
  Precision,
  ProgressBar,
  Recall,
  reduceLROnPlateau,
  regularizers,
  type Sequential,
  type SymbolicTensor,
  sequential,
} from '../index';

interface Inputs {
  net: Sequential;
  /** A symbolic input and output, for `model()`. */
  graph: { inputs: SymbolicTensor; outputs: SymbolicTensor };
  x: Tensor;
  y: Tensor;
}

/** The cases; the model and tensors they share are made by the first case's setup. */
export function layersOptionCases(): OptionCase[] {
  let made: Inputs | undefined;
  const setup = (): void => {
    if (made) return;
    const net = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
    net.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const symbolic = input({ shape: [2] });
    const graph = { inputs: symbolic, outputs: layers.dense({ units: 1 }).apply(symbolic) };
    made = {
      net,
      graph,
      x: tensor([
        [1, 2],
        [3, 4],
      ]),
      y: tensor([[1], [2]]),
    };
  };
  const inputs = (): Inputs => made!;
  const batches = (): { xs: Tensor; ys: Tensor }[] => [{ xs: inputs().x, ys: inputs().y }];
  const anyArgs = <T>(options: unknown): T => options as T;

  const cases = optionCasesOf([
    {
      api: 'fit',
      setup,
      misspelt: ['epoch', 'epochs'],
      call: (o) => inputs().net.fit(inputs().x, inputs().y, anyArgs(o)),
    },
    {
      api: 'fit',
      setup,
      misspelt: ['batch_size', 'batchSize'],
      call: (o) => inputs().net.fit(batches(), anyArgs(o)),
    },
    {
      api: 'evaluate',
      setup,
      misspelt: ['batchsize', 'batchSize'],
      call: (o) => inputs().net.evaluate(inputs().x, inputs().y, anyArgs(o)),
    },
    {
      api: 'evaluate',
      setup,
      misspelt: ['verbos', 'verbose'],
      call: (o) => inputs().net.evaluate(batches(), anyArgs(o)),
    },
    {
      api: 'predict',
      setup,
      misspelt: ['batchsize', 'batchSize'],
      call: (o) => inputs().net.predict(inputs().x, anyArgs(o)),
    },
    {
      api: 'compile',
      setup,
      misspelt: ['optimiser', 'optimizer'],
      required: { optimizer: 'sgd', loss: 'meanSquaredError' },
      call: (o) => inputs().net.compile(anyArgs(o)),
    },
    {
      api: 'summary',
      setup,
      misspelt: ['line_length', 'lineLength'],
      call: (o) => inputs().net.summary(anyArgs(o)),
    },
    {
      api: 'save',
      setup,
      misspelt: ['include_optimizer', 'includeOptimizer'],
      call: (o) => inputs().net.save(memoryHandler(), anyArgs(o)),
    },
    {
      api: 'modelToArtifacts',
      setup,
      misspelt: ['includeOptimiser', 'includeOptimizer'],
      call: (o) => modelToArtifacts(inputs().net, anyArgs(o)),
    },
    {
      api: 'model',
      setup,
      misspelt: ['output', 'outputs'],
      required: {
        get inputs() {
          return inputs().graph.inputs;
        },
        get outputs() {
          return inputs().graph.outputs;
        },
      },
      call: (o) => model(anyArgs(o)),
    },
    {
      api: 'LayersModel',
      setup,
      misspelt: ['nmae', 'name'],
      call: (o) => new LayersModel(anyArgs(o)),
    },
    { api: 'sequential', misspelt: ['layer', 'layers'], call: (o) => sequential(anyArgs(o)) },
    {
      api: 'input',
      misspelt: ['shap', 'shape'],
      required: { shape: [3] },
      call: (o) => input(anyArgs(o)),
    },
    {
      api: 'http',
      misspelt: ['requestinit', 'requestInit'],
      call: (o) => http('http://localhost/model.json', anyArgs(o)),
    },
    {
      api: 'earlyStopping',
      misspelt: ['patiance', 'patience'],
      call: (o) => earlyStopping(anyArgs(o)),
    },
    {
      api: 'reduceLROnPlateau',
      misspelt: ['min_lr', 'minLr'],
      call: (o) => reduceLROnPlateau(anyArgs(o)),
    },
    {
      api: 'modelCheckpoint',
      misspelt: ['save_best_only', 'saveBestOnly'],
      required: { filepath: 'file://checkpoints/model' },
      call: (o) => modelCheckpoint(anyArgs(o)),
    },
    {
      api: 'csvLogger',
      misspelt: ['seperator', 'separator'],
      required: { filename: 'training.csv' },
      call: (o) => csvLogger(anyArgs(o)),
    },
    {
      api: 'ProgressBar',
      misspelt: ['interval', 'intervalMs'],
      call: (o) => new ProgressBar(anyArgs(o)),
    },
    {
      api: 'binaryCrossentropy',
      misspelt: ['from_logits', 'fromLogits'],
      call: (o) => losses.binaryCrossentropy(anyArgs(o)),
    },
    {
      api: 'categoricalCrossentropy',
      misspelt: ['labelSmoothin', 'labelSmoothing'],
      call: (o) => losses.categoricalCrossentropy(anyArgs(o)),
    },
    {
      api: 'sparseCategoricalCrossentropy',
      misspelt: ['fromlogits', 'fromLogits'],
      call: (o) => losses.sparseCategoricalCrossentropy(anyArgs(o)),
    },
    { api: 'huber', misspelt: ['delt', 'delta'], call: (o) => losses.huber(anyArgs(o)) },
    { api: 'l1', misspelt: ['L1_', 'l1'], call: (o) => regularizers.l1(anyArgs(o)) },
    { api: 'l2', misspelt: ['l2_', 'l2'], call: (o) => regularizers.l2(anyArgs(o)) },
    { api: 'l1l2', misspelt: ['l3', 'l1'], call: (o) => regularizers.l1l2(anyArgs(o)) },
    {
      api: 'Precision',
      misspelt: ['treshold', 'threshold'],
      call: (o) => new Precision(anyArgs(o)),
    },
    { api: 'Recall', misspelt: ['thresholds', 'threshold'], call: (o) => new Recall(anyArgs(o)) },
    {
      api: 'customCallback',
      misspelt: ['onEpochEnds', 'onEpochEnd'],
      call: (o) => customCallback(anyArgs(o)),
    },
  ]);
  const extra = { classWeight: { 0: 1 } } as never;
  return [
    ...cases,
    {
      api: 'fit',
      title: 'fit: a Tensor where the options go',
      setup,
      run: () => inputs().net.fit(inputs().x, inputs().y, anyArgs(inputs().y)),
      message: /^fit: options must be an object, got a Tensor: expected fit\(x, y, \{ epochs\?/,
    },
    {
      api: 'trainOnBatch',
      title: 'trainOnBatch: an argument too many (Keras sample weights)',
      setup,
      run: () => inputs().net.trainOnBatch(inputs().x, inputs().y, extra),
      message: /^trainOnBatch: got 3 arguments: expected trainOnBatch\(x, y\)$/,
    },
    {
      api: 'meanSquaredError',
      title: 'meanSquaredError: an option, where it takes none',
      run: () => losses.meanSquaredError(anyArgs({ fromLogits: true })),
      message:
        /^meanSquaredError: unknown option 'fromLogits': expected meanSquaredError\(yTrue, yPred\) or meanSquaredError\(\) \(it takes no options\)$/,
    },
    {
      api: 'loadModel',
      title: 'loadModel: an argument too many (TF.js load options)',
      run: () => loadModel('file://./no-model/model.json', extra),
      message: /^loadModel: got 2 arguments: expected loadModel\(source\)/,
    },
    {
      api: 'input',
      title: 'input: an argument too many',
      run: () => input({ shape: [3] }, extra),
      message:
        /^input: got 2 arguments, expected one options object: input\(\{ shape \| batchShape/,
    },
  ];
}
