// `explain`: why the saved CNN classifies the first MNIST test digits as it does. For each digit,
// the saliency map and the integrated gradients of the predicted class's probability, drawn as
// heatmaps over the digit (@glia/explain), one PNG per digit per method.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { heatmapPng, integratedGradients, saliency } from '@glia/explain';
import * as glia from 'glia';
import { DEFAULT_EXPLAIN_OPTIONS, type ExplainOptions } from './cli-options';
import { activateBackend } from './train';

/** Each heatmap pixel is drawn as this many screen pixels a side (28 x 8 = 224). */
export const HEATMAP_SCALE = 8;

export type ExplainMethod = 'saliency' | 'integrated-gradients';
export const EXPLAIN_METHODS: readonly ExplainMethod[] = ['saliency', 'integrated-gradients'];

/** One explained digit. */
export interface DigitExplanation {
  /** Its index among the MNIST test images. */
  index: number;
  /** Its true label. */
  label: number;
  /** The class the model predicts, and its probability. */
  predicted: number;
  probability: number;
  /**
   * Integrated gradients' completeness: the attributions' sum and what it should equal, the
   * predicted class's probability for the digit minus that for a black image (the baseline).
   */
  integratedGradientsSum: number;
  scoreGap: number;
  /** Absolute paths of the PNGs, by method. */
  files: Record<ExplainMethod, string>;
}

export interface ExplainResult {
  backend: string;
  digits: DigitExplanation[];
  /** The absolute output directory. */
  dir: string;
}

/** The PNG for test digit `index` and `method`: `digit-0003-saliency.png`. */
export function heatmapFileName(index: number, method: ExplainMethod): string {
  return `digit-${String(index).padStart(4, '0')}-${method}.png`;
}

/**
 * Explains `images` [n, 28, 28, 1] (values in [0, 1]) with `model` and writes the heatmaps into
 * `dir` (created if missing). The model and the tensors stay the caller's.
 */
export async function explainImages(
  model: glia.LayersModel<glia.Tensor>,
  images: glia.Tensor,
  labels: ArrayLike<number>,
  options: { dir: string; steps?: number },
): Promise<DigitExplanation[]> {
  const steps = options.steps ?? DEFAULT_EXPLAIN_OPTIONS.steps;
  const n = images.shape[0]!;
  const [height, width] = [images.shape[1]!, images.shape[2]!];
  const probabilities = glia.tidy(() => model.predict(images));
  const atBlack = glia.tidy(() => model.predict(glia.zerosLike(images)));
  const probabilityRows = (await probabilities.array()) as number[][];
  const blackRows = (await atBlack.array()) as number[][];
  glia.dispose([probabilities, atBlack]);
  const predicted = probabilityRows.map((row) => row.indexOf(Math.max(...row)));

  // The predicted class's probability, explained for all digits at once.
  const gradients = saliency(model, images, { target: predicted });
  const attributions = integratedGradients(model, images, {
    target: predicted,
    baseline: 0,
    steps,
  });
  try {
    const sumTensor = glia.sum(attributions, [1, 2, 3]);
    const sums = await sumTensor.data();
    sumTensor.dispose();
    await mkdir(options.dir, { recursive: true });
    const digits: DigitExplanation[] = [];
    for (let i = 0; i < n; i++) {
      const files: Record<ExplainMethod, string> = {
        saliency: path.join(options.dir, heatmapFileName(i, 'saliency')),
        'integrated-gradients': path.join(options.dir, heatmapFileName(i, 'integrated-gradients')),
      };
      for (const method of EXPLAIN_METHODS) {
        const maps = method === 'saliency' ? gradients : attributions;
        const image = glia.slice(images, [i, 0, 0, 0], [1, height, width, 1]);
        const map = glia.slice(maps, [i, 0, 0, 0], [1, height, width, 1]);
        try {
          // Saliency's sign only says which way a pixel would push the score; its magnitude is
          // what matters. Integrated gradients' sign says whether a pixel adds to the score.
          const png = await heatmapPng(image, map, {
            sign: method === 'saliency' ? 'absolute' : 'signed',
            imageRange: [0, 1],
            scale: HEATMAP_SCALE,
          });
          await writeFile(files[method], png);
        } finally {
          glia.dispose([image, map]);
        }
      }
      const c = predicted[i]!;
      digits.push({
        index: i,
        label: labels[i]!,
        predicted: c,
        probability: probabilityRows[i]![c]!,
        integratedGradientsSum: sums[i]!,
        scoreGap: probabilityRows[i]![c]! - blackRows[i]![c]!,
        files,
      });
    }
    return digits;
  } finally {
    glia.dispose([gradients, attributions]);
  }
}

/** Loads `options.model` and the first `options.count` test digits, and explains them. */
export async function explainDigits(options: Partial<ExplainOptions> = {}): Promise<ExplainResult> {
  const settings = { ...DEFAULT_EXPLAIN_OPTIONS, ...options };
  const backend = await activateBackend(settings.backend);
  const data = await glia.loadMnist({
    source: settings.dataDir === undefined ? 'package' : { dir: settings.dataDir },
    limit: { train: 1, test: settings.count },
  });
  const owned = [data.train.images, data.train.labels, data.test.images, data.test.labels];
  let model: glia.LayersModel<glia.Tensor> | undefined;
  try {
    model = glia.singleOutput(await glia.loadModel(`file://${path.resolve(settings.model)}`));
    const dir = path.resolve(settings.out);
    const labels = await data.test.labels.data();
    const digits = await explainImages(model, data.test.images, labels, {
      dir,
      steps: settings.steps,
    });
    return { backend: backend.describe?.() ?? backend.name, digits, dir };
  } finally {
    model?.dispose();
    glia.dispose(owned);
  }
}

/** What `explain` prints: each digit's prediction and its PNGs. */
export function formatExplanations(result: ExplainResult): string {
  return result.digits
    .map((d) => {
      const check = `integrated gradients sum ${d.integratedGradientsSum.toFixed(4)}, p(x) - p(black) ${d.scoreGap.toFixed(4)}`;
      return [
        `test digit ${d.index} (label ${d.label}): predicted ${d.predicted} (${(100 * d.probability).toFixed(2)}%); ${check}`,
        ...EXPLAIN_METHODS.map((m) => `  ${m.padEnd(21)} ${d.files[m]}`),
      ].join('\n');
    })
    .join('\n');
}
