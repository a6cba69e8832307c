// Bundles the extension with esbuild. `vscode` is provided by the host.
//
// The AWS SDK (about 1.3 MB) and mime-db go into their own bundle, dist/deps.js, and every
// import of them in the extension is redirected there, so activation parses only the small
// main file and they are read on the first storage operation (the code that uses them loads
// them with `await import(...)` or a lazy `require`).
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --analyze prints what each bundle is made of (esbuild's analyzeMetafile), largest first.
const analyze = process.argv.includes('--analyze');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
};

// Imports of the heavy dependencies resolve, at run time, to the one shared bundle, so that
// every part of the extension uses the same copy of the SDK and its classes.
const heavyToDepsBundle = {
  name: 'heavy-deps-bundle',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/|(^|\/)(mimeDeps|schemaDeps|sdkDeps)$/ }, () => ({ path: './deps.js', external: true }));
  },
};

// src/core/errors goes into dist/errors.js, required on first use through src/errors/lazyErrors.ts.
const errorsToOwnBundle = {
  name: 'errors-own-bundle',
  setup(build) {
    const errorsDir = resolve('src/core/errors');
    build.onResolve({ filter: /errors$/ }, (args) => {
      const target = resolve(dirname(args.importer), args.path);
      if (target === errorsDir && !dirname(args.importer).startsWith(errorsDir)) {
        return { path: './errors.js', external: true };
      }
      return undefined;
    });
  },
};

// The transfer code goes into dist/transfer.js, required on the first transfer through
// src/lazyTransfer.ts.
// The same for the validation rules: dist/validate.js, through src/validation/lazyValidate.ts.
const lazyEntries = {
  name: 'lazy-entries',
  setup(build) {
    const entries = new Map([
      [resolve('src/core/transfer/bundle'), './transfer.js'],
      [resolve('src/core/validation/validate'), './validate.js'],
      [resolve('src/core/media/bundle'), './media.js'],
    ]);
    build.onResolve({ filter: /(bundle|validate)$/ }, (args) => {
      const target = entries.get(resolve(dirname(args.importer), args.path));
      // Only the glue's lazy require is redirected; core's own imports stay inside its bundle.
      return target && !args.importer.includes(`${resolve('src/core')}/`) ? { path: target, external: true } : undefined;
    });
  },
};

const builds = [
  // jsonc-parser's "main" is a UMD build whose require('./impl/...') calls esbuild cannot see;
  // its ESM build ("module") bundles properly.
  // `await import('@aws-sdk/...')` is lowered to require(): a native import() of the CJS SDK
  // bundle sees only the names Node's lexer can find statically (not its `export *`
  // re-exports), so S3Client & co. would be undefined.
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    plugins: [heavyToDepsBundle, errorsToOwnBundle, lazyEntries],
    mainFields: ['module', 'main'],
    supported: { 'dynamic-import': false },
  },
  { ...common, entryPoints: { deps: 'src/lazyDeps.ts' } },
  { ...common, entryPoints: { errors: 'src/core/errors/index.ts' }, mainFields: ['module', 'main'] },
  // These share dist/deps.js (the SDK, mime-db, ajv) rather than carrying their own copies.
  {
    ...common,
    entryPoints: { transfer: 'src/core/transfer/bundle.ts', validate: 'src/core/validation/validate.ts', media: 'src/core/media/bundle.ts' },
    plugins: [heavyToDepsBundle],
    mainFields: ['module', 'main'],
    supported: { 'dynamic-import': false },
  },
];

rmSync('dist', { recursive: true, force: true });
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  for (const options of builds) {
    const result = await esbuild.build(options);
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`esbuild: ${file} ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
    if (analyze) console.log(await esbuild.analyzeMetafile(result.metafile));
  }
}
