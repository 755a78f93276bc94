/**
 * @glia/datasets: a lazy `Dataset` pipeline, MNIST and Fashion-MNIST from IDX files, CSV loading,
 * and preprocessing helpers. Node-only modules (`node:fs`, `node:zlib`, ...) are imported on first
 * use, so a browser bundle of the pipeline does not need them.
 * @packageDocumentation
 */

export type {
  AugmentImagesOptions,
  AugmentOptions,
  ImageAugmentation,
} from './augmentation/index';
export * as augment from './augmentation/index';
export { augmentImages } from './augmentation/index';
export type { CsvColumn, CsvColumnType, CsvTable, LoadCsvOptions } from './csv/load-csv';
export { loadCsv, readCsvFile } from './csv/load-csv';
export type { CsvRecord, ParseCsvOptions } from './csv/parse-csv';
export { parseCsv } from './csv/parse-csv';
export type { Batched } from './dataset/batch';
export type { BatchOptions, ShuffleOptions } from './dataset/dataset';
export { Dataset } from './dataset/dataset';
export type { Element } from './dataset/element';
export { disposeElement } from './dataset/element';
export type { ElementSource, TensorTree } from './dataset/sources';
export { ChecksumError, DataFormatError, DataSourceError } from './errors';
export type { FileDigests, MnistFileName } from './idx/checksums';
export { FASHION_MNIST_SHA256, MNIST_SHA256, sha256Hex, verifySha256 } from './idx/checksums';
export { DEFAULT_MAX_INFLATED_BYTES, type GunzipOptions, gunzip, isGzip } from './idx/gzip';
export type { IdxArray, IdxArrayMap, IdxDType, ParseIdxOptions } from './idx/parse-idx';
export { idxByteLength, parseIdx } from './idx/parse-idx';
export type {
  LoadFashionMnistOptions,
  LoadMnistOptions,
  MnistData,
  MnistSplit,
} from './mnist/load-mnist';
export { FASHION_MNIST_URL, loadFashionMnist, loadMnist, MNIST_URL } from './mnist/load-mnist';
export type { MnistSource } from './mnist/source';
export { toOneHot } from './preprocessing/one-hot';
export type { ScaleOptions, StandardizeOptions, StatsAxis } from './preprocessing/scale';
export { featureStats, scaleToUnitRange, standardize } from './preprocessing/scale';
export type { SplitOptions } from './preprocessing/split';
export { trainValidationSplit } from './preprocessing/split';
