/**
 * The playground's settings: defaults, the URL parameters that override them (so a link, or the
 * end-to-end test, can ask for a short run), and their checks.
 */

/** What a training run uses. */
export interface TrainSettings {
  /** `'auto'`: the best backend that starts (gpu.js first), else a registered backend's name. */
  backend: string;
  /** How many MNIST training images to train on (the first ones). */
  trainImages: number;
  /** How many MNIST test images to evaluate on after training. */
  testImages: number;
  epochs: number;
  batchSize: number;
  /** Stop after this many batches in all (for quick looks and the end-to-end test). */
  maxBatches: number | undefined;
  seed: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  backend: 'auto',
  trainImages: 6000,
  testImages: 1000,
  epochs: 2,
  batchSize: 32,
  maxBatches: undefined,
  seed: 42,
};

const LIMITS = {
  trainImages: [1, 60000],
  testImages: [1, 10000],
  epochs: [1, 100],
  batchSize: [1, 1024],
  maxBatches: [1, 1_000_000],
  seed: [0, 2 ** 31 - 1],
} as const;

/** The URL parameter of each setting: `?backend=cpu&train=2000&epochs=1&batch=64&batches=50`. */
export const URL_PARAMETERS = {
  backend: 'backend',
  trainImages: 'train',
  testImages: 'test',
  epochs: 'epochs',
  batchSize: 'batch',
  maxBatches: 'batches',
  seed: 'seed',
} as const satisfies Record<keyof TrainSettings, string>;

/** A bad setting; its message names the parameter, the value and the allowed range. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Checks one integer setting, named `label` in the message. */
export function integerSetting(
  key: keyof typeof LIMITS,
  value: string | number,
  label: string = URL_PARAMETERS[key],
): number {
  const [min, max] = LIMITS[key];
  const text = String(value).trim();
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new SettingsError(
      `${label}: expected an integer from ${min} to ${max}, got ${JSON.stringify(String(value))}`,
    );
  }
  return n;
}

/** The settings a page URL's query asks for, over the defaults. */
export function settingsFromQuery(query: string | URLSearchParams): TrainSettings {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const settings: TrainSettings = { ...DEFAULT_SETTINGS };
  const backend = params.get(URL_PARAMETERS.backend);
  if (backend !== null) {
    if (backend.trim() === '') throw new SettingsError('backend: expected a backend name or auto');
    settings.backend = backend.trim();
  }
  for (const key of ['trainImages', 'testImages', 'epochs', 'batchSize', 'seed'] as const) {
    const value = params.get(URL_PARAMETERS[key]);
    if (value !== null) settings[key] = integerSetting(key, value);
  }
  const batches = params.get(URL_PARAMETERS.maxBatches);
  if (batches !== null) settings.maxBatches = integerSetting('maxBatches', batches);
  return settings;
}

/** How many batches a run trains: every epoch's batches, or `maxBatches` when fewer. */
export function plannedBatches(settings: TrainSettings): number {
  const perEpoch = Math.ceil(settings.trainImages / settings.batchSize);
  const all = perEpoch * settings.epochs;
  return settings.maxBatches === undefined ? all : Math.min(all, settings.maxBatches);
}
