// `node dist/onnx-bench.js` (`pnpm --filter @glia/bench bench:onnx`): Glia's CPU inference of the
// seed MNIST CNN against ONNX Runtime (node) running the same model exported with @glia/onnx, on
// one thread and on all threads, in one run. Each measurement runs in its own process (Glia reads
// GLIA_THREADS when its backend starts); the parent writes the model once, both ways.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedCnnLayers } from '@glia/layers/testing';
import { saveOnnx } from '@glia/onnx';
import * as glia from 'glia';
import { ortDescription, ortInferenceRate } from './ort-runner';
import { median, timeRuns } from './timing';

const EXAMPLE: readonly number[] = [28, 28, 1];
const BATCHES = [1, 64, 256];

interface Row {
  engine: 'glia-cpu' | 'onnxruntime';
  threads: number;
  batch: number;
  rate: number;
}

/** The seed program's CNN (apps/mnist-cnn), with seeded weights. */
function seedCnn(): glia.Sequential {
  glia.setSeed(7);
  return glia.sequential({ layers: seedCnnLayers(glia.layers) });
}

async function gliaRates(dir: string): Promise<Row[]> {
  await glia.ready();
  const backend = glia.getBackend() as { threadsReady?: () => Promise<number> };
  const threads = backend.threadsReady ? await backend.threadsReady() : 1;
  const model = glia.singleOutput(await glia.loadModel(`file://${path.join(dir, 'model.json')}`));
  const rows: Row[] = [];
  for (const batch of BATCHES) {
    const x = glia.fill([batch, ...EXAMPLE], 0.5);
    const { runsMs } = await timeRuns(async () => {
      const y = model.predict(x, { batchSize: batch });
      await y.data();
      y.dispose();
    });
    rows.push({ engine: 'glia-cpu', threads, batch, rate: batch / (median(runsMs) / 1000) });
    x.dispose();
  }
  return rows;
}

async function ortRates(dir: string, threads: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const batch of BATCHES) {
    const { rate } = await ortInferenceRate(path.join(dir, 'model.onnx'), EXAMPLE, batch, threads);
    rows.push({ engine: 'onnxruntime', threads, batch, rate });
  }
  return rows;
}

async function child(role: string, dir: string, threads: number): Promise<void> {
  const rows = role === 'glia' ? await gliaRates(dir) : await ortRates(dir, threads);
  console.log(`REPORT ${JSON.stringify(rows)}`);
  process.exit(0);
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'glia-onnx-bench-'));
  await glia.ready();
  const model = seedCnn();
  await model.save(`file://${dir}`);
  await saveOnnx(model, `file://${path.join(dir, 'model.onnx')}`);
  model.dispose();
  const all = availableParallelism();
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  for (const threads of [...new Set([1, all])]) {
    for (const role of ['glia', 'ort']) {
      const out = execFileSync(process.execPath, [self, role, dir, String(threads)], {
        env: { ...process.env, GLIA_THREADS: String(threads) },
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      const line = out.split('\n').find((l) => l.startsWith('REPORT '));
      if (!line) throw new Error(`onnx-bench: the ${role} process printed no report:\n${out}`);
      rows.push(...(JSON.parse(line.slice('REPORT '.length)) as Row[]));
    }
  }
  console.log(
    `node ${process.version}, ${all} cores (${cpus()[0]?.model ?? 'unknown'}), ${ortDescription()}`,
  );
  console.log(
    'seed MNIST CNN inference (93,322 parameters), images per second, median of timed runs\n',
  );
  console.log('| batch | threads | glia-cpu | onnxruntime-node | glia / ort |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const threads of [...new Set([1, all])]) {
    for (const batch of BATCHES) {
      const g = rows.find(
        (r) =>
          r.engine === 'glia-cpu' &&
          r.batch === batch &&
          (threads === 1 ? r.threads === 1 : r.threads !== 1),
      );
      const o = rows.find(
        (r) => r.engine === 'onnxruntime' && r.batch === batch && r.threads === threads,
      );
      const ratio = g && o ? `${(g.rate / o.rate).toFixed(2)}x` : '-';
      const label = g && g.threads !== threads ? `${threads} (glia ${g.threads})` : String(threads);
      console.log(
        `| ${batch} | ${label} | ${g?.rate.toFixed(0) ?? '-'} | ${o?.rate.toFixed(0) ?? '-'} | ${ratio} |`,
      );
    }
  }
}

const [role, dir, threads] = process.argv.slice(2);
if (role === 'glia' || role === 'ort') await child(role, dir!, Number(threads));
else await parent();
