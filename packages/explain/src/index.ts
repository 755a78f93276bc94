/**
 * @glia/explain: attributions for Glia models (saliency, gradient × input, integrated gradients,
 * SmoothGrad, occlusion sensitivity), each shaped like the input, and heatmaps over images as
 * RGBA pixels or PNG files.
 * @packageDocumentation
 */
export { gradientTimesInput, saliency } from './gradients';
export type { Colormap, HeatmapOptions, RgbaImage } from './heatmap';
export { heatmapPng, heatmapRgba } from './heatmap';
export type { IntegratedGradientsOptions } from './integrated-gradients';
export { integratedGradients } from './integrated-gradients';
export type { AttributionOptions, ExplainModel, Target } from './model';
export type { OcclusionOptions } from './occlusion';
export { occlusion } from './occlusion';
export type { PngImage, PngOptions } from './png';
export { encodePng } from './png';
export type { SmoothGradOptions } from './smooth-grad';
export { smoothGrad } from './smooth-grad';
