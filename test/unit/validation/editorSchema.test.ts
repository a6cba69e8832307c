// The schemas VS Code's JSON service gets (schemas/editor/, package.json jsonValidation and the
// media-storage-schema: provider) are the extension's own without `required` and `deprecated`,
// which validate() reports itself; a `required` that is a condition (`if`) or an exclusion (`not`)
// stays, since removing it would change what the schema accepts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { KIND_INFO, KINDS } from '../../../src/core/validation';
import { editorSchema } from '../../../src/core/validation/editorSchema';

const ROOT = path.resolve(__dirname, '../../../..');
type Schema = Record<string, unknown>;
const load = (rel: string): Schema => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8')) as Schema;

/** Paths of a keyword anywhere in a schema, as JSON pointers. */
function find(node: unknown, keyword: string, where = '#'): string[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [
    ...(k === keyword && where.split('/').pop() !== 'properties' ? [`${where}/${k}`] : []),
    ...find(v, keyword, `${where}/${k}`),
  ]);
}

describe('editor schemas', () => {
  for (const kind of KINDS) {
    it(`${kind}: the committed editor copy is the generated one`, () => {
      const { schemaFile } = KIND_INFO[kind];
      assert.deepStrictEqual(
        load(`schemas/editor/${schemaFile}`),
        editorSchema(load(`schemas/${schemaFile}`)),
        'run `npm run gen-schemas` and commit the result',
      );
    });
  }

  it('keeps `required` only where it is a condition or an exclusion, and drops `deprecated`', () => {
    for (const kind of KINDS) {
      const editor = editorSchema(load(`schemas/${KIND_INFO[kind].schemaFile}`));
      for (const at of find(editor, 'required')) assert.match(at, /\/(if|not)\/required$/, `${kind}: ${at}`);
      assert.deepEqual(find(editor, 'deprecated'), [], kind);
    }
    const policy = editorSchema(load('schemas/s3-bucket-policy.schema.json'));
    assert.deepEqual(find(policy, 'required').sort(), [
      '#/definitions/Statement/dependencies/NotAction/not/required',
      '#/definitions/Statement/dependencies/NotPrincipal/not/required',
      '#/definitions/Statement/dependencies/NotResource/not/required',
    ]);
  });

  it('leaves the schema it is given alone, and a property named like a keyword', () => {
    const schema: Schema = {
      type: 'object',
      required: ['required'],
      properties: { required: { type: 'boolean', deprecated: true }, deprecated: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { not: { required: ['b'] } }],
    };
    const copy = structuredClone(schema);
    assert.deepStrictEqual(editorSchema(schema), {
      type: 'object',
      properties: { required: { type: 'boolean' }, deprecated: { type: 'string' } },
      anyOf: [{}, { not: { required: ['b'] } }],
    });
    assert.deepStrictEqual(schema, copy);
  });
});
