// Every explain function that takes options, called with a misspelt key and with a number where
// the options go. Run by option-checks.test.ts and by the reliability suite (class 6, model API
// options). The model is a plain function, so the cases need no layers.
import { mul, sum, type Tensor, tensor } from '@glia/core';
import { type OptionCase, optionCasesOf } from '@glia/core/testing';
import {
  encodePng,
  gradientTimesInput,
  heatmapPng,
  heatmapRgba,
  integratedGradients,
  occlusion,
  saliency,
  smoothGrad,
} from './index';

/** The cases; their input images are made by the first case's setup. */
export function explainOptionCases(): OptionCase[] {
  let images: Tensor | undefined;
  const setup = (): void => {
    images ??= tensor([1, 2, 3, 4], [1, 2, 2, 1]);
  };
  const x = (): Tensor => images!;
  const model = (batch: Tensor): Tensor => sum(mul(batch, 2), [1, 2, 3], true);
  const options = <T>(o: unknown): T => o as T;
  const image = { width: 1, height: 1, channels: 1 as const, pixels: new Uint8Array([7]) };
  return optionCasesOf([
    {
      api: 'saliency',
      setup,
      misspelt: ['targets', 'target'],
      call: (o) => saliency(model, x(), options(o)),
    },
    {
      api: 'gradientTimesInput',
      setup,
      misspelt: ['logit', 'logits'],
      call: (o) => gradientTimesInput(model, x(), options(o)),
    },
    {
      api: 'integratedGradients',
      setup,
      misspelt: ['step', 'steps'],
      call: (o) => integratedGradients(model, x(), options(o)),
    },
    {
      api: 'smoothGrad',
      setup,
      misspelt: ['noise_level', 'noiseLevel'],
      call: (o) => smoothGrad(model, x(), options(o)),
    },
    {
      api: 'occlusion',
      setup,
      misspelt: ['stride', 'strides'],
      required: { window: 1 },
      call: (o) => occlusion(model, x(), options(o)),
    },
    {
      api: 'heatmapRgba',
      setup,
      misspelt: ['colourmap', 'colormap'],
      call: (o) => heatmapRgba(x(), x(), options(o)),
    },
    {
      api: 'heatmapPng',
      setup,
      misspelt: ['scales', 'scale'],
      call: (o) => heatmapPng(x(), x(), options(o)),
    },
    {
      api: 'encodePng',
      misspelt: ['compression', 'compress'],
      call: (o) => encodePng(image, options(o)),
    },
  ]);
}
