import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { KIND_INFO, KINDS, validate } from '../../../src/core/validation';

const SCHEMAS = path.resolve(__dirname, '../../../../schemas');
type Schema = Record<string, unknown>;
const load = (file: string): Schema => JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as Schema;

/** Every subschema that declares properties, with its location. */
function objects(s: unknown, where = '#'): { where: string; s: Schema }[] {
  if (typeof s !== 'object' || s === null) return [];
  const here = !Array.isArray(s) && 'properties' in s ? [{ where, s: s as Schema }] : [];
  return [...here, ...Object.entries(s).flatMap(([k, v]) => objects(v, `${where}/${k}`))];
}

describe('JSON schemas', () => {
  it('has a schema file for every kind', () => {
    const present = new Set(readdirSync(SCHEMAS));
    assert.deepEqual(
      KINDS.filter((k) => !present.has(KIND_INFO[k].schemaFile)),
      [],
    );
  });
  for (const kind of KINDS) {
    describe(kind, () => {
      const schema = load(KIND_INFO[kind].schemaFile);
      it('is draft-07 with a stable $id and teaching annotations at the top', () => {
        assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
        assert.equal(schema.$id, KIND_INFO[kind].schemaId);
        for (const k of ['title', 'description', 'markdownDescription']) assert.equal(typeof schema[k], 'string', k);
        assert.ok(Array.isArray(schema.examples) && schema.examples.length > 0, 'examples');
      });
      it('describes every property, so hover has something to say', () => {
        // `if` only tests a value; `then`/`else` and the properties themselves carry the text.
        for (const { where, s } of objects(schema).filter((o) => !o.where.includes('/if'))) {
          for (const [name, prop] of Object.entries(s.properties as Record<string, Schema>)) {
            assert.ok(typeof prop.description === 'string' || typeof prop.$ref === 'string', `${where}/${name} has no description`);
          }
        }
      });
      it('accepts its own examples', () => {
        for (const ex of schema.examples as unknown[]) {
          const errors = validate(JSON.stringify(ex), kind, { publicAccessBlocked: () => false }).filter(
            (d) => d.severity === 'error' || d.severity === 'warning',
          );
          assert.deepEqual(errors, []);
        }
      });
    });
  }
  it('keeps the shared Bitmovin enums identical across schemas', () => {
    const bitmovin = KINDS.filter((k) => k.startsWith('bitmovin-') && k !== 'bitmovin-response').map((k) => load(KIND_INFO[k].schemaFile));
    const regions = bitmovin
      .map((s) => (s.properties as Record<string, Schema>).cloudRegion)
      .filter(Boolean)
      .map((r) => JSON.stringify(r));
    assert.ok(regions.length >= 4);
    assert.equal(new Set(regions).size, 1);
    const acls = bitmovin
      .map((s) => (s.properties as Record<string, Schema>).acl)
      .filter(Boolean)
      .map((a) => JSON.stringify(a));
    assert.equal(acls.length, 3);
    assert.equal(new Set(acls).size, 1);
    assert.match(acls[0], /ignores/);
  });
  it('offers the condition operators with prefixes and IfExists through patternProperties', () => {
    const cond = ((load('s3-bucket-policy.schema.json').definitions as Record<string, Schema>).Statement.properties as Record<string, Schema>).Condition;
    const [pattern] = Object.keys(cond.patternProperties as object);
    const re = new RegExp(pattern);
    for (const ok of [
      'StringEquals',
      'ForAnyValue:StringLike',
      'ForAllValues:ArnLikeIfExists',
      'DateLessThanIfExists',
      'NumericLessThan',
      'Bool',
      'IpAddress',
    ]) {
      assert.ok(re.test(ok), ok);
    }
    for (const bad of ['StringEqual', 'ForSomeValues:StringLike', 'IfExistsStringLike']) assert.ok(!re.test(bad), bad);
  });
});
