// Bundles the extension with esbuild. `vscode` is provided by the host. The AWS SDK and
// other heavy modules are bundled into separate chunks that load on first use (dynamic
// import) so that activation reads only the small main file.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

rmSync('dist', { recursive: true, force: true });
const options = {
  entryPoints: { extension: 'src/extension.ts' },
  bundle: true,
  splitting: false,
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
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('esbuild: watching');
} else {
  const result = await esbuild.build(options);
  const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
  for (const [file, info] of outputs) console.log(`esbuild: ${file} ${(info.bytes / 1024).toFixed(1)} KiB`);
}
