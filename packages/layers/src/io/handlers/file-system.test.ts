// file:// saves atomically: a save that fails part-way leaves the previous model as it was.
import '@glia/backend-cpu';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadModel } from '../load-model';
import { gliaMlp } from '../test-models';
import { useTempDir } from '../test-support';

/** When set, writing a file whose path ends with it fails (a full disk, a crash). */
const failures = vi.hoisted(() => ({ failOn: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    writeFile: async (...args: Parameters<typeof actual.writeFile>) => {
      if (failures.failOn && String(args[0]).endsWith(failures.failOn))
        throw new Error('ENOSPC: no space left on device (simulated)');
      return actual.writeFile(...args);
    },
  };
});

const root = useTempDir('glia-fs-');

describe('file://', () => {
  it('a save that fails after model.json leaves the previous model intact, and no debris', async () => {
    const dir = join(root(), 'model');
    const first = gliaMlp(1);
    await first.save(`file://${dir}`);
    const jsonBefore = await fsp.readFile(join(dir, 'model.json'), 'utf8');
    const binBefore = await fsp.readFile(join(dir, 'weights.bin'));

    const second = gliaMlp(2, 7); // a different model
    failures.failOn = 'weights.bin';
    await expect(second.save(`file://${dir}`)).rejects.toThrow(/simulated/);
    failures.failOn = undefined;

    expect(await fsp.readFile(join(dir, 'model.json'), 'utf8')).toBe(jsonBefore);
    expect(await fsp.readFile(join(dir, 'weights.bin'))).toEqual(binBefore);
    expect(await fsp.readdir(root())).toEqual(['model']);
    const loaded = await loadModel(`file://${dir}/model.json`);
    expect(loaded.inputShape).toEqual([null, 20]);
    loaded.dispose();

    // And a save that succeeds replaces it whole.
    await second.save(`file://${dir}`);
    const replaced = await loadModel(`file://${dir}`);
    expect(replaced.inputShape).toEqual([null, 7]);
    expect(await fsp.readdir(root())).toEqual(['model']);
    for (const m of [first, second, replaced]) m.dispose();
  });

  it('never replaces a directory that holds other files', async () => {
    const dir = join(root(), 'project');
    await fsp.mkdir(dir);
    await fsp.writeFile(join(dir, 'notes.txt'), 'keep me');
    const model = gliaMlp(3);
    await expect(model.save(`file://${dir}`)).rejects.toThrow(
      /holds files that are not model files \(notes.txt\): refusing to replace it/,
    );
    expect(await fsp.readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    model.dispose();
  });

  it('names the missing file', async () => {
    await expect(loadModel(`file://${join(root(), 'nowhere')}`)).rejects.toThrow(
      /nowhere\/model.json: cannot be read/,
    );
    const dir = join(root(), 'no-weights');
    const model = gliaMlp(4);
    await model.save(`file://${dir}`);
    await fsp.rm(join(dir, 'weights.bin'));
    await expect(loadModel(`file://${dir}`)).rejects.toThrow(
      /weights.bin: is missing: .*model.json lists it/,
    );
    model.dispose();
  });
});
