// Every function and Dataset method of @glia/datasets that takes options, called with a misspelt
// key and with a number where the options go. Run by option-checks.test.ts and by the reliability
// suite (class 6, model API options).
import { type Tensor, tensor } from '@glia/core';
import { type OptionCase, optionCasesOf } from '@glia/core/testing';
import {
  augment,
  augmentImages,
  Dataset,
  featureStats,
  gunzip,
  loadCsv,
  loadFashionMnist,
  loadMnist,
  parseCsv,
  parseIdx,
  readCsvFile,
  scaleToUnitRange,
  standardize,
  trainValidationSplit,
} from './index';

/** The cases; the tensor they share is made by the first case's setup. */
export function datasetOptionCases(): OptionCase[] {
  let data: Tensor | undefined;
  const setup = (): void => {
    data ??= tensor([[1], [2], [3], [4], [5]]);
  };
  const x = (): Tensor => data!;
  const options = <T>(o: unknown): T => o as T;
  const gzipBytes = new Uint8Array([
    0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  ]);
  const idxBytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]);
  const cases = optionCasesOf([
    {
      api: 'parseCsv',
      misspelt: ['delimeter', 'delimiter'],
      call: (o) => parseCsv('a,b\n1,2', options(o)),
    },
    {
      api: 'loadCsv',
      misspelt: ['columnName', 'columnNames'],
      call: (o) => loadCsv('a,b\n1,2', options(o)),
    },
    {
      api: 'readCsvFile',
      misspelt: ['delimeter', 'delimiter'],
      call: (o) => readCsvFile('no-such-file.csv', options(o)),
    },
    {
      api: 'Dataset.batch',
      misspelt: ['drop_remainder', 'dropRemainder'],
      call: (o) => Dataset.fromArrays([1, 2, 3]).batch(2, options(o)),
    },
    {
      api: 'Dataset.shuffle',
      misspelt: ['sed', 'seed'],
      call: (o) => Dataset.fromArrays([1, 2, 3]).shuffle(2, options(o)),
    },
    {
      api: 'gunzip',
      misspelt: ['maxbytes', 'maxBytes'],
      call: (o) => gunzip(gzipBytes, 'x.gz', options(o)),
    },
    {
      api: 'parseIdx',
      misspelt: ['max_items', 'maxItems'],
      call: (o) => parseIdx(idxBytes, 'x', options(o)),
    },
    {
      api: 'loadMnist',
      misspelt: ['verifyChecksum', 'verifyChecksums'],
      call: (o) => loadMnist(options(o)),
    },
    {
      api: 'loadFashionMnist',
      misspelt: ['verify_checksums', 'verifyChecksums'],
      required: { source: { dir: 'no-such-dir' } },
      call: (o) => loadFashionMnist(options(o)),
    },
    {
      api: 'featureStats',
      setup,
      misspelt: ['axes', 'axis'],
      call: (o) => featureStats(x(), options(o)),
    },
    {
      api: 'scaleToUnitRange',
      setup,
      misspelt: ['mins', 'min'],
      call: (o) => scaleToUnitRange(x(), options(o)),
    },
    {
      api: 'standardize',
      setup,
      misspelt: ['stds', 'std'],
      call: (o) => standardize(x(), options(o)),
    },
    {
      api: 'trainValidationSplit',
      setup,
      misspelt: ['validation_fraction', 'validationFraction'],
      call: (o) => trainValidationSplit(x(), options(o)),
    },
    {
      api: 'augmentImages',
      misspelt: ['rotaton', 'rotation'],
      call: (o) => augmentImages(options(o)),
    },
    { api: 'randomFlip', misspelt: ['mod', 'mode'], call: (o) => augment.randomFlip(options(o)) },
    {
      api: 'randomTranslation',
      misspelt: ['height_factor', 'heightFactor'],
      call: (o) => augment.randomTranslation(options(o)),
    },
    {
      api: 'randomRotation',
      misspelt: ['factors', 'factor'],
      call: (o) => augment.randomRotation(options(o)),
    },
    {
      api: 'randomZoom',
      misspelt: ['width_factor', 'widthFactor'],
      call: (o) => augment.randomZoom(options(o)),
    },
    {
      api: 'randomContrast',
      misspelt: ['value_range', 'valueRange'],
      call: (o) => augment.randomContrast(options(o)),
    },
    {
      api: 'gaussianNoise',
      misspelt: ['stdev', 'stddev'],
      call: (o) => augment.gaussianNoise(options(o)),
    },
  ]);
  return [
    ...cases,
    {
      api: 'augmentImages',
      title: "augmentImages: misspelt zoom option 'height_factor'",
      run: () => augmentImages({ zoom: options({ height_factor: 0.1 }) }),
      message:
        /^augmentImages: unknown option 'height_factor' \(did you mean 'heightFactor'\?\): expected augmentImages\(\{ zoom: \{ heightFactor, widthFactor \} \}\)$/,
    },
    {
      api: 'loadMnist',
      title: "loadMnist: misspelt limit 'trian'",
      run: () => loadMnist({ limit: options({ trian: 10 }) }),
      message:
        /^loadMnist: unknown option 'trian' \(did you mean 'train'\?\): expected loadMnist\(\{ limit: \{ train\?, test\? \} \}\)$/,
    },
  ];
}
