// The API reference of Glia's published packages: `pnpm run docs` writes it to docs/api/ (ignored by
// git), with the guides of docs/ as its documents. One TypeScript program over every package's
// sources (tsconfig.typedoc.json maps the package names to their src/index.ts), so links between
// packages resolve; scripts/typedoc-package-names.mjs names each module after its package.

/** The published packages, in the order the reference lists them. */
const packages = [
  'core',
  'autograd',
  'optimizers',
  'layers',
  'datasets',
  'explain',
  'onnx',
  'backend-cpu',
  'backend-gpujs',
  'backend-conformance',
  'glia',
];

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'Glia API reference',
  entryPoints: packages.map((p) => `packages/${p}/src/index.ts`),
  tsconfig: 'tsconfig.typedoc.json',
  plugin: ['./scripts/typedoc-package-names.mjs'],
  // No public repository URL to link source lines to.
  disableSources: true,
  readme: 'docs/README.md',
  projectDocuments: ['docs/*.md'],
  out: 'docs/api',
};

export default config;
