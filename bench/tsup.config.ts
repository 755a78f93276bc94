import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/run-one.ts', 'src/onnx-bench.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // TF.js stays a runtime import: bundling it breaks its Node platform detection, and its wasm
  // backend finds its .wasm files next to its own module.
  external: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    '@glia/backend-gpujs',
    'onnxruntime-node',
    '@glia/onnx',
    'wabt',
  ],
});
