// The one secret detector: what the registry refuses, the payload lint flags and the redactor
// hides are all decided by core/secrets.ts, so each provider's key formats are checked here once.
import * as assert from 'node:assert/strict';
import {
  accessKeyIdProviders,
  detectSecret,
  findSecret,
  isPlaceholder,
  isSecretFieldName,
  looksLikeSecretValue,
  secretFieldKind,
  secretKeyProviders,
} from '../../../src/core/secrets';
import { parseRegistry } from '../../../src/core/storage/registry';
import { addEntry } from '../../../src/core/storage/registryEdit';
import { validate } from '../../../src/core/validation';
import { ACCESS_KEY_PLACEHOLDER, SECRET_KEY_PLACEHOLDER } from '../../../src/core/validation/generators';
import { providerKeys, sessionToken } from './keys';

const KEYS = providerKeys(20261123);

// What each provider's format is recognised as (the id of a MinIO user is just a name). A
// 40-character secret without "+" or "/" could also be Wasabi's, whose alphabet lacks them.
function expected(k: { provider: string; secretAccessKey: string }): { id: string[]; secret: string[] } {
  const forty = /[+/]/.test(k.secretAccessKey) ? ['aws', 'gcs'] : ['aws', 'wasabi', 'gcs'];
  const table: Record<string, { id: string[]; secret: string[] }> = {
    aws: { id: ['aws'], secret: forty },
    'aws-temporary': { id: ['aws'], secret: forty },
    r2: { id: ['r2'], secret: ['r2'] },
    wasabi: { id: ['wasabi', 'spaces'], secret: forty },
    spaces: { id: ['wasabi', 'spaces'], secret: ['spaces'] },
    gcs: { id: ['gcs'], secret: forty },
    minio: { id: [], secret: [] },
  };
  return table[k.provider];
}

const PLACEHOLDERS = [
  SECRET_KEY_PLACEHOLDER,
  ACCESS_KEY_PLACEHOLDER,
  '<AWS_SECRET_KEY>',
  '<SECRET_KEY>',
  '${env:AWS_SECRET_ACCESS_KEY}',
  '{{secret}}',
  '$AWS_SECRET_ACCESS_KEY',
  'YOUR_SECRET',
  'YOUR_SECRET_ACCESS_KEY',
  'your-r2-secret-key',
  'mySecretAccessKey',
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  '***',
  '********',
  '',
  '   ',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'changeme',
  'REPLACE_ME',
  'AWS Secret Access Key',
  'djkgg39u34i....ogn9gh89w34gh984h',
  'abc…xyz',
  '[REDACTED]',
];

describe('secret detector (core/secrets)', () => {
  describe('field names', () => {
    const table: [string, ReturnType<typeof secretFieldKind>][] = [
      ['secretKey', 'secret-access-key'],
      ['secret', 'secret-access-key'],
      ['aws_secret_access_key', 'secret-access-key'],
      ['AWS_SECRET_ACCESS_KEY', 'secret-access-key'],
      ['SecretAccessKey', 'secret-access-key'],
      ['secret-key', 'secret-access-key'],
      ['AccessKeySecret', 'secret-access-key'],
      ['sessionToken', 'session-token'],
      ['aws_session_token', 'session-token'],
      ['X-Amz-Security-Token', 'session-token'],
      ['SessionToken', 'session-token'],
      ['token', 'other-secret'],
      ['access_token', 'other-secret'],
      ['password', 'other-secret'],
      ['MINIO_ROOT_PASSWORD', 'other-secret'],
      ['client_secret', 'other-secret'],
      ['apiKey', 'other-secret'],
      ['X-Api-Key', 'other-secret'],
      ['private_key', 'other-secret'],
      ['x-amz-server-side-encryption-customer-key', 'other-secret'],
      ['accessKey', 'access-key-id'],
      ['accessKeyId', 'access-key-id'],
      ['aws_access_key_id', 'access-key-id'],
      ['AWSAccessKeyId', 'access-key-id'],
      ['GoogleAccessId', 'access-key-id'],
      ['SecretId', 'access-key-id'],
      ['X-Amz-Signature', 'presign'],
      ['X-Amz-Credential', 'presign'],
      ['x-goog-signature', 'presign'],
      ['x-goog-credential', 'presign'],
      ['Signature', 'presign'],
      ['SignatureProvided', 'presign'],
      ['Policy', 'presign'],
      ['policy', 'presign'],
      // Ordinary fields that share a word with a secret one.
      ['key', undefined],
      ['Key', undefined],
      ['bucketName', undefined],
      ['signatureVersion', undefined],
      ['signingRegion', undefined],
      ['ContinuationToken', undefined],
      ['NextContinuationToken', undefined],
      ['nextToken', undefined],
      ['ClientToken', undefined],
      ['SecretArn', undefined],
      ['secretName', undefined],
      ['x-amz-server-side-encryption-customer-key-MD5', undefined],
      ['credentials', undefined],
      ['aws_use_policy', undefined],
      ['md5MetaTag', undefined],
    ];
    for (const [name, kind] of table) {
      it(`${name} → ${kind ?? 'not secret'}`, () => assert.equal(secretFieldKind(name), kind));
    }
    it('counts key material, not ids or presign grants, as secret-named', () => {
      assert.ok(isSecretFieldName('secretAccessKey') && isSecretFieldName('sessionToken') && isSecretFieldName('password'));
      assert.ok(!isSecretFieldName('accessKeyId') && !isSecretFieldName('X-Amz-Signature') && !isSecretFieldName('key'));
    });
  });

  describe('key formats per provider', () => {
    for (const k of KEYS) {
      it(`${k.provider}: id ${k.accessKeyId}, secret of ${k.secretAccessKey.length} characters`, () => {
        const want = expected(k);
        assert.deepEqual(accessKeyIdProviders(k.accessKeyId), want.id);
        assert.deepEqual(secretKeyProviders(k.secretAccessKey), want.secret);
        // In a secret-named field any provider's secret is a secret, MinIO's shapeless one too.
        for (const field of ['secretKey', 'secret', 'aws_secret_access_key', 'secretAccessKey']) {
          assert.deepEqual(detectSecret(field, k.secretAccessKey), { what: 'secret', providers: want.secret }, field);
        }
        if (want.id.length) {
          assert.deepEqual(detectSecret('accessKey', k.accessKeyId), { what: 'access-key-id', providers: want.id });
        } else {
          assert.equal(detectSecret('accessKey', k.accessKeyId), undefined, 'a MinIO access key is a user name');
        }
        // The same values under ordinary names are not findings: a 64-hex R2 secret is also a
        // SHA-256, a 32-hex R2 id an MD5.
        assert.equal(detectSecret('bucketName', k.secretAccessKey), undefined);
        assert.equal(detectSecret('etag', k.accessKeyId), undefined);
      });
    }

    it('takes an STS session token in a token field as an AWS secret', () => {
      assert.deepEqual(detectSecret('sessionToken', sessionToken(1)), { what: 'secret', providers: ['aws'] });
      assert.deepEqual(detectSecret('token', sessionToken(2)), { what: 'secret', providers: ['aws'] });
    });

    it('reads a bare "key" as an access key id only in the self-identifying formats', () => {
      const byProvider = Object.fromEntries(KEYS.map((k) => [k.provider, k]));
      assert.equal(detectSecret('key', byProvider.aws.accessKeyId)?.what, 'access-key-id');
      assert.equal(detectSecret('key', byProvider.gcs.accessKeyId)?.what, 'access-key-id');
      // An object named by its MD5 is not an R2 key id.
      assert.equal(detectSecret('key', byProvider.r2.accessKeyId), undefined);
      assert.equal(detectSecret('key', 'renditions/1080p/segment_00042.m4s'), undefined);
    });

    it('takes MinIO secrets of 8 characters and more, whatever their alphabet', () => {
      for (const v of ['minio123', 'correct horse battery 9', 'p@ss w0rd!', 'a'.repeat(7) + 'B', 'x'.repeat(3) + 'Y7z!Q2w9']) {
        assert.equal(detectSecret('password', v)?.what, 'secret', v);
      }
      assert.equal(detectSecret('secretKey', 'short1A'), undefined, 'below MinIO minimum of 8');
    });
  });

  describe('placeholders', () => {
    for (const p of PLACEHOLDERS) {
      it(`"${p}" passes`, () => {
        assert.ok(isPlaceholder(p) || p.length < 8, p);
        for (const field of ['secretKey', 'secret', 'aws_secret_access_key', 'sessionToken', 'password', 'accessKey', 'key']) {
          assert.equal(detectSecret(field, p), undefined, `${field}: ${p}`);
        }
      });
    }
  });

  describe('values out of context', () => {
    it('sees the 40- and 43-character key shapes and STS tokens, not paths or hashes', () => {
      for (const k of KEYS.filter((x) => ['aws', 'wasabi', 'spaces', 'gcs'].includes(x.provider))) {
        assert.ok(looksLikeSecretValue(k.secretAccessKey), k.provider);
      }
      assert.ok(looksLikeSecretValue(sessionToken(3)));
      assert.ok(looksLikeSecretValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 'the documentation key has a key shape');
      for (const v of [
        'encodings/2024/trailers/final-cut-master',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ',
      ]) {
        assert.ok(!looksLikeSecretValue(v), v);
      }
    });

    it('finds a secret-named field (whatever it holds) or a key-shaped value in what a writer is about to store', () => {
      const aws = KEYS[0];
      assert.equal(findSecret({ id: 'lab', label: 'Lab', region: 'auto' }), undefined);
      assert.equal(findSecret({ id: 'lab', secretAccessKey: 'x' }), 'the field "secretAccessKey"');
      assert.equal(findSecret({ id: 'lab', metadata: { password: SECRET_KEY_PLACEHOLDER } }), 'the field "password"');
      assert.equal(findSecret({ id: 'lab', label: aws.secretAccessKey }), 'a value that looks like a secret access key (in "label")');
      assert.equal(findSecret({ name: 'o', metadata: { note: sessionToken(4) } }), 'a value that looks like a secret access key (in "metadata.note")');
      assert.equal(findSecret({ id: 'lab', secretAccessKey: undefined }), undefined, 'an undefined field is not written');
    });
  });

  describe('its users', () => {
    it('the registry flags secret-named fields and key-shaped values', () => {
      const spaces = KEYS.find((k) => k.provider === 'spaces') as { secretAccessKey: string };
      const text = JSON.stringify({
        connections: [{ id: 'do', label: spaces.secretAccessKey, kind: 's3-compatible', region: 'fra1', endpoint: 'https://fra1.digitaloceanspaces.com' }],
        inputs: [{ name: 'i', connection: 'do', bucket: 'media', metadata: { client_secret: 'x' } }],
      });
      const codes = parseRegistry(text).diagnostics.filter((d) => d.code === 'secret-in-registry');
      assert.equal(codes.length, 2, JSON.stringify(codes));
      assert.deepEqual(
        parseRegistry(text).diagnostics.filter((d) => d.code === 'unknown-field'),
        [],
      );
    });

    it('the registry editor refuses an entry carrying a key of any provider', () => {
      for (const k of KEYS.filter((x) => looksLikeSecretValue(x.secretAccessKey))) {
        const r = addEntry('', 'connections', { id: 'c', label: k.secretAccessKey, kind: 's3-compatible', region: 'auto' });
        assert.ok(!r.ok && /refusing to write a value that looks like a secret access key/.test(r.reason), k.provider);
      }
    });

    it('the payload lint flags every provider format in secret and id fields, and no placeholder', () => {
      for (const k of KEYS) {
        const payload = { bucketName: 'media', host: 'storage.example.com', accessKey: k.accessKeyId, secretKey: k.secretAccessKey };
        const found = validate(JSON.stringify(payload, null, 2), 'bitmovin-generic-s3-input')
          .filter((d) => d.code === 'payload/plaintext-secret')
          .map((d) => d.path.join('.'));
        assert.deepEqual(found, k.provider === 'minio' ? ['secretKey'] : ['accessKey', 'secretKey'], k.provider);
      }
      for (const p of PLACEHOLDERS) {
        const payload = { bucketName: 'media', host: 'storage.example.com', accessKey: p, secretKey: p };
        assert.deepEqual(
          validate(JSON.stringify(payload), 'bitmovin-generic-s3-input').filter((d) => d.code === 'payload/plaintext-secret'),
          [],
          p,
        );
      }
    });
  });
});
