import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  integerSetting,
  plannedBatches,
  SettingsError,
  settingsFromQuery,
} from './settings';

describe('settingsFromQuery', () => {
  it('gives the defaults for an empty query', () => {
    expect(settingsFromQuery('')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.backend).toBe('auto');
  });

  it('reads every parameter', () => {
    expect(
      settingsFromQuery('?backend=cpu&train=2000&test=300&epochs=3&batch=64&batches=50&seed=7'),
    ).toEqual({
      backend: 'cpu',
      trainImages: 2000,
      testImages: 300,
      epochs: 3,
      batchSize: 64,
      maxBatches: 50,
      seed: 7,
    });
  });

  it('names the parameter, the range and the value it rejects', () => {
    expect(() => settingsFromQuery('train=0')).toThrow(
      new SettingsError('train: expected an integer from 1 to 60000, got "0"'),
    );
    expect(() => settingsFromQuery('batch=1.5')).toThrow(
      'batch: expected an integer from 1 to 1024, got "1.5"',
    );
    expect(() => settingsFromQuery('epochs=')).toThrow(
      'epochs: expected an integer from 1 to 100, got ""',
    );
    expect(() => settingsFromQuery('test=10001')).toThrow(
      'test: expected an integer from 1 to 10000, got "10001"',
    );
    expect(() => settingsFromQuery('backend=%20')).toThrow(
      'backend: expected a backend name or auto',
    );
  });
});

describe('integerSetting', () => {
  it('uses the label given for form fields', () => {
    expect(integerSetting('batchSize', ' 16 ', 'batch size')).toBe(16);
    expect(() => integerSetting('batchSize', 'abc', 'batch size')).toThrow(
      'batch size: expected an integer from 1 to 1024, got "abc"',
    );
  });
});

describe('plannedBatches', () => {
  it('is ceil(images / batch) per epoch, capped by maxBatches', () => {
    const s = { ...DEFAULT_SETTINGS, trainImages: 100, batchSize: 32, epochs: 3 };
    expect(plannedBatches(s)).toBe(12); // 4 batches (32+32+32+4) per epoch
    expect(plannedBatches({ ...s, maxBatches: 5 })).toBe(5);
    expect(plannedBatches({ ...s, maxBatches: 50 })).toBe(12);
  });
});
