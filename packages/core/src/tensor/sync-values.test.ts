import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend } from '../backend/registry';
import { withoutSyncReads } from '../backend/without-sync-reads';
import { SyncReadError } from '../errors';
import { HostBackend } from '../test-support/host-backend';
import { tensor } from './create';
import { dataSyncIfAvailable } from './sync-values';

describe('dataSyncIfAvailable', () => {
  beforeAll(() => {
    registerBackend('sv-sync', () => new HostBackend('sv-sync'));
    registerBackend('sv-async', () =>
      withoutSyncReads(new HostBackend('sv-async'), () => new SyncReadError('async only')),
    );
  });
  afterAll(() => {
    removeBackend('sv-sync');
    removeBackend('sv-async');
  });

  it('gives the values where reads are synchronous, undefined where they are not', async () => {
    await setBackend('sv-sync');
    expect(Array.from(dataSyncIfAvailable(tensor([1, 2]))!)).toEqual([1, 2]);
    await setBackend('sv-async');
    const t = tensor([3, 4]);
    expect(dataSyncIfAvailable(t)).toBeUndefined();
    expect(Array.from(await t.data())).toEqual([3, 4]);
  });

  it('lets other errors through (a disposed tensor)', async () => {
    await setBackend('sv-sync');
    const t = tensor([1]);
    t.dispose();
    expect(() => dataSyncIfAvailable(t)).toThrow(/disposed/);
  });
});
