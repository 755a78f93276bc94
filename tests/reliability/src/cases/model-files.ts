/**
 * Class 1: hostile model files on disk, loaded through file://. Each must fail with a
 * ModelFileError before allocating what the topology implies, read nothing outside its folder and
 * grow the process's memory by less than 64 MiB.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { layers, loadModel, ModelFileError, Sequential } from '@glia/layers';
import type { Case } from '../harness';

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}
interface ModelJson {
  modelTopology: { config: { layers: LayerJson[] } };
  weightsManifest: {
    paths: string[];
    weights: { name: string; shape: number[]; dtype: string }[];
  }[];
}

interface Saved {
  json: string;
  bin: Buffer;
}

async function saved(root: string, name: string, model: Sequential): Promise<Saved> {
  const dir = join(root, `base-${name}`);
  await model.save(`file://${dir}`);
  model.dispose();
  return {
    json: await readFile(join(dir, 'model.json'), 'utf8'),
    bin: await readFile(join(dir, 'weights.bin')),
  };
}

/** Writes an edited copy of `base` into its own folder and returns the case loading it. */
function fileCase(
  root: string,
  title: string,
  base: Saved,
  edit: (json: ModelJson, dir: string) => void | Promise<void>,
  message: RegExp,
  bin?: (bin: Buffer) => Buffer,
): Case {
  const dir = join(root, title.replace(/[^a-z0-9]+/gi, '-'));
  let ready: Promise<void> | undefined;
  return {
    title,
    setup: () => {
      ready = (async () => {
        await mkdir(dir, { recursive: true });
        const json = JSON.parse(base.json) as ModelJson;
        await edit(json, dir);
        await writeFile(join(dir, 'model.json'), JSON.stringify(json));
        await writeFile(join(dir, 'weights.bin'), bin ? bin(base.bin) : base.bin);
      })();
    },
    run: async () => {
      await ready;
      return loadModel(`file://${dir}`);
    },
    error: ModelFileError,
    message,
    rssBound: 64 * 2 ** 20,
    folder: dir,
  };
}

export async function modelFileCases(root: string): Promise<Case[]> {
  const mlp = await saved(
    root,
    'mlp',
    new Sequential({
      layers: [layers.dense({ units: 3, inputShape: [4] }), layers.dense({ units: 2 })],
    }),
  );
  const rnn = await saved(
    root,
    'lstm',
    new Sequential({ layers: [layers.lstm({ units: 2, inputShape: [3, 4] })] }),
  );
  const cnn = await saved(
    root,
    'cnn',
    new Sequential({
      layers: [layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [200, 200, 1] })],
    }),
  );
  const first = (j: ModelJson): Record<string, unknown> => j.modelTopology.config.layers[0]!.config;
  const weights = (j: ModelJson) => j.weightsManifest[0]!.weights;
  await writeFile(join(root, 'secret.bin'), new Uint8Array(mlp.bin.length));
  return [
    fileCase(
      root,
      'Dense of 1e8 units',
      mlp,
      (j) => {
        first(j).units = 1e8;
      },
      /the layer's weight is \[4,100000000\]/,
    ),
    fileCase(
      root,
      'Dense of 2^31-1 units',
      mlp,
      (j) => {
        first(j).units = 2 ** 31 - 1;
      },
      /\[4,2147483647\].*expected at most/,
    ),
    fileCase(
      root,
      'batch_input_shape [null, 1e8]',
      mlp,
      (j) => {
        first(j).batch_input_shape = [null, 1e8];
      },
      /the layer's weight is \[100000000,3\]/,
    ),
    fileCase(
      root,
      'LSTM of 1e4 units',
      rnn,
      (j) => {
        first(j).units = 1e4;
      },
      /the layer's weight is \[4,40000\]/,
    ),
    fileCase(
      root,
      'Conv2D of 1e4 filters, 200x200 kernel',
      cnn,
      (j) => {
        first(j).filters = 1e4;
        first(j).kernel_size = [200, 200];
      },
      /the layer's weight is \[200,200,1,10000\]/,
    ),
    fileCase(
      root,
      'manifest lacks a weight',
      mlp,
      (j) => {
        weights(j).pop();
      },
      /weight|bytes/,
      (b) => b.subarray(0, b.length - 8),
    ),
    fileCase(
      root,
      'manifest shape differs',
      mlp,
      (j) => {
        weights(j)[0]!.shape = [3, 4];
      },
      /'dense\/kernel' is \[3,4\]: the layer's weight is \[4,3\]/,
    ),
    fileCase(
      root,
      'manifest declares 16 GiB',
      mlp,
      (j) => {
        weights(j)[0]!.shape = [2 ** 30, 4];
      },
      /declares|bytes/,
    ),
    fileCase(
      root,
      'weights path ../secret.bin',
      mlp,
      (j) => {
        j.weightsManifest[0]!.paths = ['../secret.bin'];
      },
      /no '\.\.'/,
    ),
    fileCase(
      root,
      'weights path /etc/passwd',
      mlp,
      (j) => {
        j.weightsManifest[0]!.paths = ['/etc/passwd'];
      },
      /no absolute path/,
    ),
    fileCase(
      root,
      'weights path file:///etc/passwd',
      mlp,
      (j) => {
        j.weightsManifest[0]!.paths = ['file:///etc/passwd'];
      },
      /no scheme/,
    ),
    fileCase(
      root,
      'weights file is a symlink out of the folder',
      mlp,
      async (j, dir) => {
        j.weightsManifest[0]!.paths = ['link.bin'];
        await symlink(join(root, 'secret.bin'), join(dir, 'link.bin')).catch(() => {});
      },
      /leads outside the model's folder/,
    ),
    fileCase(
      root,
      'truncated weights.bin',
      mlp,
      () => {},
      /truncated|ends inside/,
      (b) => b.subarray(0, 10),
    ),
    fileCase(
      root,
      '__proto__ layer config',
      mlp,
      (j) => {
        Object.defineProperty(first(j), '__proto__', {
          value: { polluted: true },
          enumerable: true,
        });
      },
      /__proto__/,
    ),
    fileCase(
      root,
      'unknown layer class constructor',
      mlp,
      (j) => {
        j.modelTopology.config.layers[0]!.class_name = 'constructor';
      },
      /unknown layer class 'constructor'/,
    ),
  ];
}
