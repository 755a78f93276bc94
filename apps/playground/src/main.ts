// The playground page: wires the controls, the training run, the live chart, the drawing pad, the
// probabilities and the heatmap. The page's state is mirrored in <body data-state> (starting,
// idle, loading, training, trained, error) for people reading the DOM and for the end-to-end test.
import * as glia from 'glia';
import { activate, backendChoices } from './backends';
import { loadPlaygroundMnist } from './data';
import { MNIST_SIDE, toMnistDigit } from './digit-image';
import { classProbabilities, digitHeatmap, type HeatmapMethod } from './digit-model';
import { DrawPad } from './draw-pad';
import { LiveChart } from './live-chart';
import { buildPlaygroundCnn } from './model';
import { renderProbabilityBars, topClass } from './probability-bars';
import {
  DEFAULT_SETTINGS,
  integerSetting,
  plannedBatches,
  settingsFromQuery,
  type TrainSettings,
} from './settings';
import { trainRun } from './trainer';

const HEATMAP_SCALE = 8;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`playground: the page has no #${id}`);
  return found as T;
}

const ui = {
  backend: element<HTMLSelectElement>('backend'),
  backendInfo: element<HTMLElement>('backend-info'),
  trainImages: element<HTMLInputElement>('train-images'),
  epochs: element<HTMLInputElement>('epochs'),
  batchSize: element<HTMLInputElement>('batch-size'),
  train: element<HTMLButtonElement>('train-button'),
  stop: element<HTMLButtonElement>('stop-button'),
  progress: element<HTMLProgressElement>('progress'),
  progressText: element<HTMLElement>('progress-text'),
  chart: element<HTMLElement>('chart'),
  status: element<HTMLElement>('status'),
  pad: element<HTMLCanvasElement>('pad'),
  clear: element<HTMLButtonElement>('clear-button'),
  modelInput: element<HTMLCanvasElement>('model-input'),
  probabilities: element<HTMLElement>('probabilities'),
  prediction: element<HTMLElement>('prediction'),
  heatmapMethod: element<HTMLSelectElement>('heatmap-method'),
  heatmap: element<HTMLCanvasElement>('heatmap'),
};

type PageState = 'starting' | 'idle' | 'loading' | 'training' | 'trained' | 'error';

let settings: TrainSettings = DEFAULT_SETTINGS;
let model: glia.Sequential | undefined;
let data: { key: string; mnist: glia.MnistData } | undefined;
let stopRequested = false;
let busy = false;
const chart = new LiveChart(ui.chart);
const pad = new DrawPad(ui.pad, () => void explainDrawing());

function setState(state: PageState, message: string): void {
  document.body.dataset.state = state;
  ui.status.textContent = message;
  ui.status.classList.toggle('error', state === 'error');
}

function fail(e: unknown): void {
  console.error(e);
  setState('error', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}

function setBusy(value: boolean): void {
  busy = value;
  ui.train.disabled = value;
  ui.backend.disabled = value;
  ui.stop.disabled = !value;
}

function fillBackendPicker(selected: string): void {
  ui.backend.replaceChildren(
    ...backendChoices(glia.listBackends()).map((choice) => {
      const option = document.createElement('option');
      option.value = choice.value;
      option.textContent =
        choice.failure === undefined ? choice.label : `${choice.label} (failed: ${choice.failure})`;
      option.disabled = choice.failure !== undefined;
      return option;
    }),
  );
  ui.backend.value = selected;
}

async function useBackend(choice: string): Promise<void> {
  const active = await activate(choice);
  document.body.dataset.backend = active.name;
  ui.backendInfo.textContent = `running on ${active.name}: ${active.description}`;
  fillBackendPicker(choice);
}

/** Models and data live on one backend: switching drops them. */
function dropModelAndData(): void {
  model?.dispose();
  model = undefined;
  if (data !== undefined) {
    glia.dispose([
      data.mnist.train.images,
      data.mnist.train.labels,
      data.mnist.test.images,
      data.mnist.test.labels,
    ]);
    data = undefined;
  }
}

function readSettings(): TrainSettings {
  return {
    ...settings,
    trainImages: integerSetting('trainImages', ui.trainImages.value, 'training images'),
    epochs: integerSetting('epochs', ui.epochs.value, 'epochs'),
    batchSize: integerSetting('batchSize', ui.batchSize.value, 'batch size'),
  };
}

async function train(): Promise<void> {
  if (busy) return;
  let run: TrainSettings;
  try {
    run = readSettings();
  } catch (e) {
    fail(e);
    return;
  }
  setBusy(true);
  stopRequested = false;
  try {
    const backendName = glia.getBackendName() ?? '';
    const key = `${backendName}/${run.trainImages}/${run.testImages}`;
    if (data?.key !== key) {
      dropModelAndData();
      setState('loading', `loading ${run.trainImages} training and ${run.testImages} test images…`);
      data = { key, mnist: await loadPlaygroundMnist(run.trainImages, run.testImages) };
    }
    model?.dispose();
    glia.setSeed(run.seed);
    glia.resetLayerNames();
    model = buildPlaygroundCnn();
    const planned = plannedBatches(run);
    chart.reset(planned);
    ui.progress.max = planned;
    ui.progress.value = 0;
    setState('training', `training on ${backendName}…`);
    const started = performance.now();
    const result = await trainRun(model, data.mnist.train, data.mnist.test, {
      epochs: run.epochs,
      batchSize: run.batchSize,
      seed: run.seed,
      ...(run.maxBatches !== undefined && { maxBatches: run.maxBatches }),
      shouldStop: () => stopRequested,
      onBatch: (report) => {
        chart.add({ loss: report.loss, accuracy: report.accuracy });
        ui.progress.value = report.done;
        const seconds = (performance.now() - started) / 1000;
        ui.progressText.textContent = `batch ${report.done}/${report.planned}, epoch ${report.epoch + 1}, ${((report.done * run.batchSize) / seconds).toFixed(0)} images/s`;
      },
    });
    const testCount = data.mnist.test.images.shape[0]!;
    document.body.dataset.testAccuracy = String(result.test.accuracy);
    setState(
      'trained',
      `trained ${result.batches} batches in ${result.seconds.toFixed(1)} s on ${backendName}; test accuracy ${(result.test.accuracy * 100).toFixed(1)}% on ${testCount} images (loss ${result.test.loss.toFixed(3)}). Draw a digit!`,
    );
  } catch (e) {
    fail(e);
  } finally {
    setBusy(false);
  }
  if (!pad.isEmpty) await explainDrawing();
}

function drawModelInput(pixels: Float32Array): void {
  const context = ui.modelInput.getContext('2d')!;
  const image = context.createImageData(MNIST_SIDE, MNIST_SIDE);
  for (let p = 0; p < pixels.length; p++) {
    const v = Math.round(pixels[p]! * 255);
    image.data.set([v, v, v, 255], p * 4);
  }
  context.putImageData(image, 0, 0);
}

async function explainDrawing(): Promise<void> {
  const pixels = toMnistDigit(pad.ink());
  if (pixels === undefined) return;
  drawModelInput(pixels);
  if (model === undefined || busy) {
    ui.prediction.textContent = busy ? 'wait for training to finish' : 'train the model first';
    return;
  }
  try {
    const probabilities = await classProbabilities(model, pixels);
    renderProbabilityBars(ui.probabilities, probabilities);
    const top = topClass(probabilities);
    ui.prediction.textContent = `${top} (${(probabilities[top]! * 100).toFixed(1)}%)`;
    ui.prediction.dataset.predicted = String(top);
    const method = ui.heatmapMethod.value as HeatmapMethod;
    const heat = await digitHeatmap(model, pixels, top, method, HEATMAP_SCALE);
    ui.heatmap.width = heat.width;
    ui.heatmap.height = heat.height;
    ui.heatmap
      .getContext('2d')!
      .putImageData(new ImageData(new Uint8ClampedArray(heat.rgba), heat.width, heat.height), 0, 0);
    ui.heatmap.dataset.method = method;
    ui.heatmap.dataset.target = String(top);
  } catch (e) {
    fail(e);
  }
}

function clearDrawing(): void {
  pad.clear();
  ui.probabilities.replaceChildren();
  ui.prediction.textContent = '';
  delete ui.prediction.dataset.predicted;
  ui.heatmap.getContext('2d')!.clearRect(0, 0, ui.heatmap.width, ui.heatmap.height);
  delete ui.heatmap.dataset.method;
  ui.modelInput.getContext('2d')!.clearRect(0, 0, MNIST_SIDE, MNIST_SIDE);
}

async function start(): Promise<void> {
  settings = settingsFromQuery(location.search);
  ui.trainImages.value = String(settings.trainImages);
  ui.epochs.value = String(settings.epochs);
  ui.batchSize.value = String(settings.batchSize);
  await useBackend(settings.backend);
  ui.train.disabled = false;
  ui.train.addEventListener('click', () => void train());
  ui.stop.addEventListener('click', () => {
    stopRequested = true;
  });
  ui.clear.addEventListener('click', clearDrawing);
  ui.heatmapMethod.addEventListener('change', () => void explainDrawing());
  ui.backend.addEventListener('change', () => {
    dropModelAndData();
    chart.reset(0);
    useBackend(ui.backend.value).then(
      () => setState('idle', 'backend changed: train the model again'),
      fail,
    );
  });
  setState('idle', 'press Train to start');
}

start().catch(fail);
