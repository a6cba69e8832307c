import * as assert from 'assert';
import {
  connectionFit,
  folderPrefixes,
  formatS3Url,
  rankConnections,
  isPresignedUrl,
  parseS3Url,
  toArn,
  toHttpsUrl,
  toHttpsUrlForConnection,
  toQencodeUrl,
  toS3Uri,
  type ParsedS3Url,
} from '../../../src/core/storage/s3url';

function parsed(s: string, opts?: Parameters<typeof parseS3Url>[1]): ParsedS3Url {
  const r = parseS3Url(s, opts);
  if (!r.ok) assert.fail(`expected ${s} to parse, got: ${r.reason}`);
  return r.value;
}

function reason(s: string): string {
  const r = parseS3Url(s);
  if (r.ok) assert.fail(`expected ${s} to be rejected, got ${JSON.stringify(r.value)}`);
  return r.reason;
}

// [url, expected fields]; each must also write back to exactly the same text.
const FORMS: [string, Partial<ParsedS3Url>][] = [
  ['s3://your-bucket-name/input_file.mp3', { bucket: 'your-bucket-name', key: 'input_file.mp3', style: 's3-uri' }],
  ['s3://my-bucket/', { bucket: 'my-bucket', key: '', style: 's3-uri' }],
  ['s3://my-bucket/folder with space/ünï.mp4', { bucket: 'my-bucket', key: 'folder with space/ünï.mp4' }],
  [
    's3://us-west.s3.qencode.com/my-bucket/folder/output.mp4',
    { bucket: 'my-bucket', key: 'folder/output.mp4', style: 's3-endpoint-uri', endpoint: 'https://us-west.s3.qencode.com', provider: 'qencode' },
  ],
  ['s3://us-west.s3.qencode.com/my-bucket/folder', { bucket: 'my-bucket', key: 'folder', style: 's3-endpoint-uri' }],
  [
    's3://example.endpoint.com/my-bucket/folder/output.mp4',
    { bucket: 'my-bucket', key: 'folder/output.mp4', endpoint: 'https://example.endpoint.com', provider: 'generic' },
  ],
  ['s3://minio.local:9000/media/a.mp4', { bucket: 'media', key: 'a.mp4', endpoint: 'https://minio.local:9000' }],
  ['s3://127.0.0.1:7480/media/a.mp4', { bucket: 'media', key: 'a.mp4', endpoint: 'https://127.0.0.1:7480' }],
  ['s3://10.1.2.3/media/a.mp4', { bucket: 'media', key: 'a.mp4', endpoint: 'https://10.1.2.3' }],
  [
    'https://my-bucket.s3.eu-west-1.amazonaws.com/path/to/file.mp4',
    {
      bucket: 'my-bucket',
      key: 'path/to/file.mp4',
      style: 'virtual-hosted',
      provider: 'aws',
      region: 'eu-west-1',
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
    },
  ],
  ['https://s3.eu-west-1.amazonaws.com/my-bucket/path/to/file.mp4', { bucket: 'my-bucket', key: 'path/to/file.mp4', style: 'path-style', region: 'eu-west-1' }],
  ['https://my-bucket.s3.amazonaws.com/file.mp4', { bucket: 'my-bucket', style: 'virtual-hosted', region: 'us-east-1', endpoint: 'https://s3.amazonaws.com' }],
  ['https://s3.amazonaws.com/my-bucket/file.mp4', { bucket: 'my-bucket', style: 'path-style', region: 'us-east-1' }],
  ['https://s3-eu-west-1.amazonaws.com/my-bucket/file.mp4', { bucket: 'my-bucket', region: 'eu-west-1', endpoint: 'https://s3-eu-west-1.amazonaws.com' }],
  ['https://my-bucket.s3-eu-west-1.amazonaws.com/file.mp4', { bucket: 'my-bucket', region: 'eu-west-1', style: 'virtual-hosted' }],
  [
    'https://my-bucket.s3.dualstack.eu-west-1.amazonaws.com/file.mp4',
    { bucket: 'my-bucket', region: 'eu-west-1', dualstack: true, endpoint: 'https://s3.dualstack.eu-west-1.amazonaws.com' },
  ],
  ['https://my-bucket.s3-accelerate.amazonaws.com/file.mp4', { bucket: 'my-bucket', accelerate: true }],
  ['https://my-bucket.s3.cn-north-1.amazonaws.com.cn/file.mp4', { bucket: 'my-bucket', region: 'cn-north-1' }],
  ['https://s3.eu-west-1.amazonaws.com/my.dotted.bucket/a%20b/c%2Bd.mp4', { bucket: 'my.dotted.bucket', key: 'a b/c+d.mp4' }],
  ['https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/media/a.mp4', { bucket: 'media', provider: 'r2', region: 'auto', style: 'path-style' }],
  ['https://media.0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/a.mp4', { bucket: 'media', provider: 'r2', style: 'virtual-hosted' }],
  ['https://s3.eu-central-1.wasabisys.com/media/a.mp4', { bucket: 'media', provider: 'wasabi', region: 'eu-central-1', style: 'path-style' }],
  ['https://media.s3.eu-central-1.wasabisys.com/a.mp4', { bucket: 'media', provider: 'wasabi', region: 'eu-central-1', style: 'virtual-hosted' }],
  ['https://media.nyc3.digitaloceanspaces.com/a.mp4', { bucket: 'media', provider: 'digitalocean', region: 'nyc3', style: 'virtual-hosted' }],
  ['https://nyc3.digitaloceanspaces.com/media/a.mp4', { bucket: 'media', provider: 'digitalocean', region: 'nyc3', style: 'path-style' }],
  ['https://storage.googleapis.com/media_bucket/a.mp4', { bucket: 'media_bucket', provider: 'gcs', style: 'path-style' }],
  ['https://media.storage.googleapis.com/a.mp4', { bucket: 'media', provider: 'gcs', style: 'virtual-hosted' }],
  ['http://127.0.0.1:7480/media/a.mp4', { bucket: 'media', provider: 'generic', style: 'path-style', endpoint: 'http://127.0.0.1:7480' }],
  ['https://my-bucket.s3.eu-west-1.amazonaws.com/a.mp4?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY', { versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }],
  [
    'https://s3-fips.us-east-2.amazonaws.com/my-bucket/a.mp4',
    { bucket: 'my-bucket', region: 'us-east-2', style: 'path-style', endpoint: 'https://s3-fips.us-east-2.amazonaws.com' },
  ],
  [
    'https://my-bucket.s3-fips.dualstack.us-gov-west-1.amazonaws.com/a.mp4',
    {
      bucket: 'my-bucket',
      region: 'us-gov-west-1',
      dualstack: true,
      style: 'virtual-hosted',
      endpoint: 'https://s3-fips.dualstack.us-gov-west-1.amazonaws.com',
    },
  ],
  ['https://s3.dualstack.ap-south-1.amazonaws.com/my-bucket/a.mp4', { bucket: 'my-bucket', region: 'ap-south-1', dualstack: true, style: 'path-style' }],
  ['https://media.fra1.cdn.digitaloceanspaces.com/a.mp4', { bucket: 'media', provider: 'digitalocean', region: 'fra1', style: 'virtual-hosted' }],
  ['https://s3.wasabisys.com/media/a.mp4', { bucket: 'media', provider: 'wasabi', region: 'us-east-1', style: 'path-style' }],
  ['arn:aws:s3:::my-bucket/path/to/file.mp4', { bucket: 'my-bucket', key: 'path/to/file.mp4', style: 'arn', partition: 'aws' }],
  ['arn:aws:s3:::my-bucket', { bucket: 'my-bucket', key: '', style: 'arn' }],
  ['arn:aws-cn:s3:::my-bucket/a', { partition: 'aws-cn' }],
];

const PRESIGNED =
  'https://your-bucket-name.s3.us-west-1.amazonaws.com/your-input-object/name.mp4' +
  '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-west-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host' +
  '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

describe('storage/s3url', () => {
  describe('parses and writes back every form', () => {
    for (const [url, expected] of FORMS) {
      it(url, () => {
        const value = parsed(url);
        for (const [k, v] of Object.entries(expected)) {
          assert.deepStrictEqual(value[k as keyof ParsedS3Url], v, `${k} of ${url}`);
        }
        assert.strictEqual(formatS3Url(value), url);
      });
    }
  });

  it('reads the presigned query parameters and writes them back', () => {
    const p = parsed(PRESIGNED);
    assert.deepStrictEqual(p.presigned, {
      algorithm: 'AWS4-HMAC-SHA256',
      credential: 'AKIAIOSFODNN7EXAMPLE/20240101/us-west-1/s3/aws4_request',
      date: '20240101T000000Z',
      expires: 3600,
      signedHeaders: 'host',
      signature: 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    });
    assert.strictEqual(p.key, 'your-input-object/name.mp4');
    assert.strictEqual(formatS3Url(p), PRESIGNED);
    assert.strictEqual(isPresignedUrl(PRESIGNED), true);
    assert.strictEqual(isPresignedUrl('https://your-bucket-name.s3.us-west-1.amazonaws.com/a.mp4'), false);
  });

  it('takes the region of a presigned URL on a generic host from its credential scope', () => {
    const url = PRESIGNED.replace('https://your-bucket-name.s3.us-west-1.amazonaws.com', 'http://127.0.0.1:7480/your-bucket-name');
    const p = parsed(url);
    assert.strictEqual(p.region, 'us-west-1');
    assert.strictEqual(p.endpoint, 'http://127.0.0.1:7480');
  });

  it('reads a dotted bucket as a bucket when the next segment is not a bucket name', () => {
    const p = parsed('s3://media.example.com/Videos/a.mp4');
    assert.deepStrictEqual([p.bucket, p.key, p.style], ['media.example.com', 'Videos/a.mp4', 's3-uri']);
  });

  it('honours s3UriEndpoint for the ambiguous dotted-bucket case', () => {
    assert.strictEqual(parsed('s3://my.bucket/folder/a.mp4').style, 's3-endpoint-uri');
    const p = parsed('s3://my.bucket/folder/a.mp4', { s3UriEndpoint: 'never' });
    assert.deepStrictEqual([p.bucket, p.key], ['my.bucket', 'folder/a.mp4']);
  });

  describe('rejects what is none of them, with the reason', () => {
    const cases: [string, RegExp][] = [
      ['', /empty string/],
      ['my-bucket/key.mp4', /no scheme; write s3:\/\/my-bucket\/key.mp4/],
      ['hello world', /is not an S3 URL/],
      ['ftp://host/bucket/key', /unsupported scheme "ftp:\/\/"/],
      ['s3://', /no bucket/],
      ['s3://My_Bucket/key', /contains uppercase letters/],
      ['s3://ab/key', /shorter than 3/],
      ['s3://us-west.s3.qencode.com/', /names an endpoint but no bucket/],
      ['s3://host:99999/bucket/key', /port 99999 is out of range/],
      ['https://s3.eu-west-1.amazonaws.com/', /has no bucket/],
      ['https://ec2.eu-west-1.amazonaws.com/x/y', /not an S3 REST endpoint/],
      ['https://s3.eu-west-1.amazonaws.com/Bad_Bucket/key', /uppercase/],
      ['https://s3.eu-west-1.amazonaws.com/my-bucket/%E0%A4%A', /malformed percent-encoding in key/],
      ['https://user:pw@s3.amazonaws.com/my-bucket/k', /user or password/],
      ['https://[zz/bucket', /not a valid URL/],
      ['arn:aws:s3:us-west-2:123456789012:accesspoint/name', /access points/],
      ['arn:aws:ec2:::my-bucket', /service "ec2", not s3/],
      ['arn:foo:s3:::my-bucket', /partition "foo"/],
      ['arn:aws:s3:::', /no bucket/],
      ['arn:aws:s3', /six parts/],
      [PRESIGNED.replace(/&X-Amz-Signature=[^&]*/, ''), /presigned URL is incomplete: missing X-Amz-Signature/],
      [PRESIGNED.replace('X-Amz-Expires=3600', 'X-Amz-Expires=999999'), /X-Amz-Expires must be/],
    ];
    for (const [input, expected] of cases) {
      it(JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}…` : input), () => assert.match(reason(input), expected));
    }
  });

  describe('Go to S3 URI', () => {
    it('lists the folders from the bucket down to a key', () => {
      assert.deepStrictEqual(folderPrefixes('a/b/c.mp4'), ['a/', 'a/b/']);
      assert.deepStrictEqual(folderPrefixes('a/b/'), ['a/', 'a/b/']);
      assert.deepStrictEqual(folderPrefixes('c.mp4'), []);
      assert.deepStrictEqual(folderPrefixes(''), []);
    });

    const aws = { endpoint: undefined };
    const awsRegional = { endpoint: 'https://s3.eu-west-1.amazonaws.com' };
    const ceph = { endpoint: 'http://127.0.0.1:7480' };
    const qencode = { endpoint: 'us-west.s3.qencode.com' };
    const r2 = { endpoint: 'https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com' };
    const wasabi = { endpoint: 'https://s3.eu-central-1.wasabisys.com' };
    const spaces = { endpoint: 'https://nyc3.digitaloceanspaces.com' };
    const fit = (url: string, conn: { endpoint?: string | undefined; useTls?: boolean }): string | undefined =>
      connectionFit(parsed(url), conn.endpoint === undefined ? {} : { endpoint: conn.endpoint, ...(conn.useTls === undefined ? {} : { useTls: conn.useTls }) });

    it('matches a URL to the connections whose endpoint it names, in either addressing style', () => {
      assert.strictEqual(fit('http://127.0.0.1:7480/media/a.mp4', ceph), 'same-endpoint');
      assert.strictEqual(fit('http://127.0.0.1:7481/media/a.mp4', ceph), undefined);
      // The Qencode form never says whether TLS is used (use_tls is a separate field), so host and port decide.
      assert.strictEqual(fit('s3://127.0.0.1:7480/media/a.mp4', ceph), 'same-endpoint');
      assert.strictEqual(fit('s3://127.0.0.1:7481/media/a.mp4', ceph), undefined);
      assert.strictEqual(fit('s3://us-west.s3.qencode.com/my-bucket/a.mp4', qencode), 'same-endpoint');
      assert.strictEqual(fit('s3://us-west.s3.qencode.com/my-bucket/a.mp4', { endpoint: 'us-west.s3.qencode.com', useTls: false }), 'same-endpoint');
      assert.strictEqual(fit('https://media.0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/a.mp4', r2), 'same-endpoint');
      assert.strictEqual(fit('https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/media/a.mp4', r2), 'same-endpoint');
      assert.strictEqual(fit('https://media.s3.eu-central-1.wasabisys.com/a.mp4', wasabi), 'same-endpoint');
      assert.strictEqual(fit('https://media.s3.eu-central-1.wasabisys.com/a.mp4', spaces), undefined);
      assert.strictEqual(fit('https://media.nyc3.digitaloceanspaces.com/a.mp4', spaces), 'same-endpoint');
      assert.strictEqual(fit('https://media.nyc3.digitaloceanspaces.com/a.mp4', aws), undefined);
    });

    it('takes any AWS connection for an AWS URL, whatever region or host form the URL uses', () => {
      for (const url of [
        'https://my-bucket.s3.amazonaws.com/a.mp4',
        'https://s3.us-west-2.amazonaws.com/my-bucket/a.mp4',
        'https://my-bucket.s3.dualstack.eu-west-1.amazonaws.com/a.mp4',
        'https://s3-fips.us-east-2.amazonaws.com/my-bucket/a.mp4',
        'arn:aws:s3:::my-bucket/a.mp4',
      ]) {
        assert.strictEqual(fit(url, aws), 'same-provider', url);
        assert.strictEqual(fit(url, awsRegional), 'same-provider', url);
        assert.notStrictEqual(fit(url, ceph), 'same-provider', url);
      }
      assert.strictEqual(fit('https://s3.us-west-2.amazonaws.com/my-bucket/a.mp4', ceph), undefined);
    });

    it('ranks the connections: the named endpoint first, then the same provider, then any for s3://bucket/key', () => {
      const conns = [
        { id: 'ceph', endpoint: ceph.endpoint },
        { id: 'aws', endpoint: undefined },
        { id: 'wasabi', endpoint: wasabi.endpoint },
      ];
      const rank = (url: string): string[] =>
        rankConnections(parsed(url), conns, (c) => (c.endpoint === undefined ? {} : { endpoint: c.endpoint })).map((c) => c.id);
      assert.deepStrictEqual(rank('s3://media/a.mp4'), ['ceph', 'aws', 'wasabi']);
      assert.deepStrictEqual(rank('http://127.0.0.1:7480/media/a.mp4'), ['ceph']);
      assert.deepStrictEqual(rank('https://media.s3.eu-central-1.wasabisys.com/a.mp4'), ['wasabi']);
      assert.deepStrictEqual(rank('arn:aws:s3:::media/a.mp4'), ['aws', 'ceph', 'wasabi']);
      assert.deepStrictEqual(rank('https://s3.eu-west-1.amazonaws.com/media/a.mp4'), ['aws']);
    });
  });

  describe('producers', () => {
    it('toS3Uri / toArn / toQencodeUrl', () => {
      assert.strictEqual(toS3Uri('my-bucket', 'a/b.mp4'), 's3://my-bucket/a/b.mp4');
      assert.strictEqual(toArn('my-bucket'), 'arn:aws:s3:::my-bucket');
      assert.strictEqual(toArn('my-bucket', 'a/*'), 'arn:aws:s3:::my-bucket/a/*');
      assert.strictEqual(toQencodeUrl('https://us-west.s3.qencode.com', 'my-bucket', 'folder/'), 's3://us-west.s3.qencode.com/my-bucket/folder/');
      assert.strictEqual(toQencodeUrl('http://10.0.0.5:9000/', 'media', 'a.mp4'), 's3://10.0.0.5:9000/media/a.mp4');
    });
    it('toHttpsUrl defaults to AWS virtual-hosted and falls back to path style for dotted buckets', () => {
      assert.strictEqual(toHttpsUrl('my-bucket', 'a b.mp4', { region: 'eu-west-1' }), 'https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b.mp4');
      assert.strictEqual(toHttpsUrl('my.bucket', 'a.mp4', { region: 'eu-west-1' }), 'https://s3.eu-west-1.amazonaws.com/my.bucket/a.mp4');
      assert.strictEqual(
        toHttpsUrl('my-bucket', 'a.mp4', { region: 'eu-west-1', dualstack: true }),
        'https://my-bucket.s3.dualstack.eu-west-1.amazonaws.com/a.mp4',
      );
      assert.strictEqual(
        toHttpsUrl('my-bucket', "it's (1).mp4", { region: 'eu-west-1', style: 'path-style' }),
        'https://s3.eu-west-1.amazonaws.com/my-bucket/it%27s%20%281%29.mp4',
      );
    });
    it('toHttpsUrlForConnection follows endpoint, useTls and forcePathStyle', () => {
      const conn = { region: 'us-east-1', endpoint: 'https://10.0.0.5:9000', useTls: false, forcePathStyle: true };
      assert.strictEqual(toHttpsUrlForConnection(conn, 'media', 'a/b.mp4'), 'http://10.0.0.5:9000/media/a/b.mp4');
      assert.strictEqual(
        toHttpsUrlForConnection({ region: 'nyc3', endpoint: 'https://nyc3.digitaloceanspaces.com' }, 'media', 'a.mp4'),
        'https://media.nyc3.digitaloceanspaces.com/a.mp4',
      );
    });
    it('round-trips keys with reserved characters through every producer', () => {
      const key = 'dir/ä ö+%#?&=.mp4';
      assert.strictEqual(parsed(toS3Uri('my-bucket', key)).key, key);
      for (const url of [toHttpsUrl('my-bucket', key, { region: 'eu-west-1' }), toHttpsUrl('my-bucket', key, { endpoint: 'http://127.0.0.1:7480' })]) {
        const p = parsed(url);
        assert.deepStrictEqual([p.bucket, p.key], ['my-bucket', key], url);
      }
      assert.strictEqual(parsed(toArn('my-bucket', key)).key, key);
      assert.strictEqual(parsed(toQencodeUrl('https://us-west.s3.qencode.com', 'my-bucket', 'dir/a b.mp4')).key, 'dir/a b.mp4');
    });
  });
});
