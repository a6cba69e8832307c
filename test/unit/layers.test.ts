// The layer rules of .dependency-cruiser.cjs, which `npm run lint` applies to src/, run here on a
// fixture tree that breaks each of them once: a rule that stopped biting would pass lint silently.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/layers');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string): Violation[] {
  // --output-type json exits 0 whatever it finds; the violations are in the summary.
  const out = execFileSync(process.execPath, [CLI, 'src', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('layer rules (dependency-cruiser)', function () {
  this.timeout(60_000);

  it('reject a cycle, an upward import, and the core reaching into the glue or the editor API', () => {
    const found = cruise(FIXTURE)
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`)
      .sort();
    assert.deepStrictEqual(found, [
      'core-is-pure: src/core/editor.ts → node_modules/@types/vscode/index.d.ts',
      'core-is-pure: src/core/pure.ts → src/storage/model.ts',
      'layer-core: src/core/pure.ts → src/storage/model.ts',
      'layer-storage: src/storage/model.ts → src/tree/node.ts',
      'no-circular: src/tree/label.ts → src/tree/node.ts',
    ]);
  });

  it('let a layer import the layers below it', () => {
    assert.deepStrictEqual(
      cruise(FIXTURE).filter((v) => v.from === 'src/tree/fine.ts'),
      [],
    );
  });
});
