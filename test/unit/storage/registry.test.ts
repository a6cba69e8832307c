import * as assert from 'assert';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseRegistry, type RegistryDiagnostic } from '../../../src/core/storage/registry';
import { addEntry, removeEntry, updateEntry } from '../../../src/core/storage/registryEdit';

const GOOD = `{
  // shared by the team; secrets live in the secret store
  "$schema": "./schemas/media-storage-registry.schema.json",
  "connections": [
    { "id": "prod", "label": "Production", "kind": "aws", "region": "eu-west-1", "profile": "media-sso" },
    { "id": "lab", "label": "Lab", "kind": "s3-compatible", "region": "us-east-1", "endpoint": "http://10.0.0.5:9000", "forcePathStyle": true }
  ],
  "inputs": [
    { "name": "mezzanine", "connection": "prod", "bucket": "my-bitmovin-bucket", "prefix": "inputs/" }
  ],
  "outputs": [
    /* the HLS ladder */
    { "name": "hls", "connection": "prod", "bucket": "my-bitmovin-bucket", "prefix": "out/", "acl": "private" },
  ]
}
`;

/** The text a diagnostic underlines. */
function at(text: string, d: RegistryDiagnostic): string {
  return text.slice(d.offset, d.offset + d.length);
}

function only(text: string, code: string): RegistryDiagnostic[] {
  return parseRegistry(text).diagnostics.filter((d) => d.code === code);
}

describe('storage/registry', () => {
  it('reads a valid file with comments and trailing commas without diagnostics', () => {
    const r = parseRegistry(GOOD);
    assert.deepStrictEqual(r.diagnostics, []);
    assert.strictEqual(r.wellFormed, true);
    assert.deepStrictEqual(r.registry.connections.map((c) => c.id), ['prod', 'lab']);
    assert.deepStrictEqual(r.registry.inputs[0], { name: 'mezzanine', role: 'input', connection: 'prod', bucket: 'my-bitmovin-bucket', prefix: 'inputs/' });
    assert.strictEqual(r.registry.outputs[0].role, 'output');
    assert.strictEqual(r.registry.outputs[0].acl, 'private');
  });

  it('reports a syntax error at its position', () => {
    const text = GOOD.replace('"region": "eu-west-1",', '"region": "eu-west-1"');
    const r = parseRegistry(text);
    assert.strictEqual(r.wellFormed, false);
    const syntax = r.diagnostics.filter((d) => d.code === 'syntax');
    assert.strictEqual(syntax.length >= 1, true);
    assert.match(syntax[0].message, /"," expected/);
    // The error sits right where the comma is missing: at the next property name.
    assert.strictEqual(text.slice(syntax[0].offset).startsWith('"profile"'), true);
  });

  it('reports an empty file', () => {
    assert.match(parseRegistry('  ').diagnostics[0].message, /empty/);
  });

  it('reports unknown fields, wrong types and missing fields where they are', () => {
    const text = `{
  "connections": [ { "id": "prod", "label": "P", "kind": "azure", "region": 5, "colour": "red" } ],
  "inputs": [ { "name": "a", "bucket": "my-bucket" } ],
  "extras": true
}`;
    const d = parseRegistry(text).diagnostics;
    const byCode = (code: string): string[] => d.filter((x) => x.code === code).map((x) => at(text, x));
    assert.deepStrictEqual(byCode('unknown-field'), ['"colour"', '"extras"']);
    assert.deepStrictEqual(byCode('wrong-type'), ['"azure"', '5']);
    assert.deepStrictEqual(byCode('missing-field'), ['{']);
    assert.match(d.find((x) => x.code === 'missing-field')!.message, /missing required field "connection"/);
    assert.strictEqual(d.find((x) => x.code === 'unknown-field')!.severity, 'warning');
    const r = parseRegistry(text).registry;
    assert.deepStrictEqual([r.connections.length, r.inputs.length], [0, 0], 'incomplete entries are not handed on');
  });

  it('reports duplicate names and ids, unknown connections and invalid buckets on the value', () => {
    const text = `{
  "connections": [
    { "id": "prod", "label": "P", "kind": "aws", "region": "eu-west-1" },
    { "id": "prod", "label": "Q", "kind": "aws", "region": "eu-west-1" }
  ],
  "inputs": [
    { "name": "a", "connection": "prod", "bucket": "my-bucket" },
    { "name": "a", "connection": "nope", "bucket": "My_Bucket" }
  ]
}`;
    const d = parseRegistry(text).diagnostics;
    const dup = d.filter((x) => x.code === 'duplicate-name');
    assert.deepStrictEqual(dup.map((x) => at(text, x)), ['"prod"', '"a"']);
    assert.strictEqual(dup[0].offset, text.indexOf('"prod"', text.indexOf('"prod"') + 1));
    const unknown = d.filter((x) => x.code === 'unknown-connection');
    assert.deepStrictEqual(unknown.map((x) => at(text, x)), ['"nope"']);
    assert.match(unknown[0].message, /known ids: prod/);
    const bucket = d.filter((x) => x.code === 'invalid-bucket');
    assert.deepStrictEqual(bucket.map((x) => at(text, x)), ['"My_Bucket"']);
    assert.match(bucket[0].message, /uppercase/);
  });

  it('reports a location in the wrong list', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ],
      "inputs": [ { "name": "a", "role": "output", "connection": "p", "bucket": "my-bucket" } ] }`;
    assert.deepStrictEqual(only(text, 'role-mismatch').map((x) => at(text, x)), ['"output"']);
  });

  it('flags secrets by name and by value as secret-in-registry errors', () => {
    const text = `{
  "connections": [
    { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1",
      "secretAccessKey": "abc", "aws_secret_access_key": "x", "secret": "y" },
    { "id": "q", "label": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "kind": "aws", "region": "eu-west-1" }
  ],
  "outputs": [ { "name": "o", "connection": "p", "bucket": "my-bucket", "metadata": { "sessionToken": "t" } } ]
}`;
    const secrets = only(text, 'secret-in-registry');
    assert.deepStrictEqual(secrets.map((x) => at(text, x)), [
      '"secretAccessKey": "abc"',
      '"aws_secret_access_key": "x"',
      '"secret": "y"',
      '"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      '"sessionToken": "t"',
    ]);
    assert.ok(secrets.every((s) => s.severity === 'error'));
    assert.deepStrictEqual(only(text, 'unknown-field'), [], 'secrets are not also reported as unknown fields');
  });

  it('does not take a 40-character path for a secret', () => {
    const text = `{ "connections": [ { "id": "p", "label": "encodings/2024/trailers/final-cut-master", "kind": "aws", "region": "eu-west-1" } ] }`;
    assert.deepStrictEqual(only(text, 'secret-in-registry'), []);
  });

  it('agrees with the JSON schema the editor uses', () => {
    const schemaPath = join(__dirname, '../../../../schemas/media-storage-registry.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { examples: unknown[] };
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    assert.ok(validate(parse(GOOD)), JSON.stringify(validate.errors));
    for (const example of schema.examples) {
      assert.ok(validate(example));
      assert.deepStrictEqual(parseRegistry(JSON.stringify(example)).diagnostics, []);
    }
    const bad = { connections: [{ id: 'p', label: 'P', kind: 's3-compatible', region: 'auto', secretAccessKey: 'x' }], inputs: [{ name: 'i', connection: 'p', bucket: 'Bad' }] };
    assert.strictEqual(validate(bad), false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    assert.ok(paths.includes('/connections/0') && paths.includes('/inputs/0/bucket'), paths.join(', '));
  });

  it('reports write options on an input as a warning, not an error', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ],
      "inputs": [ { "name": "a", "connection": "p", "bucket": "my-bucket", "acl": "private" } ] }`;
    const d = parseRegistry(text).diagnostics;
    assert.deepStrictEqual(d.map((x) => [x.code, x.severity, at(text, x)]), [['invalid-value', 'warning', '"private"']]);
  });

  describe('edits', () => {
    const lab = { id: 'lab2', label: 'Lab 2', kind: 's3-compatible' as const, region: 'us-east-1', endpoint: 'https://s3.lab.example:9000' };

    it('adds an entry with a minimal edit that keeps comments', () => {
      const r = addEntry(GOOD, 'connections', lab);
      assert.ok(r.ok, !r.ok ? r.reason : '');
      if (!r.ok) return;
      assert.ok(r.text.includes('// shared by the team') && r.text.includes('/* the HLS ladder */'));
      assert.deepStrictEqual(parseRegistry(r.text).diagnostics, []);
      assert.deepStrictEqual(parseRegistry(r.text).registry.connections.map((c) => c.id), ['prod', 'lab', 'lab2']);
      assert.strictEqual(r.edits.length, 1);
      const e = r.edits[0];
      assert.strictEqual(GOOD.slice(0, e.offset) + e.content + GOOD.slice(e.offset + e.length), r.text);
      assert.strictEqual(e.length, 0, 'nothing existing is replaced');
      assert.ok(GOOD.slice(0, e.offset).endsWith('"forcePathStyle": true }'), 'inserted right after the last connection');
    });

    it('creates the file from empty text', () => {
      const r = addEntry('', 'outputs', { name: 'o', role: 'output', connection: 'prod', bucket: 'my-bucket' });
      assert.ok(r.ok);
      if (!r.ok) return;
      const parsed = parseRegistry(r.text);
      assert.deepStrictEqual(parsed.registry.outputs.map((o) => o.name), ['o']);
      assert.ok(!r.text.includes('"role"'), 'role is implied by the list');
    });

    it('adds a missing section', () => {
      const text = '{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ] }';
      const r = addEntry(text, 'inputs', { name: 'i', role: 'input', connection: 'p', bucket: 'my-bucket' });
      assert.ok(r.ok);
      if (r.ok) assert.deepStrictEqual(parseRegistry(r.text).diagnostics, []);
    });

    it('updates only the changed fields and keeps comments', () => {
      const r = updateEntry(GOOD, 'outputs', 'hls', { name: 'hls', role: 'output', connection: 'prod', bucket: 'my-bitmovin-bucket', prefix: 'out/v2/', acl: 'private' });
      assert.ok(r.ok);
      if (!r.ok) return;
      assert.strictEqual(r.text, GOOD.replace('"prefix": "out/"', '"prefix": "out/v2/"'));
      assert.deepStrictEqual(r.edits, [{ offset: GOOD.indexOf('out/"') + 4, length: 0, content: 'v2/' }]);
    });

    it('removes a field the new entry no longer has', () => {
      const r = updateEntry(GOOD, 'outputs', 'hls', { name: 'hls', role: 'output', connection: 'prod', bucket: 'my-bitmovin-bucket', prefix: 'out/' });
      assert.ok(r.ok);
      if (r.ok) assert.strictEqual(parseRegistry(r.text).registry.outputs[0].acl, undefined);
    });

    it('removes an entry', () => {
      const r = removeEntry(GOOD, 'connections', 'lab');
      assert.ok(r.ok);
      if (!r.ok) return;
      assert.deepStrictEqual(parseRegistry(r.text).registry.connections.map((c) => c.id), ['prod']);
      assert.ok(r.text.includes('/* the HLS ladder */'));
    });

    it('refuses duplicates, missing entries and secrets', () => {
      const dup = addEntry(GOOD, 'connections', { ...lab, id: 'prod' });
      assert.ok(!dup.ok && /already has an entry "prod"/.test(dup.reason));
      const missing = removeEntry(GOOD, 'inputs', 'nope');
      assert.ok(!missing.ok && /no entry "nope"/.test(missing.reason));
      const secret = addEntry(GOOD, 'connections', { ...lab, secretAccessKey: 'x' } as never);
      assert.ok(!secret.ok && /secretAccessKey/.test(secret.reason));
    });

    it('refuses to edit a malformed file and leaves the text unchanged', () => {
      const broken = GOOD.slice(0, GOOD.indexOf('"outputs"')) + '"outputs": [ { "name": "hls", ';
      const before = broken.slice();
      for (const r of [
        addEntry(broken, 'connections', lab),
        updateEntry(broken, 'inputs', 'mezzanine', { name: 'mezzanine', role: 'input', connection: 'prod', bucket: 'x-bucket' }),
        removeEntry(broken, 'connections', 'lab'),
      ]) {
        assert.strictEqual(r.ok, false);
        if (r.ok) continue;
        assert.match(r.reason, /syntax errors .*the file was not changed/);
        assert.ok(r.diagnostics.some((d) => d.code === 'syntax' && d.offset > 0));
        assert.ok(!('text' in r));
      }
      assert.strictEqual(broken, before);
    });
  });
});
