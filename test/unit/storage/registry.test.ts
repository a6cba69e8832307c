import * as assert from 'assert';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { readFileSync } from 'fs';
import { join } from 'path';
import { checkEntry, describeRejected, MAX_REGISTRY_BYTES, parseRegistry, type RegistryDiagnostic } from '../../../src/core/storage/registry';
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
    assert.deepStrictEqual(
      r.registry.connections.map((c) => c.id),
      ['prod', 'lab'],
    );
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
    assert.deepStrictEqual(
      dup.map((x) => at(text, x)),
      ['"prod"', '"a"'],
    );
    assert.strictEqual(dup[0].offset, text.indexOf('"prod"', text.indexOf('"prod"') + 1));
    const unknown = d.filter((x) => x.code === 'unknown-connection');
    assert.deepStrictEqual(
      unknown.map((x) => at(text, x)),
      ['"nope"'],
    );
    assert.match(unknown[0].message, /known ids: prod/);
    const bucket = d.filter((x) => x.code === 'invalid-bucket');
    assert.deepStrictEqual(
      bucket.map((x) => at(text, x)),
      ['"My_Bucket"'],
    );
    assert.match(bucket[0].message, /uppercase/);
  });

  it('reports a location in the wrong list', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ],
      "inputs": [ { "name": "a", "role": "output", "connection": "p", "bucket": "my-bucket" } ] }`;
    assert.deepStrictEqual(
      only(text, 'role-mismatch').map((x) => at(text, x)),
      ['"output"'],
    );
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
    assert.deepStrictEqual(
      secrets.map((x) => at(text, x)),
      ['"secretAccessKey": "abc"', '"aws_secret_access_key": "x"', '"secret": "y"', '"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', '"sessionToken": "t"'],
    );
    assert.ok(secrets.every((s) => s.severity === 'error'));
    assert.deepStrictEqual(only(text, 'unknown-field'), [], 'secrets are not also reported as unknown fields');
  });

  it('does not take a 40-character path for a secret', () => {
    const text = `{ "connections": [ { "id": "p", "label": "encodings/2024/trailers/final-cut-master", "kind": "aws", "region": "eu-west-1" } ] }`;
    assert.deepStrictEqual(only(text, 'secret-in-registry'), []);
  });

  it('is checked with the JSON schema the editor uses: shapes there, values here, each problem once', () => {
    const schemaPath = join(__dirname, '../../../../schemas/media-storage-registry.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { examples: unknown[] };
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    assert.ok(validate(parse(GOOD)), JSON.stringify(validate.errors));
    for (const example of schema.examples) {
      assert.ok(validate(example));
      assert.deepStrictEqual(parseRegistry(JSON.stringify(example)).diagnostics, []);
    }
    const bad = {
      connections: [{ id: 'p', label: 'P', kind: 's3-compatible', region: 'auto', secretAccessKey: 'x' }],
      inputs: [{ name: 'i', connection: 'p', bucket: 'Bad' }],
    };
    assert.strictEqual(validate(bad), false);
    // The editor's schema flags the missing endpoint and the extra field; bucket naming is not its.
    assert.deepStrictEqual([...new Set((validate.errors ?? []).map((e) => e.instancePath))], ['/connections/0']);
    const text = JSON.stringify(bad, null, 2);
    const d = parseRegistry(text).diagnostics;
    assert.deepStrictEqual(
      d.map((x) => [x.code, at(text, x)]),
      [
        ['missing-field', '{'],
        ['secret-in-registry', '"secretAccessKey": "x"'],
        ['invalid-bucket', '"Bad"'],
      ],
    );
    assert.strictEqual(d[0].message, 'connection is missing required field "endpoint" (needed when "kind" is "s3-compatible")');
    assert.match(d[2].message, /uppercase/);
  });

  it('warns about a prefix without its "/" and uses it as the folder, from the file and from settings', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ],
      "outputs": [ { "name": "o", "connection": "p", "bucket": "media-out", "prefix": "newcomer" }, { "name": "e", "connection": "p", "bucket": "media-out", "prefix": "" } ] }`;
    const r = parseRegistry(text);
    assert.deepStrictEqual(
      r.diagnostics.map((x) => [x.code, x.severity, at(text, x), x.message]),
      [
        [
          'invalid-value',
          'warning',
          '"newcomer"',
          'prefix "newcomer" does not end in "/"; it is used as the folder "newcomer/" (without the "/" it would also match "newcomer-old/…"): add the "/"',
        ],
      ],
    );
    assert.deepStrictEqual(
      r.registry.outputs.map((o) => [o.name, o.prefix]),
      [
        ['o', 'newcomer/'],
        ['e', undefined],
      ],
    );
    const fromSettings = checkEntry('outputs', { name: 'o', connection: 'p', bucket: 'media-out', prefix: 'newcomer' });
    assert.deepStrictEqual(fromSettings, { ok: true, entry: { name: 'o', connection: 'p', bucket: 'media-out', prefix: 'newcomer/', role: 'output' } });
  });

  it('reports one problem per value, whichever checks it fails', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": 5, "region": "eu-west-1", "checksumMode": "sometimes", "useTls": "yes" } ],
      "outputs": [ { "name": "o", "connection": "p", "bucket": "..", "metadata": { "n": 1, "ok": "x" }, "prefix": "/a" } ] }`;
    const d = parseRegistry(text).diagnostics;
    assert.deepStrictEqual(
      d.map((x) => [x.code, at(text, x), x.message]),
      [
        ['wrong-type', '5', '"kind" must be a string, not number'],
        ['wrong-type', '"sometimes"', '"checksumMode" must be one of "default", "when-required"'],
        ['wrong-type', '"yes"', '"useTls" must be true or false, not string'],
        ['invalid-bucket', '".."', 'bucket name ".." is shorter than 3 characters'],
        ['wrong-type', '1', '"metadata" value "n" must be a string, not number'],
        ['invalid-value', '"/a"', 'prefix must not start with "/": S3 keys have no leading slash, and one would create an empty-named folder'],
      ],
    );
    const bucket = checkEntry('outputs', { name: 'o', connection: 'p', bucket: '..', metadata: [] });
    assert.deepStrictEqual(bucket, {
      ok: false,
      key: 'o',
      problems: [
        { field: 'metadata', message: '"metadata" must be an object of string values, not array' },
        { field: 'bucket', message: 'bucket name ".." is shorter than 3 characters' },
      ],
    });
  });

  it('leaves what the JSON service reports in an open editor to it, and refuses the entries all the same', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1", "colour": "red" },
      { "id": "q", "label": "Q", "kind": "aws" } ],
      "inputs": [ { "name": "a", "connection": "p", "bucket": "My_Bucket", "secret": "s" }, { "name": "b", "connection": "p", "bucket": "b-ok", "prefix": 7 } ] `;
    const full = parseRegistry(text);
    const open = parseRegistry(text, { includeSchema: false });
    assert.deepStrictEqual(
      full.diagnostics.map((x) => x.code),
      ['unknown-field', 'missing-field', 'invalid-bucket', 'secret-in-registry', 'wrong-type', 'syntax'],
    );
    assert.deepStrictEqual(
      open.diagnostics.map((x) => x.code),
      ['invalid-bucket', 'secret-in-registry'],
    );
    for (const r of [full, open]) {
      assert.deepStrictEqual(
        r.registry.connections.map((c) => c.id),
        ['p'],
      );
      assert.deepStrictEqual(
        r.rejected.map((x) => [x.key, x.problems.map((p) => p.field)]),
        [
          ['q', ['region']],
          ['a', ['bucket']],
          ['b', ['prefix']],
        ],
      );
    }
  });

  it('reports write options on an input as a warning, not an error', () => {
    const text = `{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ],
      "inputs": [ { "name": "a", "connection": "p", "bucket": "my-bucket", "acl": "private" } ] }`;
    const d = parseRegistry(text).diagnostics;
    assert.deepStrictEqual(
      d.map((x) => [x.code, x.severity, at(text, x)]),
      [['invalid-value', 'warning', '"private"']],
    );
  });

  describe('invalid entries are left out', () => {
    const PASSWORD = 'hunter2-S3cr3t';
    const text = `{
  "connections": [
    { "id": "good", "label": "Good", "kind": "s3-compatible", "region": "us-east-1", "endpoint": "http://127.0.0.1:9000" },
    { "id": "creds", "label": "Creds", "kind": "s3-compatible", "region": "us-east-1", "endpoint": "http://user:${PASSWORD}@127.0.0.1:9000" },
    { "id": "pathy", "label": "Pathy", "kind": "s3-compatible", "region": "us-east-1", "endpoint": "http://127.0.0.1:9000/.." },
    { "id": "ftp", "label": "Ftp", "kind": "s3-compatible", "region": "us-east-1", "endpoint": "ftp://127.0.0.1" }
  ],
  "inputs": [
    { "name": "dots", "connection": "good", "bucket": ".." },
    { "name": "fine", "connection": "good", "bucket": "media-in" }
  ],
  "outputs": [ { "name": "noBucket", "connection": "good" } ]
}`;
    const r = parseRegistry(text);

    it('keeps only valid entries and says which were refused, by field', () => {
      assert.deepStrictEqual(
        r.registry.connections.map((c) => c.id),
        ['good'],
      );
      assert.deepStrictEqual(
        r.registry.inputs.map((i) => i.name),
        ['fine'],
      );
      assert.deepStrictEqual(r.registry.outputs, []);
      assert.deepStrictEqual(
        r.rejected.map((x) => [x.section, x.key, x.problems.map((p) => p.field)]),
        [
          ['connections', 'creds', ['endpoint']],
          ['connections', 'pathy', ['endpoint']],
          ['connections', 'ftp', ['endpoint']],
          ['inputs', 'dots', ['bucket']],
          ['outputs', 'noBucket', ['bucket']],
        ],
      );
      const dots = r.rejected.find((x) => x.key === 'dots');
      assert.ok(dots);
      assert.strictEqual(text.slice(dots.offset).startsWith('{ "name": "dots"'), true);
      assert.strictEqual(
        describeRejected('inputs', dots.key, dots.problems),
        'input "dots" is not used: "bucket": bucket name ".." is shorter than 3 characters',
      );
      assert.match(describeRejected('connections', 'pathy', r.rejected[1].problems), /no path, query or fragment/);
      assert.match(describeRejected('connections', 'ftp', r.rejected[2].problems), /http or https, not ftp/);
    });

    it('reports a refused bucket once in the Problems list, on the value', () => {
      const d = r.diagnostics.filter((x) => x.code === 'invalid-bucket');
      assert.deepStrictEqual(
        d.map((x) => at(text, x)),
        ['".."'],
      );
    });

    it('never repeats the password of an endpoint with userinfo', () => {
      const creds = r.rejected.find((x) => x.key === 'creds');
      assert.match(describeRejected('connections', 'creds', creds?.problems ?? []), /must not contain user or password/);
      const all = [...r.diagnostics.map((x) => x.message), ...r.rejected.flatMap((x) => x.problems.map((p) => p.message))];
      assert.ok(all.length > 0);
      for (const m of all) assert.ok(!m.includes(PASSWORD) && !m.includes('user:'), m);
      // Even when the URL does not parse, the reason must not echo it.
      const broken = checkEntry('connections', {
        id: 'b',
        label: 'B',
        kind: 's3-compatible',
        region: 'us-east-1',
        endpoint: `http://user:${PASSWORD}@host:99999`,
      });
      assert.ok(!broken.ok);
      if (!broken.ok) {
        assert.match(broken.problems[0].message, /user or password/);
        assert.ok(!JSON.stringify(broken).includes(PASSWORD));
      }
    });

    it('checks user-settings entries with the same rules, types included', () => {
      const dots = checkEntry('inputs', { name: 'u', connection: 'good', bucket: '..' });
      assert.deepStrictEqual(dots, { ok: false, key: 'u', problems: [{ field: 'bucket', message: 'bucket name ".." is shorter than 3 characters' }] });
      const typed = checkEntry('outputs', { name: 'u', connection: 'good', bucket: 7 });
      assert.ok(!typed.ok && typed.problems[0].field === 'bucket' && /must be a string/.test(typed.problems[0].message));
      const ok = checkEntry('inputs', { name: 'u', connection: 'good', bucket: 'media-in', extra: 'dropped' });
      assert.deepStrictEqual(ok, { ok: true, entry: { name: 'u', connection: 'good', bucket: 'media-in', role: 'input' } });
      const deep = checkEntry('connections', JSON.parse('['.repeat(500) + ']'.repeat(500)));
      assert.ok(!deep.ok);
    });
  });

  describe('limits', () => {
    it('turns 10,000 levels of nesting into a problem without throwing', () => {
      const text = `{ "connections": [], "inputs": [], "x": ${'['.repeat(10000)}${']'.repeat(10000)} }`;
      const r = parseRegistry(text);
      assert.deepStrictEqual(
        r.diagnostics.map((d) => [d.code, d.message]),
        [['too-deep', 'The registry file is nested deeper than 64 levels; not read']],
      );
      assert.strictEqual(text[r.diagnostics[0].offset], '[');
      assert.strictEqual(r.wellFormed, false);
      assert.deepStrictEqual(r.registry, { connections: [], inputs: [], outputs: [] });
      const add = addEntry(text, 'inputs', { name: 'i', role: 'input', connection: 'p', bucket: 'my-bucket' });
      assert.ok(!add.ok && /nested deeper than 64 levels; it is not edited, the file was not changed/.test(add.reason));
    });

    it('does not count brackets inside strings and comments', () => {
      const text = `{ // ${'['.repeat(100)}
 /* ${'{'.repeat(100)} */ "connections": [ { "id": "p", "label": "${'['.repeat(100)}", "kind": "aws", "region": "eu-west-1" } ] }`;
      const r = parseRegistry(text);
      assert.deepStrictEqual(r.diagnostics, []);
      assert.strictEqual(r.registry.connections.length, 1);
    });

    it('does not read a file larger than 1 MiB', () => {
      const text = `{ "connections": [], "pad": "${'x'.repeat(MAX_REGISTRY_BYTES)}" }`;
      const r = parseRegistry(text);
      assert.strictEqual(r.diagnostics.length, 1);
      assert.strictEqual(r.diagnostics[0].code, 'too-large');
      assert.match(r.diagnostics[0].message, /^The registry file is larger than 1 MiB \(\d+ bytes\); not read$/);
    });

    it('adds an entry without formatting when the formatter throws (indent of 100)', () => {
      const ind = ' '.repeat(100);
      const text = `{\n${ind}"connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ],\n${ind}"inputs": []\n}\n`;
      const input = { name: 'i', role: 'input' as const, connection: 'p', bucket: 'my-bucket' };
      for (const r of [addEntry(text, 'inputs', input), addEntry(text, 'outputs', { ...input, role: 'output' })]) {
        assert.ok(r.ok, !r.ok ? r.reason : '');
        if (!r.ok) continue;
        const parsed = parseRegistry(r.text);
        assert.deepStrictEqual(parsed.diagnostics, []);
        assert.deepStrictEqual(
          [...parsed.registry.inputs, ...parsed.registry.outputs].map((l) => l.name),
          ['i'],
        );
        assert.ok(r.text.startsWith(`{\n${ind}"connections"`), 'existing text kept');
      }
      const upd = updateEntry(text, 'connections', 'p', { id: 'p', label: 'P2', kind: 'aws', region: 'eu-west-1' });
      assert.ok(upd.ok && parseRegistry(upd.text).registry.connections[0].label === 'P2');
    });
  });

  describe('edits', () => {
    const lab = { id: 'lab2', label: 'Lab 2', kind: 's3-compatible' as const, region: 'us-east-1', endpoint: 'https://s3.lab.example:9000' };

    it('adds an entry with a minimal edit that keeps comments', () => {
      const r = addEntry(GOOD, 'connections', lab);
      assert.ok(r.ok, !r.ok ? r.reason : '');
      if (!r.ok) return;
      assert.ok(r.text.includes('// shared by the team') && r.text.includes('/* the HLS ladder */'));
      assert.deepStrictEqual(parseRegistry(r.text).diagnostics, []);
      assert.deepStrictEqual(
        parseRegistry(r.text).registry.connections.map((c) => c.id),
        ['prod', 'lab', 'lab2'],
      );
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
      assert.deepStrictEqual(
        parsed.registry.outputs.map((o) => o.name),
        ['o'],
      );
      assert.ok(!r.text.includes('"role"'), 'role is implied by the list');
    });

    it('adds a missing section', () => {
      const text = '{ "connections": [ { "id": "p", "label": "P", "kind": "aws", "region": "eu-west-1" } ] }';
      const r = addEntry(text, 'inputs', { name: 'i', role: 'input', connection: 'p', bucket: 'my-bucket' });
      assert.ok(r.ok);
      if (r.ok) assert.deepStrictEqual(parseRegistry(r.text).diagnostics, []);
    });

    it('updates only the changed fields and keeps comments', () => {
      const r = updateEntry(GOOD, 'outputs', 'hls', {
        name: 'hls',
        role: 'output',
        connection: 'prod',
        bucket: 'my-bitmovin-bucket',
        prefix: 'out/v2/',
        acl: 'private',
      });
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
      assert.deepStrictEqual(
        parseRegistry(r.text).registry.connections.map((c) => c.id),
        ['prod'],
      );
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

    it('refuses to edit a malformed file and offers no changed text or edit', () => {
      const broken = GOOD.slice(0, GOOD.indexOf('"outputs"')) + '"outputs": [ { "name": "hls", ';
      for (const r of [
        addEntry(broken, 'connections', lab),
        updateEntry(broken, 'inputs', 'mezzanine', { name: 'mezzanine', role: 'input', connection: 'prod', bucket: 'x-bucket' }),
        removeEntry(broken, 'connections', 'lab'),
      ]) {
        assert.strictEqual(r.ok, false);
        if (r.ok) continue;
        assert.match(r.reason, /syntax errors .*the file was not changed/);
        // The refusal is about this text: its first syntax error is where the text breaks off.
        const syntax = r.diagnostics.filter((d) => d.code === 'syntax');
        assert.ok(syntax.length > 0 && syntax.every((d) => d.offset >= broken.indexOf('{ "name": "hls"') && d.offset <= broken.length), JSON.stringify(syntax));
        assert.ok(!('text' in r) && !('edits' in r), 'nothing a caller could apply');
      }
    });
  });
});
