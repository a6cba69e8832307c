// The payload schemas against the vendors' models, field for field. Each list in
// test/fixtures/vendor-models/ is written from a vendor's document or generated SDK (its `source`
// says which, `retrieved` when); the schema must have exactly its fields, types, enums and
// defaults, accept a payload that uses every field and every enum value, report the absence of
// each required field as schema/required (in the editor too, where the JSON service reports
// nothing about it) and nothing for an optional one, and refuse a field the model does not have.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isKind, KIND_INFO, validate, type JsonPath, type Kind } from '../../../src/core/validation';
import { key } from './fixtureFormat';

interface Field {
  name: string;
  type: string | string[];
  enum?: unknown[];
  required?: boolean;
  default?: unknown;
  readOnly?: boolean;
  deprecated?: boolean;
  format?: string;
  example?: unknown;
  /** The properties of an object (or of the object form of a string-or-object field). */
  fields?: Field[];
  /** The element of an array. */
  items?: Field;
}

interface ModelList {
  kind: string;
  model: string;
  source: string;
  retrieved: string;
  /** Whether the top-level object takes fields the list does not name (nested objects never do). */
  additionalFields: boolean;
  fields: Field[];
}

type Schema = Record<string, unknown>;

const ROOT = path.resolve(__dirname, '../../../..');
const LISTS = path.join(ROOT, 'test/fixtures/vendor-models');
const UNKNOWN = 'notInTheModel';

const typesOf = (f: Field): string[] => (Array.isArray(f.type) ? f.type : [f.type]);

function sample(f: Field, form?: string): unknown {
  const t = form ?? (f.fields && typesOf(f).includes('object') ? 'object' : typesOf(f)[0]);
  if (t === 'object') return f.fields ? objectSample(f.fields, false) : (f.example ?? {});
  if (t === 'array') {
    assert.ok(f.items, `${f.name}: an array needs items`);
    return [sample(f.items)];
  }
  if (f.example !== undefined) return f.example;
  if (f.enum) return f.enum[0];
  if (t === 'string') return f.format === 'date-time' ? '2016-06-25T20:09:23Z' : 'sample text';
  if (t === 'integer') return 1;
  if (t === 'boolean') return true;
  throw new Error(`${f.name}: no sample for type ${t}`);
}

/** Every field, or (minimal) the required ones only. */
function objectSample(fields: Field[], minimal: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (minimal && !f.required) continue;
    out[f.name] = minimal && f.fields && typesOf(f).includes('object') ? objectSample(f.fields, true) : sample(f);
  }
  return out;
}

interface Site {
  path: JsonPath;
  field: Field;
}

/** Where each field (nested ones included) sits in the full sample. */
function sites(fields: Field[], base: JsonPath): Site[] {
  return fields.flatMap((f) => {
    const here = [...base, f.name];
    const nested = f.fields ? sites(f.fields, here) : f.items?.fields ? sites(f.items.fields, [...here, 0]) : [];
    return [{ path: here, field: f }, ...nested];
  });
}

/** The objects in the full sample and whether each takes unknown fields. */
function objects(list: ModelList): { path: JsonPath; open: boolean }[] {
  const nested = sites(list.fields, [])
    .filter((s) => s.field.fields || s.field.items?.fields)
    .map((s) => ({ path: s.field.items ? [...s.path, 0] : s.path, open: false }));
  return [{ path: [], open: list.additionalFields }, ...nested];
}

function edit(value: unknown, at: JsonPath, change: (parent: Record<string | number, unknown>, last: string | number) => void): unknown {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const seg of at.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  assert.ok(last !== undefined);
  change(parent, last);
  return copy;
}
const without = (value: unknown, at: JsonPath): unknown =>
  edit(value, at, (p, k) => {
    delete p[k];
  });
const withValue = (value: unknown, at: JsonPath, v: unknown): unknown =>
  edit(value, at, (p, k) => {
    p[k] = v;
  });

function schemaProblems(kind: Kind, value: unknown, includeSchema = true): string[] {
  return validate(JSON.stringify(value, null, 2), kind, { includeSchema, workspaceFile: false })
    .filter((d) => d.code.startsWith('schema/'))
    .map((d) => key(d.code, d.path))
    .sort();
}

/** The object schema a property's fields live in: its own, its items', or its object branch's. */
function objectSchema(s: Schema | undefined): Schema {
  assert.ok(s, 'no schema');
  if (s['properties']) return s;
  if (s['items']) return objectSchema(s['items'] as Schema);
  const branch = ((s['anyOf'] ?? []) as Schema[]).find((b) => b['properties'] || b['items']);
  return objectSchema(branch);
}

function schemaTypes(s: Schema): string[] {
  if (typeof s['type'] === 'string') return [s['type']];
  return ((s['anyOf'] ?? []) as Schema[]).map((b) => String(b['type'])).sort();
}

function compareFields(fields: Field[], s: Schema, where: string): void {
  const props = s['properties'] as Record<string, Schema>;
  assert.deepEqual(
    Object.keys(props)
      .filter((k) => k !== '$schema')
      .sort(),
    fields.map((f) => f.name).sort(),
    `${where}: the schema's properties are not the model's fields`,
  );
  for (const f of fields) {
    const at = `${where}.${f.name}`;
    const p: Schema | undefined = props[f.name];
    assert.ok(p, `${at}: not in the schema`);
    assert.deepEqual(schemaTypes(p), [...typesOf(f)].sort(), `${at}: type`);
    assert.deepEqual(p['enum'] === undefined ? undefined : [...(p['enum'] as unknown[])].sort(), f.enum ? [...f.enum].sort() : undefined, `${at}: enum`);
    assert.deepEqual(p['default'], f.default, `${at}: default`);
    assert.equal(p['readOnly'] === true, f.readOnly === true, `${at}: readOnly`);
    assert.equal(p['deprecated'] === true, f.deprecated === true, `${at}: deprecated`);
    if (f.format) assert.equal(p['format'], f.format, `${at}: format`);
    if (f.fields) compareFields(f.fields, objectSchema(p), at);
    if (f.items?.fields) compareFields(f.items.fields, objectSchema(p), `${at}[]`);
  }
}

function wrongValue(f: Field): unknown {
  const types = typesOf(f);
  if (types.includes('string')) return 12345;
  if (types.includes('object') || types.includes('array')) return true;
  return 'text';
}

const lists = readdirSync(LISTS)
  .filter((f) => f.endsWith('.fields.json'))
  .sort();

describe('vendor models, field for field', () => {
  it('has a field list for every vendor payload kind', () => {
    const vendorKinds = Object.values(KIND_INFO)
      .map((i) => i.kind)
      .filter((k) => k !== 'bitmovin-response' && k !== 's3-bucket-policy' && k !== 's3-cors' && k !== 'iam-trust-policy');
    assert.deepEqual(lists.map((f) => f.replace(/\.fields\.json$/, '')).sort(), [...vendorKinds].sort());
  });

  for (const file of lists) {
    const list = JSON.parse(readFileSync(path.join(LISTS, file), 'utf8')) as ModelList;
    describe(file, () => {
      const kind = list.kind;
      assert.ok(isKind(kind) && file === `${kind}.fields.json`, `${file}: kind ${kind}`);
      const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', KIND_INFO[kind].schemaFile), 'utf8')) as Schema;
      const full = objectSample(list.fields, false);

      it('names its source, and the schema names it with the date', () => {
        assert.ok(list.source.length > 40, 'source');
        assert.match(list.retrieved, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(String(schema['description']).includes(list.retrieved), 'the schema description gives the date it was checked');
      });

      it('has exactly the model’s fields, types, enums, defaults and read-only/deprecated marks', () => {
        compareFields(list.fields, objectSchema(schema), kind);
      });

      it('accepts a payload with every field, and one with the required fields only', () => {
        assert.deepEqual(schemaProblems(kind, full), []);
        assert.deepEqual(schemaProblems(kind, objectSample(list.fields, true)), []);
      });

      it('accepts every enum value', () => {
        for (const s of sites(list.fields, [])) {
          for (const value of s.field.enum ?? []) {
            assert.deepEqual(schemaProblems(kind, withValue(full, s.path, value)), [], `${s.path.join('.')} = ${JSON.stringify(value)}`);
          }
        }
      });

      it('reports each required field’s absence as schema/required, in the editor too, and nothing for an optional one', () => {
        for (const s of sites(list.fields, [])) {
          const expected = s.field.required ? [key('schema/required', s.path)] : [];
          const value = without(full, s.path);
          assert.deepEqual(schemaProblems(kind, value), expected, `without ${s.path.join('.')}`);
          assert.deepEqual(schemaProblems(kind, value, false), expected, `without ${s.path.join('.')} (editor)`);
        }
      });

      it('refuses a field the model does not have, and a value of the wrong type', () => {
        for (const o of objects(list)) {
          const at = [...o.path, UNKNOWN];
          assert.deepEqual(schemaProblems(kind, withValue(full, at, 'x')), o.open ? [] : [key('schema/unknown-property', at)], at.join('.'));
        }
        for (const s of sites(list.fields, [])) {
          assert.deepEqual(schemaProblems(kind, withValue(full, s.path, wrongValue(s.field))), [key('schema/type', s.path)], s.path.join('.'));
        }
      });

      it('accepts the string form of string-or-object fields', () => {
        for (const s of sites(list.fields, []).filter((x) => typesOf(x.field).length > 1)) {
          assert.deepEqual(schemaProblems(kind, withValue(full, s.path, sample(s.field, 'string'))), [], s.path.join('.'));
        }
      });
    });
  }

  it('takes a Qencode destination alone or in a list', () => {
    const list = JSON.parse(readFileSync(path.join(LISTS, 'qencode-destination.fields.json'), 'utf8')) as ModelList;
    const one = objectSample(list.fields, false);
    assert.deepEqual(schemaProblems('qencode-destination', [one, one]), []);
    assert.deepEqual(schemaProblems('qencode-destination', [one, without(one, ['key'])]), [key('schema/required', [1, 'key'])]);
  });
});
