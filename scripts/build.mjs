// Bundles the extension with esbuild. `vscode` is provided by the host.
//
// The AWS SDK is about 2 MB of JavaScript. It goes into its own bundle, dist/aws-sdk.js, and
// every `@aws-sdk/*` import in the extension is redirected there, so activation parses only
// the small main file and the SDK is read on the first storage operation (the code that uses
// it imports it with `await import(...)`).
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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

const sdkToSharedBundle = {
  name: 'aws-sdk-shared-bundle',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\// }, () => ({ path: './aws-sdk.js', external: true }));
  },
};

const builds = [
  // jsonc-parser's "main" is a UMD build whose require('./impl/...') calls esbuild cannot see;
  // its ESM build ("module") bundles properly.
  { ...common, entryPoints: { extension: 'src/extension.ts' }, plugins: [sdkToSharedBundle], mainFields: ['module', 'main'] },
  { ...common, entryPoints: { 'aws-sdk': 'src/awsSdkBundle.ts' } },
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
  }
}
