export {
  CliError,
  integerOption,
  nonEmptyOption,
  parseCommandLine,
  SEED_MAX,
  testLimitFor,
} from './cli/options';
export { curveMetrics, type HistoryLike, trainingCurvesSvg } from './report/curves-svg';
export { escapeXml, formatNumber } from './report/svg';
export { parseWellFormedXml, type XmlElement } from './testing/well-formed-xml';
