// The editor only gets schema completion, hover and checks for the file patterns package.json
// contributes; a kind added to the core without its jsonValidation entry would silently lose them
// (and the extension would then not report schema problems either, believing them covered).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { jsonValidationEntries } from '../../../src/core/validation';

describe('package.json jsonValidation', () => {
  it('contributes exactly the entries the validation core defines, and every schema file exists', () => {
    const root = path.resolve(__dirname, '../../../..');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: { fileMatch: string | string[]; url: string }[] };
    };
    const contributed = manifest.contributes.jsonValidation.filter((e) => e.url !== './schemas/media-storage-registry.schema.json');
    assert.deepStrictEqual(contributed, jsonValidationEntries());
    for (const e of contributed) assert.ok(fs.existsSync(path.join(root, e.url)), `${e.url} is missing`);
  });
});
