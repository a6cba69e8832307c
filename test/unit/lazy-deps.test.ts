import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The build redirects every `@aws-sdk/*` import of the extension to dist/deps.js, whose exports
// are those of src/lazyDeps.ts. A module the code imports but lazyDeps does not re-export would
// make the bundled extension fail at run time ("X is not a function") while every unit test,
// which loads the SDK from node_modules, still passes.
const root = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function sdkModulesImportedByValue(): Set<string> {
  const found = new Set<string>();
  for (const file of tsFiles(join(root, 'src'))) {
    if (file.endsWith('lazyDeps.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\(\s*'(@aws-sdk\/[^']+)'\s*\)/g)) found.add(m[1]);
    for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(@aws-sdk\/[^']+)'/gm)) found.add(m[1]);
  }
  return found;
}

describe('the lazily loaded dependency bundle', () => {
  it('re-exports everything of every AWS SDK module the extension imports', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deps = require(join(root, 'out', 'src', 'lazyDeps.js')) as Record<string, unknown>;
    const modules = sdkModulesImportedByValue();
    assert.ok(modules.has('@aws-sdk/client-s3'), `found: ${[...modules].join(', ')}`);
    const missing: string[] = [];
    for (const spec of modules) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      for (const name of Object.keys(require(spec) as object)) {
        if (name !== 'default' && !(name in deps)) missing.push(`${spec}: ${name}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
