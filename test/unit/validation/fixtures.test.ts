import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectKindFromFileName, validate } from '../../../src/core/validation';
import { KIND_INFO } from '../../../src/core/validation/kinds';
import { applyEdits, key, readHeader } from './fixtureFormat';

const ROOT = path.resolve(__dirname, '../../../../test/fixtures/validation');

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.jsonc?$/.test(f))
    .sort();
}

describe('validation fixtures', () => {
  it('covers the rules with at least 250 cases, valid and invalid, of every kind', () => {
    const all = [...files('valid'), ...files('invalid')];
    assert.ok(all.length >= 250, `only ${all.length}`);
    assert.ok(files('invalid').length >= 150, `only ${files('invalid').length} invalid`);
    const kinds = new Set(all.map((f) => detectKindFromFileName(f)));
    for (const kind of Object.keys(KIND_INFO)) assert.ok(kinds.has(kind as never), `no fixture of kind ${kind}`);
  });

  for (const dir of ['valid', 'invalid'] as const) {
    describe(dir, () => {
      for (const file of files(dir)) {
        it(file, () => {
          const text = readFileSync(path.join(ROOT, dir, file), 'utf8');
          const kind = detectKindFromFileName(file);
          assert.ok(kind, `no kind for file name ${file}`);
          const { expects, context } = readHeader(text);
          if (dir === 'invalid') assert.ok(expects.length > 0, 'an invalid fixture must say what it expects');
          const diags = validate(text, kind, context);
          assert.deepEqual(
            [...new Set(diags.map((d) => key(d.code, d.path)))].sort(),
            [...new Set(expects.map((e) => key(e.code, e.path)))].sort(),
            JSON.stringify(
              diags.map((d) => `${d.severity} ${key(d.code, d.path)}: ${d.message}`),
              null,
              1,
            ),
          );
          for (const d of diags) {
            assert.ok(d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length, `range of ${d.code} out of bounds`);
            assert.ok(d.message.length > 20, `message of ${d.code} too terse: ${d.message}`);
            if (dir === 'valid') assert.ok(d.severity === 'info' || d.severity === 'hint', `${d.severity} ${d.code} in a valid fixture`);
            if (d.fix) {
              const fixed = applyEdits(text, d.fix.edits);
              const after = validate(fixed, kind, context);
              assert.ok(!after.some((a) => a.code === 'json/syntax'), `fix "${d.fix.title}" broke the JSON:\n${fixed}`);
              assert.ok(!after.some((a) => key(a.code, a.path) === key(d.code, d.path)), `fix "${d.fix.title}" did not remove ${d.code}`);
            }
          }
        });
      }
    });
  }
});
