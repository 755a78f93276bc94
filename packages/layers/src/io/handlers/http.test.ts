// http(s)://: load fetches model.json and the weights beside it; save POSTs the multipart form
// TF.js servers expect. Tested against a local server.
import '@glia/backend-cpu';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ready } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../load-model';
import { gliaMlp } from '../test-models';

const files = new Map<string, { type: string; body: Buffer }>();
let server: Server;
let base: string;

beforeAll(async () => {
  await ready();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', base);
      if (req.method === 'POST') {
        // Parse the multipart form as a TF.js model server would, and keep its two files.
        const form = await new Response(Buffer.concat(chunks), {
          headers: { 'content-type': req.headers['content-type'] ?? '' },
        }).formData();
        const dirPath = url.pathname.replace(/\/upload$/, '');
        for (const name of ['model.json', 'model.weights.bin']) {
          const value = form.get(name);
          if (value === null || typeof value === 'string') continue;
          files.set(`${dirPath}/${name}`, {
            type: value.type,
            body: Buffer.from(await value.arrayBuffer()),
          });
        }
        res.writeHead(200).end('{}');
        return;
      }
      const file = files.get(url.pathname);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file.type }).end(file.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('http://', () => {
  it('saves with a multipart POST and loads back over GET', async () => {
    const model = gliaMlp(5);
    const result = await model.save(`${base}/models/mlp/upload`);
    expect(result.weightDataBytes).toBe((20 * 32 + 32 + 32 * 5 + 5) * 4);
    expect([...files.keys()].sort()).toEqual([
      '/models/mlp/model.json',
      '/models/mlp/model.weights.bin',
    ]);
    const json = JSON.parse(files.get('/models/mlp/model.json')!.body.toString('utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./model.weights.bin']);

    const loaded = await loadModel(`${base}/models/mlp/model.json`);
    const [a, b] = [model.getWeights(), loaded.getWeights()];
    for (let i = 0; i < a.length; i++)
      expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
    for (const t of [...a, ...b]) t.dispose();
    loaded.dispose();
    model.dispose();
  });

  it('names the URL that failed', async () => {
    await expect(loadModel(`${base}/missing/model.json`)).rejects.toThrow(
      `${base}/missing/model.json: GET answered 404`,
    );
  });
});
