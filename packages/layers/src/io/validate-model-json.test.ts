// A model file is data from a stranger: each broken or hostile file is rejected with the file and
// the field named, before any tensor is allocated.
import '@glia/backend-cpu';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memory } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromMemory } from './handlers/memory';
import { loadModel } from './load-model';
import { ModelFileError } from './model-file-error';
import { gliaCnn, gliaMlp } from './test-models';
import { useTempDir } from './test-support';

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}
/** The parts of model.json the cases edit. */
interface Json {
  modelTopology: { class_name: string; config: { layers: LayerJson[] } };
  format?: string;
  weightsManifest: {
    paths: string[];
    weights: { name: string; shape: number[]; dtype: string }[];
  }[];
  trainingConfig?: unknown;
}

const dir = useTempDir('glia-validate-');
let mlpJson: string;
let mlpBin: Buffer;
let cnnJson: string;
let cnnBin: Buffer;

beforeAll(async () => {
  const mlp = gliaMlp(1, 4);
  await mlp.save(`file://${join(dir(), 'mlp')}`);
  mlp.dispose();
  const cnn = gliaCnn(1);
  await cnn.save(`file://${join(dir(), 'cnn')}`);
  cnn.dispose();
  mlpJson = await readFile(join(dir(), 'mlp', 'model.json'), 'utf8');
  mlpBin = await readFile(join(dir(), 'mlp', 'weights.bin'));
  cnnJson = await readFile(join(dir(), 'cnn', 'model.json'), 'utf8');
  cnnBin = await readFile(join(dir(), 'cnn', 'weights.bin'));
});

interface Case {
  name: string;
  /** Which saved model to start from. */
  base?: 'mlp' | 'cnn';
  /** Edits the parsed model.json. */
  edit?: (json: Json) => void;
  /** Replaces the model.json text (after `edit`). */
  text?: (text: string) => string;
  /** Replaces weights.bin. */
  bin?: (bin: Buffer) => Buffer;
  /** The field the error names. */
  field: string;
  message: RegExp;
}

const layer0 = 'modelTopology.config.layers[0]';
const cases: Case[] = [
  { name: 'not JSON', text: (t) => t.slice(0, 100), field: '', message: /is not valid JSON/ },
  {
    name: 'unknown layer class',
    edit: (j) => {
      j.modelTopology.config.layers[1].class_name = 'EvalLayer';
    },
    field: 'modelTopology.config.layers[1].class_name',
    message: /unknown layer class 'EvalLayer': expected one of .*Dense/,
  },
  {
    name: 'unknown layer field',
    edit: (j) => {
      j.modelTopology.config.layers[0].config.on_load = 'alert(1)';
    },
    field: `${layer0}.config.on_load`,
    message: /unknown field for Dense: Glia's Dense reads .*units/,
  },
  {
    name: 'a constraint Glia lacks',
    edit: (j) => {
      j.modelTopology.config.layers[0].config.kernel_constraint = {
        class_name: 'MaxNorm',
        config: {},
      };
    },
    field: `${layer0}.config.kernel_constraint`,
    message: /not supported/,
  },
  {
    name: '__proto__ key in a layer config',
    text: (t) => t.replace('"units":', '"__proto__":{"polluted":true},"units":'),
    field: `${layer0}.config.__proto__`,
    message: /'__proto__' is not allowed/,
  },
  {
    name: 'constructor key at the top',
    text: (t) => t.replace('{"modelTopology"', '{"constructor":{"prototype":{}},"modelTopology"'),
    field: 'constructor',
    message: /'constructor' is not allowed/,
  },
  {
    name: 'prototype key deep in an initializer',
    text: (t) => t.replace('"scale":', '"prototype":1,"scale":'),
    field: `${layer0}.config.kernel_initializer.config.prototype`,
    message: /'prototype' is not allowed/,
  },
  {
    name: 'a key that camelCases to constructor',
    text: (t) => t.replace('"units":', '"constructor_":1,"units":'),
    field: `${layer0}.config.constructor_`,
    message: /not allowed/,
  },
  {
    name: 'non-array layers',
    edit: (j) => {
      (j.modelTopology.config as Record<string, unknown>).layers = {
        0: j.modelTopology.config.layers[0],
      };
    },
    field: 'modelTopology.config.layers',
    message: /is an object: expected an array/,
  },
  {
    name: 'no layers',
    edit: (j) => {
      j.modelTopology.config.layers = [];
    },
    field: 'modelTopology.config.layers',
    message: /is empty/,
  },
  {
    name: 'a Sequential config under a functional class',
    edit: (j) => {
      j.modelTopology.class_name = 'Model';
    },
    field: 'modelTopology.config.layers[0].inbound_nodes',
    message: /is empty: layer '.*' is not connected to the graph/,
  },
  {
    name: 'an unknown model class',
    edit: (j) => {
      j.modelTopology.class_name = 'Subclassed';
    },
    field: 'modelTopology.class_name',
    message: /is 'Subclassed': Glia loads Sequential, Functional and Model/,
  },
  {
    name: 'graph model',
    edit: (j) => {
      j.format = 'graph-model';
    },
    field: 'format',
    message: /graph model/,
  },
  {
    name: 'string kernel_size',
    base: 'cnn',
    edit: (j) => {
      j.modelTopology.config.layers[2].config.kernel_size = '3';
    },
    field: 'modelTopology.config.layers[2].config.kernel_size',
    message: /kernelSize must be a positive integer or a pair of them, got "3"/,
  },
  {
    name: 'units of -4',
    edit: (j) => {
      j.modelTopology.config.layers[1].config.units = -4;
    },
    field: 'modelTopology.config.layers[1].config.units',
    message: /units must be a positive integer, got -4/,
  },
  {
    name: 'a layer that does not fit',
    base: 'cnn',
    edit: (j) => {
      j.modelTopology.config.layers[0].config.batch_input_shape = [null, 6, 6, 1];
    },
    field: 'modelTopology.config.layers[2]',
    message: /Conv2D 'conv2d_1' does not fit the layers before it/,
  },
  {
    name: 'negative shape',
    edit: (j) => {
      j.weightsManifest[0].weights[1].shape = [-32];
    },
    field: 'weightsManifest[0].weights[1].shape[0]',
    message: /expected a whole number >= 0/,
  },
  {
    name: 'unknown dtype',
    edit: (j) => {
      j.weightsManifest[0].weights[1].dtype = 'float64';
    },
    field: 'weightsManifest[0].weights[1].dtype',
    message: /expected 'float32', 'int32' or 'bool'/,
  },
  {
    name: 'wrong byte length in the manifest',
    edit: (j) => {
      j.weightsManifest[0].weights[1].shape = [33];
    },
    field: 'weightSpecs[3]',
    message: /ends inside weight 'dense_1\/bias'/,
  },
  {
    name: 'truncated weights.bin',
    bin: (b) => b.subarray(0, b.length - 7),
    field: 'weightSpecs[3]',
    message: /truncated/,
  },
  {
    name: 'weights.bin too long',
    bin: (b) => Buffer.concat([b, Buffer.alloc(8)]),
    field: 'weightSpecs',
    message: /weights need \d+/,
  },
  {
    name: 'weights path outside the directory',
    edit: (j) => {
      j.weightsManifest[0].paths = ['../../etc/passwd'];
    },
    field: 'weightsManifest[0].paths[0]',
    message: /relative to model.json/,
  },
  {
    name: 'a manifest weight the model lacks',
    edit: (j) => {
      j.weightsManifest[0].weights[1].name = 'dense/gamma';
    },
    field: 'weightsManifest',
    message: /lacks weights of the model: dense\/bias/,
  },
  {
    name: 'a weight of the wrong shape',
    edit: (j) => {
      j.weightsManifest[0].weights[0].shape = [32, 4];
    },
    field: 'weightSpecs[0].shape',
    message: /'dense\/kernel' is \[32,4\]: the layer's weight is \[4,32\]/,
  },
  {
    name: 'an unknown optimizer',
    edit: (j) => {
      j.trainingConfig = {
        loss: 'mse',
        metrics: [],
        optimizer_config: { class_name: 'Evil', config: {} },
      };
    },
    field: 'trainingConfig.optimizer_config',
    message: /Evil/,
  },
];

describe('loadModel rejects broken and hostile model files', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const json = JSON.parse(c.base === 'cnn' ? cnnJson : mlpJson) as Json;
      c.edit?.(json);
      let text = JSON.stringify(json);
      if (c.text) text = c.text(text);
      const bin = c.bin
        ? c.bin(c.base === 'cnn' ? cnnBin : mlpBin)
        : c.base === 'cnn'
          ? cnnBin
          : mlpBin;
      const caseDir = join(dir(), c.name.replace(/\W+/g, '-'));
      await mkdir(caseDir, { recursive: true });
      await writeFile(join(caseDir, 'model.json'), text);
      await writeFile(join(caseDir, 'weights.bin'), bin);

      const before = memory();
      const error = await loadModel(`file://${join(caseDir, 'model.json')}`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelFileError);
      const e = error as ModelFileError;
      expect(e.message).toContain('model.json');
      expect(e.field).toBe(c.field);
      expect(e.message).toMatch(c.message);
      expect(memory().numTensors).toBe(before.numTensors);
      expect(memory().numBytes).toBe(before.numBytes);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('rejects hostile artifacts handed over in memory too', async () => {
    const json = JSON.parse(mlpJson) as Json;
    const artifacts = JSON.parse(
      JSON.stringify({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
      }).replace('"units":', '"__proto__":{"x":1},"units":'),
    ) as Record<string, unknown>;
    const before = memory().numTensors;
    await expect(
      loadModel(fromMemory({ ...artifacts, weightData: new Uint8Array(mlpBin).buffer })),
    ).rejects.toThrow(
      "model.json: modelTopology.config.layers[0].config.__proto__: the key '__proto__' is not allowed",
    );
    await expect(
      loadModel(fromMemory({ ...artifacts, weightData: new ArrayBuffer(3) })),
    ).rejects.toThrow(ModelFileError);
    expect(memory().numTensors).toBe(before);
  });
});
