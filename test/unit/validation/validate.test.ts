import * as assert from 'node:assert/strict';
import { validate } from '../../../src/core/validation';

describe('validate()', () => {
  const text = '{\n  "bucket": "media",\n  "accessKey": "<A>",\n  "secretKey": "<S>",\n  "acl": [{ "permission": "PUBLIC" }]\n}';

  it('maps schema errors to exact ranges and JSON paths', () => {
    const ds = validate(text, 'bitmovin-s3-output');
    const byCode = new Map(ds.map((d) => [d.code, d]));
    const unknown = byCode.get('schema/unknown-property');
    assert.ok(unknown);
    assert.equal(text.slice(unknown.offset, unknown.offset + unknown.length), '"bucket"');
    const required = byCode.get('schema/required');
    assert.deepEqual(required?.path, ['bucketName']);
    assert.equal(required?.offset, 0);
    const en = byCode.get('schema/enum');
    assert.deepEqual(en?.path, ['acl', 0, 'permission']);
    assert.equal(text.slice(en.offset, en.offset + en.length), '"PUBLIC"');
    assert.match(en.message, /"PUBLIC_READ", "PRIVATE"/);
  });

  it('includeSchema: false leaves JSON syntax and schema problems to the editor, except missing properties', () => {
    // The editor's JSON service gets the schemas without `required` (editorSchema.ts).
    assert.deepEqual(
      validate(text, 'bitmovin-s3-output', { includeSchema: false }).map((d) => [d.code, d.severity]),
      [
        ['schema/required', 'error'],
        ['payload/bitmovin-output-acl-ignored', 'info'],
      ],
    );
    assert.deepEqual(validate('{"Statement": [}', 's3-bucket-policy', { includeSchema: false }), []);
  });

  it('reports one syntax error per mistake, with its position, and runs no rules then', () => {
    const broken = '{\n  "Statement": [\n    { "Effect": "Allow" "Action": "s3:Foo" }\n  ]\n}';
    const ds = validate(broken, 's3-bucket-policy');
    assert.deepEqual(
      ds.map((d) => d.code),
      ['json/syntax'],
    );
    assert.equal(broken.slice(ds[0].offset, ds[0].offset + ds[0].length), '"Action"');
    assert.match(ds[0].message, /Comma expected/);
  });

  it('accepts comments, and $schema on any kind', () => {
    const jsonc =
      '// output for the CDN\n{ "$schema": "https://media-storage-workbench.dev/schemas/s3-cors.schema.json", "CORSRules": [{ "AllowedMethods": ["GET"], "AllowedOrigins": ["*"] }] }';
    assert.deepEqual(validate(jsonc, 's3-cors'), []);
  });

  it('reports one type error, not one per anyOf branch', () => {
    const ds = validate(
      '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": 7, "Action": 5, "Resource": "arn:aws:s3:::media/*" }] }',
      's3-bucket-policy',
    );
    assert.deepEqual(
      ds.map((d) => [d.code, d.path.join('.')]),
      [
        ['schema/type', 'Statement.0.Principal'],
        ['schema/type', 'Statement.0.Action'],
      ],
    );
  });

  it('offers a rename for a near-miss property and an enum fix', () => {
    const t = '{ "bucketname": "media", "accessKey": "<A>", "secretKey": "<S>", "cloudRegion": "US_EAST1" }';
    const ds = validate(t, 'bitmovin-s3-input');
    const rename = ds.find((d) => d.code === 'schema/unknown-property');
    assert.equal(rename?.fix?.edits[0].newText, '"bucketName"');
    const region = ds.find((d) => d.code === 'schema/enum');
    assert.equal(region?.fix?.edits[0].newText, '"US_EAST_1"');
  });

  it('sorts diagnostics by position', () => {
    const ds = validate('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:Nope","Resource":"arn:aws:s3:::media"}]}', 's3-bucket-policy');
    const offsets = ds.map((d) => d.offset);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
    );
    assert.ok(ds.length >= 3);
  });

  it('finds ranges deep in a large document', () => {
    const statements = Array.from({ length: 3000 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Principal: { AWS: '123456789012' },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::media/p${i}/*`,
    }));
    statements[2999].Action = 's3:GetObjekt';
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 1);
    const [d] = validate(big, 's3-bucket-policy');
    assert.deepEqual(d.path, ['Statement', 2999, 'Action']);
    assert.equal(big.slice(d.offset, d.offset + d.length), '"s3:GetObjekt"');
  });
});
