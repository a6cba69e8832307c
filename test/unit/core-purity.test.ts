import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// src/core must run in plain Node (unit tests, benchmarks, a future CLI), so it may never
// reach for the editor API, not even through a type-only import.
const root = join(__dirname, '..', '..', '..');
const coreDir = join(root, 'src', 'core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('src/core purity', () => {
  it('has source files to check', () => {
    assert.ok(tsFiles(coreDir).length > 0);
  });
  it('no file in src/core imports vscode', () => {
    const offenders = tsFiles(coreDir).filter((f) =>
      /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(
      offenders.map((f) => relative(root, f)),
      [],
    );
  });
});
