// A crash between a save's two renames leaves no folder at the path, only its hidden old and new
// copies beside it: load still finds a model (the newest complete copy), and the next save puts
// things in order and removes every leftover. The SIGKILL test of every crash point is in
// tests/reliability (it needs the built package in a child process).
import '@glia/backend-cpu';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../load-model';
import { gliaMlp } from '../test-models';
import { useTempDir } from '../test-support';

const root = useTempDir('glia-recover-');

describe('file:// recovers from a crash between the renames', () => {
  it('loads the new copy while the path is missing, and the next save cleans up', async () => {
    const dir = join(root(), 'model');
    const old = gliaMlp(1, 20);
    const next = gliaMlp(2, 7);
    await old.save(`file://${dir}`);
    await next.save(`file://${join(root(), 'staged')}`);
    // the state a SIGKILL between `rename(dir, replaced)` and `rename(saving, dir)` leaves
    const tag = `${process.pid}-${Date.now().toString(36)}-abc123`;
    await fsp.rename(dir, join(root(), `.model.replaced-${tag}`));
    await fsp.rename(join(root(), 'staged'), join(root(), `.model.saving-${tag}`));
    // an older, half-written leftover too
    await fsp.mkdir(
      join(root(), `.model.saving-${process.pid}-${(Date.now() - 5000).toString(36)}-x`),
    );

    const loaded = await loadModel(`file://${dir}`);
    expect(loaded.inputShape).toEqual([null, 7]); // the new model
    loaded.dispose();

    const third = gliaMlp(3, 5);
    await third.save(`file://${dir}`);
    expect((await fsp.readdir(root())).sort()).toEqual(['model']);
    const again = await loadModel(`file://${dir}`);
    expect(again.inputShape).toEqual([null, 5]);
    for (const m of [old, next, third, again]) m.dispose();
  });

  it('with only the old copy complete, load gives the old model', async () => {
    const dir = join(root(), 'only-old');
    const old = gliaMlp(1, 9);
    await old.save(`file://${dir}`);
    const tag = `${process.pid}-${Date.now().toString(36)}-def456`;
    await fsp.rename(dir, join(root(), `.only-old.replaced-${tag}`));
    await fsp.mkdir(join(root(), `.only-old.saving-${tag}`)); // the new copy never got its files
    const loaded = await loadModel(`file://${dir}`);
    expect(loaded.inputShape).toEqual([null, 9]);
    loaded.dispose();
    old.dispose();
  });
});
