// The layers of src/ and the directions imports may take, checked by `npm run lint`
// (dependency-cruiser: it resolves TypeScript paths, sees type-only imports, and finds cycles of
// any length, which no ESLint rule does cheaply). docs/layout.md explains each folder.
//
// Bottom to top. A module may import its own layer and any layer below it, never one above.
const LAYERS = [
  // pure TypeScript, no vscode: runs in plain Node
  { name: 'core', path: '^src/core/' },
  // the few shared glue modules at the top of src/: logger, command ids, setting keys, lazy bundle loaders
  { name: 'base', path: '^src/(?!extension\\.ts$)[^/]+\\.ts$' },
  { name: 'ui', path: '^src/ui/' },
  { name: 'errors', path: '^src/errors/' },
  { name: 'commands', path: '^src/commands/' },
  { name: 'storage', path: '^src/storage/' },
  { name: 'tree', path: '^src/tree/' },
  { name: 'transfer', path: '^src/transfer/' },
  { name: 'validation', path: '^src/validation/' },
  { name: 'bitmovin', path: '^src/bitmovin/' },
  // package checks, CORS from a player (issue 14): over the tree, transfers and validation
  { name: 'media', path: '^src/media/' },
  // the composition root: wires everything, imported by nothing
  { name: 'extension', path: '^src/extension\\.ts$' },
];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `src layer "${layer.name}" may import only ${LAYERS.slice(0, i + 1).map((l) => l.name).join(', ')} (see docs/layout.md)`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide which module owns a rule; move what both sides need below them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'src/core runs in plain Node: no vscode, and nothing of the glue.',
      severity: 'error',
      from: { path: '^src/core/' },
      // `vscode` resolves to its type declarations (@types/vscode), or to nothing where they are missing
      to: { path: ['^src/(?!core/)', '(^|/)@types/vscode/', '^vscode$'] },
    },
    {
      name: 'no-unknown-layer',
      comment: 'Every folder of src/ has a place in the layers above; add a new one there first.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map((l) => l.path) },
      to: {},
    },
    ...upward,
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // type-only imports bind layers as much as any other: a type from above is a design smell
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
  },

};
