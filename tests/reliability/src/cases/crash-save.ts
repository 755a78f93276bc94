/**
 * Class 2: a save killed (SIGKILL) before each of its file-system calls, and at random moments.
 * After each kill the path must load the old model or the new one, and the next save must leave
 * nothing but the model folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layers, loadModel, Sequential } from '@glia/layers';
import type { Outcome } from '../harness';

const CHILD = fileURLToPath(new URL('../save-child.mjs', import.meta.url));
const OLD_INPUTS = 3;
const NEW_INPUTS = 5;

interface ChildRun {
  calls: number | undefined;
  killed: boolean;
}

/** Runs the child saving the new model; kills it at the k-th call, or `delayUs` after it starts. */
function runChild(dir: string, killAt: number, delayUs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], {
      env: { ...process.env, INPUTS: String(NEW_INPUTS), KILL_AT: String(killAt) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (delayUs !== undefined && out.includes('saving') && !child.killed) {
        const until = process.hrtime.bigint() + BigInt(Math.round(delayUs * 1000));
        while (process.hrtime.bigint() < until) {
          // spin: sub-millisecond kill moments
        }
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      const m = /calls (\d+)/.exec(out);
      resolve({ calls: m ? Number(m[1]) : undefined, killed: signal === 'SIGKILL' });
    });
  });
}

async function saveOld(dir: string): Promise<void> {
  const model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [OLD_INPUTS] })] });
  await model.save(`file://${dir}`);
  model.dispose();
}

/** After a kill: the path loads old or new; then a save restores order and leaves no leftovers. */
async function check(root: string, dir: string, title: string, killed: boolean): Promise<Outcome> {
  const problems: string[] = [];
  try {
    const model = await loadModel(`file://${dir}`);
    const inputs = model.inputShapes[0]![1];
    model.dispose();
    if (inputs !== OLD_INPUTS && inputs !== NEW_INPUTS)
      problems.push(`loaded a model with ${inputs} inputs: neither old nor new`);
  } catch (e) {
    problems.push(`no model at the path: ${String(e)}`);
  }
  await saveOld(dir);
  const left = (await readdir(root)).filter((f) => f !== 'model');
  if (left.length > 0) problems.push(`leftovers after the next save: ${left.join(', ')}`);
  if (!killed) problems.push('the child was not killed');
  return { title, held: problems.length === 0, problems, rssGrowth: Number.NaN };
}

export async function crashSaveOutcomes(randomRuns: number): Promise<Outcome[]> {
  const root = await mkdtemp(join(tmpdir(), 'glia-crash-'));
  const dir = join(root, 'model');
  const outcomes: Outcome[] = [];
  try {
    await saveOld(dir);
    const baseline = await runChild(dir, 0);
    const calls = baseline.calls ?? 0;
    if (calls === 0) throw new Error('the child did not report its file-system calls');
    await saveOld(dir);
    const started = performance.now();
    await runChild(dir, 0);
    const childMs = performance.now() - started;
    await saveOld(dir);
    for (let k = 1; k <= calls; k++) {
      const run = await runChild(dir, k);
      outcomes.push(
        await check(root, dir, `killed before file-system call ${k} of ${calls}`, run.killed),
      );
    }
    // random moments: spread over the save, which takes a few milliseconds after "saving"
    let seed = 18;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const spanUs = Math.min(20_000, Math.max(2_000, childMs * 20));
    for (let i = 0; i < randomRuns; i++) {
      const delayUs = random() * spanUs;
      const run = await runChild(dir, 0, delayUs);
      const title = run.killed
        ? `killed ${delayUs.toFixed(0)} µs after the save began`
        : `kill at ${delayUs.toFixed(0)} µs came after the save finished`;
      outcomes.push(await check(root, dir, title, true));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return outcomes;
}
