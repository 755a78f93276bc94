// The playground page: the controls, the live chart, the drawing pad, the probabilities and the
// heatmap. Glia runs in a worker (worker/training-worker.ts), so the page keeps drawing and
// answering clicks however long a batch takes. The page's state is mirrored in
// <body data-state> (starting, idle, loading, training, trained, error) for people reading the DOM
// and for the end-to-end test.
import type { BackendChoice } from './backends';
import { MNIST_SIDE, toMnistDigit } from './digit-image';
import type { HeatmapMethod } from './digit-model';
import { DrawPad } from './draw-pad';
import { LiveChart } from './live-chart';
import { mnistBaseUrl } from './mnist-url';
import { renderProbabilityBars } from './probability-bars';
import {
  DEFAULT_SETTINGS,
  integerSetting,
  settingsFromQuery,
  type TrainSettings,
} from './settings';
import type { PageRequest, WorkerEvent } from './worker/protocol';

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

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), {
  type: 'module',
});
const send = (request: PageRequest, transfer: Transferable[] = []): void =>
  worker.postMessage(request, transfer);

let settings: TrainSettings = DEFAULT_SETTINGS;
let run: { settings: TrainSettings; started: number } | undefined;
let trained = false;
let explainId = 0;
const chart = new LiveChart(ui.chart);
const pad = new DrawPad(ui.pad, () => explainDrawing());

function setState(state: PageState, message: string): void {
  document.body.dataset.state = state;
  ui.status.textContent = message;
  ui.status.classList.toggle('error', state === 'error');
}

function setBusy(busy: boolean): void {
  ui.train.disabled = busy;
  ui.backend.disabled = busy;
  ui.stop.disabled = !busy;
}

function fillBackendPicker(choices: readonly BackendChoice[], selected: string): void {
  ui.backend.replaceChildren(
    ...choices.map((choice) => {
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

function readSettings(): TrainSettings {
  return {
    ...settings,
    trainImages: integerSetting('trainImages', ui.trainImages.value, 'training images'),
    epochs: integerSetting('epochs', ui.epochs.value, 'epochs'),
    batchSize: integerSetting('batchSize', ui.batchSize.value, 'batch size'),
  };
}

function train(): void {
  let next: TrainSettings;
  try {
    next = readSettings();
  } catch (e) {
    setState('error', e instanceof Error ? e.message : String(e));
    return;
  }
  run = { settings: next, started: performance.now() };
  trained = false;
  setBusy(true);
  setState('loading', 'starting…');
  send({ type: 'train', settings: next, mnistUrl: mnistBaseUrl(document.baseURI) });
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

function explainDrawing(): void {
  const pixels = toMnistDigit(pad.ink());
  if (pixels === undefined) return;
  drawModelInput(pixels);
  if (!trained) {
    ui.prediction.textContent = run === undefined ? 'train the model first' : 'wait for training';
    return;
  }
  explainId++;
  const method = ui.heatmapMethod.value as HeatmapMethod;
  send({ type: 'explain', id: explainId, pixels, method, scale: HEATMAP_SCALE }, [pixels.buffer]);
}

function clearDrawing(): void {
  pad.clear();
  ui.probabilities.replaceChildren();
  ui.prediction.textContent = '';
  delete ui.prediction.dataset.predicted;
  ui.heatmap.getContext('2d')!.clearRect(0, 0, ui.heatmap.width, ui.heatmap.height);
  delete ui.heatmap.dataset.method;
  delete ui.heatmap.dataset.target;
  ui.modelInput.getContext('2d')!.clearRect(0, 0, MNIST_SIDE, MNIST_SIDE);
}

function onWorkerEvent(event: WorkerEvent): void {
  switch (event.type) {
    case 'backend': {
      document.body.dataset.backend = event.name;
      ui.backendInfo.textContent = `running on ${event.name}: ${event.description}`;
      fillBackendPicker(event.choices, ui.backend.value || settings.backend);
      if (document.body.dataset.state === 'starting') {
        ui.train.disabled = false;
        setState('idle', 'press Train to start');
      } else {
        trained = false;
        chart.reset(0);
        setState('idle', 'backend changed: train the model again');
      }
      return;
    }
    case 'loading':
      setState('loading', `loading ${event.train} training and ${event.test} test images…`);
      return;
    case 'training':
      chart.reset(event.planned);
      ui.progress.max = event.planned;
      ui.progress.value = 0;
      ui.progressText.textContent = '';
      setState('training', `training on ${document.body.dataset.backend}…`);
      return;
    case 'batch': {
      chart.add({ loss: event.loss, accuracy: event.accuracy });
      ui.progress.value = event.done;
      const seconds = (performance.now() - run!.started) / 1000;
      ui.progressText.textContent = `batch ${event.done}/${event.planned}, epoch ${event.epoch + 1}, ${((event.done * run!.settings.batchSize) / seconds).toFixed(0)} images/s`;
      return;
    }
    case 'trained':
      trained = true;
      setBusy(false);
      document.body.dataset.testAccuracy = String(event.test.accuracy);
      setState(
        'trained',
        `trained ${event.batches} batches in ${event.seconds.toFixed(1)} s on ${event.backend}; test accuracy ${(event.test.accuracy * 100).toFixed(1)}% on ${event.testImages} images (loss ${event.test.loss.toFixed(3)}). Draw a digit!`,
      );
      if (!pad.isEmpty) explainDrawing();
      return;
    case 'explained': {
      if (event.id !== explainId) return; // a newer drawing is on its way
      renderProbabilityBars(ui.probabilities, event.probabilities);
      const top = event.predicted;
      ui.prediction.textContent = `${top} (${(event.probabilities[top]! * 100).toFixed(1)}%)`;
      ui.prediction.dataset.predicted = String(top);
      const { width, height, rgba } = event.heatmap;
      ui.heatmap.width = width;
      ui.heatmap.height = height;
      ui.heatmap
        .getContext('2d')!
        .putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
      ui.heatmap.dataset.method = event.method;
      ui.heatmap.dataset.target = String(top);
      return;
    }
    case 'error':
      if (event.request === 'train' || event.request === 'use-backend') setBusy(false);
      console.error(`playground worker: ${event.request}: ${event.message}`);
      setState('error', event.message);
      return;
  }
}

function start(): void {
  settings = settingsFromQuery(location.search);
  ui.trainImages.value = String(settings.trainImages);
  ui.epochs.value = String(settings.epochs);
  ui.batchSize.value = String(settings.batchSize);
  worker.addEventListener('message', (e: MessageEvent<WorkerEvent>) => onWorkerEvent(e.data));
  worker.addEventListener('error', (e) =>
    setState('error', `the training worker failed: ${e.message}`),
  );
  ui.train.addEventListener('click', train);
  ui.stop.addEventListener('click', () => send({ type: 'stop' }));
  ui.clear.addEventListener('click', clearDrawing);
  ui.heatmapMethod.addEventListener('change', explainDrawing);
  ui.backend.addEventListener('change', () =>
    send({ type: 'use-backend', choice: ui.backend.value }),
  );
  send({ type: 'use-backend', choice: settings.backend });
}

try {
  start();
} catch (e) {
  setState('error', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}
