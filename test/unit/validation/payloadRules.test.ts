import * as assert from 'node:assert/strict';
import { validate, type Diagnostic, type Kind, type ValidationContext } from '../../../src/core/validation';
import { isPresigned, parseAmzDate, presignExpiry, presignMethod } from '../../../src/core/validation/rules/presigned';
import { looksLikeRealAccessKeyId, looksLikeRealSecret } from '../../../src/core/validation/rules/secrets';
import { applyEdits } from './fixtureFormat';

function presigned(opts: { query?: string; date?: string; expires?: number; signed?: string; bucket?: string } = {}): string {
  return (
    `https://${opts.bucket ?? 'media-in'}.s3.eu-west-1.amazonaws.com/in/a.mp4?${opts.query ?? ''}X-Amz-Algorithm=AWS4-HMAC-SHA256` +
    '&X-Amz-Credential=AKIAZ7Q2KD4J5XWN3M6P%2F20250101%2Feu-west-1%2Fs3%2Faws4_request' +
    `&X-Amz-Date=${opts.date ?? '20250101T000000Z'}&X-Amz-Expires=${opts.expires ?? 86400}&X-Amz-SignedHeaders=${opts.signed ?? 'host'}&X-Amz-Signature=${'ab'.repeat(32)}`
  );
}

const NOW = new Date('2025-01-01T01:00:00Z');

/** The rules' diagnostics alone: the payloads here are cut down to what a rule looks at. */
function rules(kind: Kind, value: unknown, ctx: ValidationContext = {}): Diagnostic[] {
  return validate(JSON.stringify(value, null, 2), kind, { now: NOW, ...ctx, includeSchema: false }).filter((d) => !d.code.startsWith('schema/'));
}

/** Applies the diagnostic's fix to text and parses the result. */
function fixed(text: string, d: Diagnostic | undefined): Record<string, unknown> {
  assert.ok(d?.fix, `no fix on ${d?.code}`);
  return JSON.parse(applyEdits(text, d.fix.edits)) as Record<string, unknown>;
}

function pairs(ds: Diagnostic[]): [string, string][] {
  return ds.map((d) => [d.code, d.path.join('.')]);
}

describe('presigned URL heuristics', () => {
  it('reads the method from x-id, response-* overrides and signed body headers', () => {
    assert.equal(presignMethod(presigned({ query: 'x-id=PutObject&' })), 'PUT');
    assert.equal(presignMethod(presigned({ query: 'x-id=GetObject&' })), 'GET');
    assert.equal(presignMethod(presigned({ query: 'response-content-disposition=attachment&' })), 'GET');
    assert.equal(presignMethod(presigned({ signed: 'content-type%3Bhost' })), 'PUT');
    assert.equal(presignMethod(presigned({ signed: 'host%3Bx-amz-acl' })), 'PUT');
    assert.equal(presignMethod(presigned({ query: 'x-amz-checksum-crc32=AAAAAA%3D%3D&' })), 'PUT');
  });
  it('says unknown when nothing tells (boto3, SigV2, not a URL)', () => {
    assert.equal(presignMethod(presigned()), 'unknown');
    assert.equal(presignMethod('https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIA&Signature=x&Expires=1700000000'), 'unknown');
    assert.equal(presignMethod('not a url'), 'unknown');
  });
  it('computes expiry from X-Amz-Date + X-Amz-Expires, and from SigV2 Expires', () => {
    assert.equal(presignExpiry(presigned({ expires: 3600 }))?.toISOString(), '2025-01-01T01:00:00.000Z');
    assert.equal(presignExpiry('https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIA&Signature=x&Expires=1735693200')?.toISOString(), '2025-01-01T01:00:00.000Z');
    assert.equal(presignExpiry('https://example.com/a.mp4'), undefined);
    assert.equal(parseAmzDate('2025-01-01'), undefined);
    assert.ok(isPresigned(presigned()));
    assert.ok(!isPresigned('https://example.com/a.mp4?X=1'));
  });
});

describe('payload rules', () => {
  describe('presigned method vs direction', () => {
    it('flags an input signed for PUT and an output signed for GET', () => {
      const ds = rules('dolby-job', {
        input: presigned({ query: 'x-id=PutObject&' }),
        output: { url: presigned({ query: 'x-id=GetObject&', bucket: 'media-out' }) },
      });
      assert.deepEqual(pairs(ds), [
        ['payload/presigned-wrong-method', 'input'],
        ['payload/presigned-wrong-method', 'output.url'],
      ]);
    });
    it('accepts the right directions and unknown methods', () => {
      assert.deepEqual(rules('dolby-job', { input: presigned({ query: 'x-id=GetObject&' }), output: presigned({ query: 'x-id=PutObject&' }) }), []);
      assert.deepEqual(rules('dolby-job', { input: presigned(), output: presigned() }), []);
    });
  });

  describe('presigned expiry', () => {
    it('errors when expired and warns within the threshold', () => {
      assert.deepEqual(pairs(rules('dolby-job', { input: presigned({ expires: 1800 }) })), [['payload/presigned-expired', 'input']]);
      assert.deepEqual(pairs(rules('dolby-job', { input: presigned({ expires: 5400 }) })), [['payload/presigned-expiring', 'input']]);
      assert.deepEqual(rules('dolby-job', { input: presigned({ expires: 5400 }) }, { expiryThresholdSeconds: 600 }), []);
      assert.deepEqual(rules('dolby-job', { input: presigned({ expires: 86400 }) }), []);
    });
    it('uses the real clock when no now is given', () => {
      const ds = validate(JSON.stringify({ input: presigned({ expires: 60 }) }), 'dolby-job', { includeSchema: false });
      assert.deepEqual(
        ds.map((d) => d.code),
        ['payload/presigned-expired'],
      );
    });
  });

  describe('s3:// URLs', () => {
    it('flags an s3:// URL that does not parse, for Dolby and Qencode', () => {
      assert.deepEqual(pairs(rules('dolby-job', { input: 's3://Bad_Bucket/a.mp4' })), [['payload/invalid-s3-url', 'input']]);
      assert.deepEqual(pairs(rules('qencode-destination', [{ url: 's3://us-west.s3.qencode.com/' }])), [['payload/invalid-s3-url', '0.url']]);
    });
    it('accepts bucket/key for Dolby and endpoint/bucket/path for Qencode', () => {
      assert.deepEqual(rules('dolby-job', { input: 's3://my.dotted.bucket/in/a.mp4', output: 's3://media-out/o.mp4' }), []);
      assert.deepEqual(rules('qencode-destination', { url: 's3://minio.example.com:9000/media/out/' }), []);
    });
    it('flags a damaged presigned URL', () => {
      const url = presigned().replace(/&X-Amz-Signature=[^&]+/, '');
      assert.deepEqual(pairs(rules('dolby-job', { input: url })), [['payload/invalid-presigned-url', 'input']]);
    });
  });

  describe('public ACLs on buckets that block public access', () => {
    const blocked = (b: string) => b === 'locked';
    it('flags Qencode public-read and Impossible default public-read, not the Bitmovin output acl, which has no effect', () => {
      assert.deepEqual(pairs(rules('bitmovin-s3-output', { bucketName: 'locked', acl: [{ permission: 'PUBLIC_READ' }] }, { publicAccessBlocked: blocked })), [
        ['payload/bitmovin-output-acl-ignored', 'acl'],
      ]);
      assert.deepEqual(
        pairs(rules('qencode-destination', { url: 's3://s3.example.com/locked/a.mp4', permissions: 'public-read' }, { publicAccessBlocked: blocked })),
        [['payload/public-acl-blocked', 'permissions']],
      );
      const imp = rules('impossible-destination', { type: 's3', bucket: 'locked', filename: 'a.mp4', aws_use_policy: true }, { publicAccessBlocked: blocked });
      // The defaulted public-read is this error alone, not also the default-ACL warning.
      assert.deepEqual(pairs(imp), [['payload/public-acl-blocked', 'acl']]);
      assert.match(imp[0].message, /default "public-read"/);
    });
    it('fixes by setting a private ACL', () => {
      const text = JSON.stringify({ type: 's3', bucket: 'locked', filename: 'a.mp4', aws_use_policy: true }, null, 2);
      const [d] = validate(text, 'impossible-destination', { publicAccessBlocked: blocked });
      assert.ok(d.fix);
      const after = applyEdits(text, d.fix.edits);
      assert.equal((JSON.parse(after) as { acl: string }).acl, 'private');
      assert.deepEqual(validate(after, 'impossible-destination', { publicAccessBlocked: blocked }), []);
    });
    it('says nothing when the bucket allows it, the ACL is private, or nobody knows', () => {
      assert.deepEqual(
        rules('qencode-destination', { url: 's3://s3.example.com/open/a.mp4', permissions: 'public-read' }, { publicAccessBlocked: blocked }),
        [],
      );
      assert.deepEqual(rules('qencode-destination', { url: 's3://s3.example.com/locked/a.mp4', permissions: 'private' }, { publicAccessBlocked: blocked }), []);
      assert.deepEqual(
        rules('qencode-destination', { url: 's3://s3.example.com/locked/a.mp4', permissions: 'public-read' }, { publicAccessBlocked: () => undefined }),
        [],
      );
      assert.deepEqual(
        rules('impossible-destination', { type: 's3', bucket: 'locked', filename: 'a.mp4', aws_use_policy: true }).filter(
          (d) => d.code === 'payload/public-acl-blocked',
        ),
        [],
      );
    });
  });

  describe('Bitmovin output acl note', () => {
    it('is an info on outputs with acl, absent on inputs and outputs without', () => {
      const [d, ...rest] = rules('bitmovin-generic-s3-output', { bucketName: 'media', host: 'h', port: 443, acl: [{ permission: 'PRIVATE' }] });
      assert.equal(d?.code, 'payload/bitmovin-output-acl-ignored');
      assert.equal(d.severity, 'info');
      assert.match(d.message, /does not have any effect/);
      assert.deepEqual(rest, []);
      assert.deepEqual(rules('bitmovin-s3-output', { bucketName: 'media' }), []);
      assert.deepEqual(rules('bitmovin-s3-input', { bucketName: 'media', acl: [] }), []);
    });
  });

  describe('plaintext secrets', () => {
    const real = 'q8Vb3nR+Zt1mK0pLx7Yw9sD2fGh4Jk6Lm5Nb8Vc1';
    it('tells real-looking secrets from placeholders', () => {
      assert.ok(looksLikeRealSecret(real));
      assert.ok(looksLikeRealSecret('0123456789abcdef0123456789abcdef'));
      for (const p of [
        '<AWS_SECRET_KEY>',
        'YOUR_SECRET_ACCESS_KEY',
        'mySecretAccessKey',
        'djkgg39u34i....ogn9gh89w34gh984h',
        'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        '${env:AWS_SECRET}',
        '{{secret}}',
        'AWS Secret Access Key',
        'xxxxxxxxxxxxxxxxxxxx',
        'short1A',
      ]) {
        assert.ok(!looksLikeRealSecret(p), p);
      }
      assert.ok(looksLikeRealAccessKeyId('AKIAZ7Q2KD4J5XWN3M6P'));
      assert.ok(!looksLikeRealAccessKeyId('AKIAIOSFODNN7EXAMPLE'));
      assert.ok(!looksLikeRealAccessKeyId('minioadmin'));
    });
    it('flags secrets in every payload kind, nested ones included', () => {
      assert.deepEqual(pairs(rules('bitmovin-s3-input', { bucketName: 'media', accessKey: 'AKIAZ7Q2KD4J5XWN3M6P', secretKey: real })), [
        ['payload/plaintext-secret', 'accessKey'],
        ['payload/plaintext-secret', 'secretKey'],
      ]);
      assert.deepEqual(pairs(rules('dolby-job', { input: { url: 's3://media-in/a', auth: { key: 'k', secret: real } } })), [
        ['payload/plaintext-secret', 'input.auth.secret'],
      ]);
      assert.deepEqual(pairs(rules('qencode-destination', [{ url: 's3://h.example.com/media/a', secret: real }])), [['payload/plaintext-secret', '0.secret']]);
      assert.deepEqual(
        pairs(
          rules('impossible-destination', {
            type: 's3',
            bucket: 'media',
            filename: 'a',
            acl: 'private',
            aws_access_key_id: '<KEY_ID>',
            aws_secret_access_key: real,
          }),
        ),
        [['payload/plaintext-secret', 'aws_secret_access_key']],
      );
    });
    it('says nothing for placeholders or outside workspace files', () => {
      assert.deepEqual(rules('bitmovin-s3-input', { bucketName: 'media', accessKey: '<AWS_ACCESS_KEY>', secretKey: '<AWS_SECRET_KEY>' }), []);
      assert.deepEqual(rules('bitmovin-s3-input', { bucketName: 'media', secretKey: real }, { workspaceFile: false }), []);
    });
  });

  describe('generic S3 port', () => {
    it('warns that an omitted port means 8000, and adds 443 where ssl is true', () => {
      const value = { bucketName: 'media', host: 's3.example.com', ssl: true, accessKey: '<A>', secretKey: '<S>' };
      const text = JSON.stringify(value, null, 2);
      const [d, ...rest] = validate(text, 'bitmovin-generic-s3-input', { includeSchema: false });
      assert.deepEqual(rest, []);
      assert.equal(d?.code, 'payload/bitmovin-generic-s3-default-port');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /port 8000/);
      assert.equal(fixed(text, d)['port'], 443);
    });
    it('guesses no port without TLS, and says nothing once a port is set', () => {
      const [d] = rules('bitmovin-generic-s3-output', { bucketName: 'media', host: 'minio.local', ssl: false });
      assert.equal(d?.code, 'payload/bitmovin-generic-s3-default-port');
      assert.equal(d.fix, undefined);
      assert.deepEqual(rules('bitmovin-generic-s3-output', { bucketName: 'media', host: 'minio.local', port: 9000 }), []);
    });
  });

  describe('role-based external ID', () => {
    const base = { bucketName: 'media', roleArn: 'arn:aws:iam::123456789012:role/bitmovin' };
    it('warns without an external ID, explains the confused deputy, and asks for a generated one', () => {
      const text = JSON.stringify(base, null, 2);
      const [d] = validate(text, 'bitmovin-s3-role-based-input', { includeSchema: false });
      assert.equal(d?.code, 'payload/bitmovin-role-no-external-id');
      assert.deepEqual(d.path, ['roleArn']);
      assert.match(d.message, /confused-deputy/);
      assert.match(d.message, /"GENERATED".*"GLOBAL"/);
      assert.equal(fixed(text, d)['externalIdMode'], 'GENERATED');
      const custom = JSON.stringify({ ...base, externalIdMode: 'CUSTOM' }, null, 2);
      const [c] = validate(custom, 'bitmovin-s3-role-based-output', { includeSchema: false });
      assert.deepEqual(c?.path, ['externalIdMode']);
      assert.equal(fixed(custom, c)['externalIdMode'], 'GENERATED');
    });
    it('says nothing with an external ID or a mode that provides one', () => {
      for (const extra of [
        { externalId: 'x-1' },
        { externalIdMode: 'GLOBAL' },
        { externalIdMode: 'GENERATED' },
        { externalIdMode: 'CUSTOM', externalId: 'x-1' },
      ]) {
        assert.deepEqual(rules('bitmovin-s3-role-based-input', { ...base, ...extra }), [], JSON.stringify(extra));
      }
      assert.deepEqual(pairs(rules('bitmovin-s3-role-based-input', { ...base, externalId: '  ' })), [['payload/bitmovin-role-no-external-id', 'roleArn']]);
    });
  });

  describe('Impossible Software ACL and credentials', () => {
    const base = { type: 's3', bucket: 'media', filename: 'out.mp4' };
    it('warns about public-read-write and replaces it with public-read', () => {
      const text = JSON.stringify({ ...base, acl: 'public-read-write', aws_use_policy: true }, null, 2);
      const [d, ...rest] = validate(text, 'impossible-destination', { includeSchema: false });
      assert.deepEqual(rest, []);
      assert.equal(d?.code, 'payload/impossible-public-read-write');
      assert.equal(fixed(text, d)['acl'], 'public-read');
    });
    it('warns about the default public-read, not about an explicit one', () => {
      const text = JSON.stringify({ ...base, aws_use_policy: true }, null, 2);
      const [d] = validate(text, 'impossible-destination', { includeSchema: false });
      assert.equal(d?.code, 'payload/impossible-default-public-read');
      assert.match(d.message, /"out\.mp4"/);
      assert.equal(fixed(text, d)['acl'], 'private');
      assert.deepEqual(rules('impossible-destination', { ...base, acl: 'public-read', aws_use_policy: true }), []);
    });
    it('warns without keys or aws_use_policy, and with half a key pair', () => {
      const text = JSON.stringify({ ...base, acl: 'private' }, null, 2);
      const [d] = validate(text, 'impossible-destination', { includeSchema: false });
      assert.equal(d?.code, 'payload/impossible-no-credentials');
      assert.equal(fixed(text, d)['aws_use_policy'], true);
      const off = JSON.stringify({ ...base, acl: 'private', aws_use_policy: false }, null, 2);
      const [o] = validate(off, 'impossible-destination', { includeSchema: false });
      assert.equal(fixed(off, o)['aws_use_policy'], true);
      const half = rules('impossible-destination', { ...base, acl: 'private', aws_access_key_id: '<KEY_ID>' });
      assert.deepEqual(pairs(half), [['payload/impossible-no-credentials', 'aws_access_key_id']]);
      assert.equal(half[0]?.fix, undefined);
      assert.deepEqual(rules('impossible-destination', { ...base, acl: 'private', aws_access_key_id: '<K>', aws_secret_access_key: '<S>' }), []);
    });
  });

  describe('Qencode plain HTTP', () => {
    it('warns about use_tls 0 and false, in arrays too, and not about 1', () => {
      assert.deepEqual(pairs(rules('qencode-destination', { url: 's3://minio.local:9000/media/a.mp4', key: 'k', secret: 's', use_tls: 0 })), [
        ['payload/qencode-plain-http', 'use_tls'],
      ]);
      assert.deepEqual(pairs(rules('qencode-destination', [{ url: 's3://h.example.com/media/a' }, { url: 's3://h.example.com/media/b', use_tls: false }])), [
        ['payload/qencode-plain-http', '1.use_tls'],
      ]);
      assert.deepEqual(rules('qencode-destination', { url: 's3://h.example.com/media/a', use_tls: 1 }), []);
    });
  });

  describe('missing required properties in the editor', () => {
    it('are errors even when the JSON service covers the document, once each', () => {
      const ds = validate('{ "roleArn": "arn:aws:iam::123456789012:role/x", "externalIdMode": "GLOBAL", "bucket": 1 }', 'bitmovin-s3-role-based-output', {
        includeSchema: false,
      });
      // The unknown "bucket" is the JSON service's to report; the missing bucketName is ours.
      assert.deepEqual(
        ds.map((d) => [d.code, d.severity, d.path.join('.')]),
        [['schema/required', 'error', 'bucketName']],
      );
    });
    it('follow Qencode: key and secret except on Qencode S3', () => {
      const req = (v: unknown) =>
        validate(JSON.stringify(v), 'qencode-destination', { includeSchema: false })
          .filter((d) => d.code === 'schema/required')
          .map((d) => d.path.join('.'));
      assert.deepEqual(req({ url: 's3://s3.us-west-2.amazonaws.com/media/a.mp4' }), ['key', 'secret']);
      assert.deepEqual(req({ url: 's3://us-west.s3.qencode.com/media/a.mp4' }), []);
      assert.deepEqual(req([{ url: 's3://us-west.s3.qencode.com/media/a.mp4' }, { url: 's3://minio.local:9000/media/a.mp4', key: 'k' }]), ['1.secret']);
    });
  });
});
