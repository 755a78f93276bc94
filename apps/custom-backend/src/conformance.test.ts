// The plain backend against the backend contract: every case of @glia/backend-conformance. The kit
// fails any case in which a kernel ran on the CPU fallback (expectNoFallbacks defaults to true);
// this file says so explicitly and checks the counter once more after the whole suite.
import { runConformance } from '@glia/backend-conformance';
import { getFallbackCounts, resetFallbackCounts } from '@glia/core';
import { afterAll, beforeAll, expect } from 'vitest';
import { PlainBackend } from './index';

beforeAll(() => resetFallbackCounts());

runConformance({ name: 'plain', factory: () => new PlainBackend(), expectNoFallbacks: true });

afterAll(() => {
  expect(getFallbackCounts(), 'kernels that ran on the CPU fallback').toEqual({});
});
