// VS Code shows a `%key%` of package.json as the text package.nls.json (or the display language's
// package.nls.<locale>.json) gives the key, and shows the bare `%key%` when the file has none:
// every reference must resolve, and package.nls.json should hold no text nothing uses.
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

/** Every string of a JSON value that is a whole `%key%` reference (VS Code replaces only those). */
function references(value: unknown, where: string, out: { key: string; where: string }[] = []): { key: string; where: string }[] {
  if (typeof value === 'string') {
    const m = /^%([^%]+)%$/.exec(value);
    if (m?.[1] !== undefined) out.push({ key: m[1], where });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => references(v, `${where}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) references(v, `${where}.${k}`, out);
  }
  return out;
}

describe('package.json and package.nls.json', () => {
  const refs = references(read('package.json'), 'package.json');
  const nls = read('package.nls.json') as Record<string, unknown>;

  it('references text for what the user sees', () => {
    const pkg = read('package.json') as { displayName: string; contributes: { commands: { title: string; category?: string }[] } };
    assert.match(pkg.displayName, /^%.+%$/);
    for (const c of pkg.contributes.commands) {
      assert.match(c.title, /^%.+%$/);
      if (c.category !== undefined) assert.match(c.category, /^%.+%$/);
    }
  });

  it('has English text for every %key% package.json references', () => {
    const missing = refs.filter((r) => typeof nls[r.key] !== 'string' || nls[r.key] === '').map((r) => `${r.where}: %${r.key}%`);
    assert.deepStrictEqual(missing, []);
  });

  it('has no text that package.json does not reference', () => {
    const used = new Set(refs.map((r) => r.key));
    assert.deepStrictEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
    );
  });

  it('translations (package.nls.<locale>.json) name only keys package.nls.json has', () => {
    for (const file of readdirSync(ROOT).filter((f) => /^package\.nls\.[\w-]+\.json$/.test(f))) {
      const translated = read(file) as Record<string, unknown>;
      assert.deepStrictEqual(
        Object.keys(translated).filter((key) => !(key in nls)),
        [],
        file,
      );
    }
  });
});
