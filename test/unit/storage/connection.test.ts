import * as assert from 'assert';
import { checkBucketName, checkEndpoint, validateConnection, validateLocation, type Connection, type Location } from '../../../src/core/storage/connection';

const aws: Connection = { id: 'prod', label: 'Production', kind: 'aws', region: 'eu-west-1', profile: 'media-sso' };
const minio: Connection = {
  id: 'lab',
  label: 'Lab MinIO',
  kind: 's3-compatible',
  region: 'us-east-1',
  endpoint: 'http://10.0.0.5:9000',
  useTls: false,
  forcePathStyle: true,
};

function fields(issues: { field: string }[]): string[] {
  return issues.map((i) => i.field);
}

describe('storage/connection', () => {
  describe('validateConnection', () => {
    it('accepts an AWS profile connection and an S3-compatible endpoint connection', () => {
      assert.deepStrictEqual(validateConnection(aws), []);
      assert.deepStrictEqual(validateConnection(minio), []);
      assert.deepStrictEqual(
        validateConnection({
          id: 'r2',
          label: 'R2',
          kind: 's3-compatible',
          region: 'auto',
          endpoint: 'https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com',
        }),
        [],
      );
    });
    it('requires an endpoint for s3-compatible and explains it', () => {
      const issues = validateConnection({ id: 'x', label: 'X', kind: 's3-compatible', region: 'us-east-1' });
      assert.deepStrictEqual(fields(issues), ['endpoint']);
      assert.match(issues[0].message, /needs an endpoint/);
    });
    it('rejects a non-AWS region on an aws connection', () => {
      const issues = validateConnection({ ...aws, region: 'Ireland' });
      assert.deepStrictEqual(fields(issues), ['region']);
      assert.match(issues[0].message, /not an AWS region name/);
    });
    it('rejects endpoints with a path, credentials or another scheme', () => {
      assert.match(validateConnection({ ...minio, endpoint: 'http://10.0.0.5:9000/bucket' })[0].message, /no path/);
      assert.match(validateConnection({ ...minio, endpoint: 'http://u:p@10.0.0.5:9000' })[0].message, /user or password/);
      assert.match(validateConnection({ ...minio, endpoint: 'ftp://10.0.0.5' })[0].message, /http or https, not ftp/);
      assert.match(validateConnection({ ...minio, endpoint: 's3.example.com' })[0].message, /not a URL|scheme/);
      assert.strictEqual(checkEndpoint('https://s3.example.com:8443').ok, true);
      assert.strictEqual(checkEndpoint('https://s3.example.com:8443/').ok, true);
    });
    it('rejects what URL parsing would normalise away: dot segments, empty query or fragment', () => {
      for (const e of ['http://10.0.0.5:9000/..', 'http://10.0.0.5:9000/?', 'http://10.0.0.5:9000#', 'http:10.0.0.5']) {
        const r = checkEndpoint(e);
        assert.ok(!r.ok && /no path, query or fragment/.test(r.reason), `${e}: ${JSON.stringify(r)}`);
      }
    });
    it('never repeats a password from the endpoint', () => {
      for (const e of ['http://me:pa55word@10.0.0.5:9000', 'http://me:pa55word@10.0.0.5:99999', 'http://:pa55word@h']) {
        const issues = validateConnection({ ...minio, endpoint: e });
        assert.deepStrictEqual(fields(issues), ['endpoint'], e);
        assert.match(issues[0].message, /user or password/);
        assert.ok(!issues[0].message.includes('pa55word'), issues[0].message);
      }
    });
    it('flags useTls that contradicts the endpoint scheme', () => {
      assert.deepStrictEqual(fields(validateConnection({ ...minio, useTls: true })), ['useTls']);
    });
    it('rejects a bad id, empty label, unknown kind and checksum mode', () => {
      const issues = validateConnection({ id: ' bad id', label: ' ', kind: 'gcs' as never, region: 'us-east-1', checksumMode: 'always' as never });
      assert.deepStrictEqual(fields(issues), ['id', 'label', 'kind', 'checksumMode']);
    });
  });

  describe('checkBucketName', () => {
    const valid = ['my-bitmovin-bucket', 'abc', 'a'.repeat(63), 'media.example.com', '1abc', 'xn-abc', 'bucket-s3alias-x'];
    for (const name of valid) {
      it(`accepts ${name.length > 20 ? `${name.slice(0, 10)}… (${name.length})` : name}`, () => assert.deepStrictEqual(checkBucketName(name), { ok: true }));
    }
    const invalid: [string, RegExp][] = [
      ['ab', /shorter than 3/],
      ['a'.repeat(64), /longer than 63/],
      ['My-Bucket', /uppercase/],
      ['my_bucket', /contains "_"/],
      ['-bucket', /begin with a letter or digit/],
      ['bucket-', /end with a letter or digit/],
      ['my..bucket', /two adjacent periods/],
      ['my.-bucket', /period next to a hyphen/],
      ['192.168.5.4', /IP address/],
      ['xn--bucket', /reserved prefix "xn--"/],
      ['sthree-bucket', /reserved prefix "sthree-"/],
      ['amzn-s3-demo-bucket', /reserved prefix "amzn-s3-demo-"/],
      ['bucket-s3alias', /reserved suffix "-s3alias"/],
      ['bucket--ol-s3', /reserved suffix "--ol-s3"/],
      ['bucket.mrap', /reserved suffix ".mrap"/],
      ['bucket--x-s3', /reserved suffix "--x-s3"/],
    ];
    for (const [name, reason] of invalid) {
      it(`rejects ${name.slice(0, 20)} with the reason`, () => {
        const r = checkBucketName(name);
        assert.strictEqual(r.ok, false);
        if (!r.ok) {
          assert.match(r.reason, reason);
          assert.ok(r.reason.includes(name), 'the reason names the bucket');
        }
      });
    }
  });

  describe('validateLocation', () => {
    const out: Location = {
      name: 'hls-out',
      role: 'output',
      connection: 'prod',
      bucket: 'my-bitmovin-bucket',
      prefix: 'encodings/',
      acl: 'public-read',
      storageClass: 'STANDARD_IA',
      cacheControl: 'max-age=60',
      contentType: 'video/mp4',
      metadata: { project: 'trailer' },
    };
    it('accepts a full output location', () => assert.deepStrictEqual(validateLocation(out), []));
    it('reports each bad field with its name', () => {
      const issues = validateLocation({
        ...out,
        bucket: 'Bad_Bucket',
        prefix: '/leading',
        acl: 'everyone' as never,
        metadata: { 'x-amz-meta-a': 'b', 'bad key': 'v', ok: 'é' },
      });
      assert.deepStrictEqual(fields(issues), ['bucket', 'prefix', 'acl', 'metadata.x-amz-meta-a', 'metadata.bad key', 'metadata.ok']);
    });
    it('says write options do nothing on an input', () => {
      const issues = validateLocation({ name: 'src', role: 'input', connection: 'prod', bucket: 'my-bucket', acl: 'private' });
      assert.deepStrictEqual(fields(issues), ['acl']);
      assert.match(issues[0].message, /only applies to outputs/);
      assert.strictEqual(issues[0].severity, 'warning');
    });
  });
});
