import * as assert from 'assert';
import { decodeAny, decodeError, renderBlock, summaryLine } from '../../../src/core/errors';
import { s3Xml, SIG_MISMATCH_PRESIGNED } from './fixtures';

describe('S3 XML error bodies', () => {
  it('renders the whole block of a SignatureDoesNotMatch body from a presigned PUT', () => {
    assert.strictEqual(
      renderBlock(decodeAny(SIG_MISMATCH_PRESIGNED)),
      [
        'S3 error SignatureDoesNotMatch: Signature does not match — S3 computed a different request signature than the client sent.',
        '  Category: S3 error',
        '  Request id: 4442587FB7D0A2F9',
        '  Host id: 9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9IG62/ILVxhAGI0qyPfg=',
        '  Message: The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        '  What to do:',
        "    - The upload sent Content-Type: application/octet-stream, and the presigned URL's signature covers Content-Type: send exactly the Content-Type given when the URL was presigned (or presign again for this one).",
        '    - Do not re-encode the URL (for example %2F → /) when copying it.',
        '    - Check the secret key of the connection (a wrong or stale secret is the most common cause).',
        '    - Check the computer clock is correct (clock skew changes the signature).',
        "    - Set the connection's region to the bucket's region (S3 reports it in the x-amz-bucket-region header).",
        '    - Check the addressing style: S3-compatible stores often need path-style addressing (forcePathStyle).',
      ].join('\n'),
    );
  });

  it('a plain (not presigned) SignatureDoesNotMatch starts with the secret key, clock, region, addressing', () => {
    const d = decodeAny(s3Xml('SignatureDoesNotMatch', 'The request signature we calculated does not match.'));
    assert.match(d.remedy[0], /secret key/);
    assert.match(d.remedy[1], /clock/);
    assert.match(d.remedy[2], /region/);
    assert.match(d.remedy[3], /path-style/);
  });

  const cases: Array<[string, string, string, RegExp]> = [
    ['AccessDenied', 'Access Denied', 'Access denied', /Check Access/],
    ['NoSuchBucket', 'The specified bucket does not exist', 'Bucket does not exist', /bucket name \('media-out'\)/],
    ['NoSuchKey', 'The specified key does not exist.', 'Object does not exist', /case-sensitive/],
    ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 'Unknown access key', /access key id/],
    [
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      'Clock skew too large',
      /clock.*server time was 2024-01-01T00:20:00Z/,
    ],
    ['InvalidBucketName', 'The specified bucket is not valid.', 'Invalid bucket name', /no "s3:\/\/"/],
    ['BucketAlreadyExists', 'The requested bucket name is not available.', 'Bucket name taken', /different bucket name/],
    ['SlowDown', 'Please reduce your request rate.', 'Request rate too high', /backoff/],
    ['ExpiredToken', 'The provided token has expired.', 'Session credentials expired', /aws sso login/],
    ['AccessControlListNotSupported', 'The bucket does not allow ACLs', 'ACLs are disabled on this bucket', /PRIVATE/],
  ];
  for (const [code, message, title, remedy] of cases) {
    it(`${code}: title, message and remedy`, () => {
      const d = decodeAny(s3Xml(code, message, '<BucketName>media-out</BucketName><ServerTime>2024-01-01T00:20:00Z</ServerTime>'));
      assert.strictEqual(d.source, 's3');
      assert.strictEqual(d.code, code);
      assert.strictEqual(d.title, title);
      assert.strictEqual(d.message, message);
      assert.strictEqual(d.requestId, '4442587FB7D0A2F9');
      assert.match(d.remedy.join('\n'), remedy);
      assert.deepStrictEqual(d.problems, []);
    });
  }

  it('PermanentRedirect: the right region comes from the <Endpoint>', () => {
    const d = decodeAny(
      s3Xml(
        'PermanentRedirect',
        'The bucket you are attempting to access must be addressed using the specified endpoint.',
        '<Endpoint>media-out.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>media-out</Bucket>',
      ),
    );
    assert.strictEqual(d.region, 'eu-west-1');
    assert.strictEqual(d.remedy[0], "Set the connection's region to 'eu-west-1' (the bucket's region, as S3 reported it).");
    assert.match(summaryLine(d), /\(bucket region: eu-west-1\)/);
  });

  it('AuthorizationHeaderMalformed: the right region comes from <Region> or the "expecting" text', () => {
    const msg = "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'";
    assert.strictEqual(decodeAny(s3Xml('AuthorizationHeaderMalformed', msg, '<Region>eu-west-1</Region>')).region, 'eu-west-1');
    assert.strictEqual(decodeAny(s3Xml('AuthorizationHeaderMalformed', msg)).region, 'eu-west-1');
  });

  it('an expired presigned URL (AccessDenied "Request has expired") is told apart from a permission problem', () => {
    const d = decodeAny(
      s3Xml(
        'AccessDenied',
        'Request has expired',
        '<X-Amz-Expires>900</X-Amz-Expires><Expires>2024-01-01T00:15:00Z</Expires><ServerTime>2024-01-01T02:00:00Z</ServerTime>',
      ),
    );
    assert.strictEqual(d.code, 'AccessDenied');
    assert.strictEqual(d.title, 'Presigned URL expired');
    assert.match(d.remedy[0], /new presigned URL \(this one was valid for 900 s\)/);
    assert.strictEqual(summaryLine(d), 'S3 AccessDenied (Presigned URL expired): Request has expired [request 4442587FB7D0A2F9]');
  });

  it('a truncated body keeps what it has and says it was cut', () => {
    const full = s3Xml('NoSuchBucket', 'The specified bucket does not exist');
    const d = decodeAny(full.slice(0, full.indexOf('does not') + 4));
    assert.strictEqual(d.code, 'NoSuchBucket');
    assert.strictEqual(d.message, 'The specified bucket does');
    assert.ok(d.problems.some((p) => /cut off/.test(p)));
  });

  it('entities are decoded and unknown codes still render', () => {
    const d = decodeAny('<Error><Code>WeirdThing</Code><Message>a &lt;b&gt; &amp; &#233;</Message></Error>');
    assert.strictEqual(d.message, 'a <b> & é');
    assert.match(renderBlock(d), /^S3 error WeirdThing: Unlisted S3 error — S3 error code WeirdThing \(not in this/);
  });
});

describe('S3 SDK and network errors', () => {
  function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
    return Object.assign(new Error(message), { name, $fault: 'client', ...extra });
  }

  it('PermanentRedirect from the SDK: region from the x-amz-bucket-region header', () => {
    const d = decodeError(
      sdkError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', {
        $metadata: { httpStatusCode: 301, requestId: 'RID', extendedRequestId: 'HID' },
        $response: { statusCode: 301, headers: { 'x-amz-bucket-region': 'ap-southeast-2' } },
        Bucket: 'media-out',
      }),
    );
    assert.strictEqual(d.code, 'PermanentRedirect');
    assert.strictEqual(d.region, 'ap-southeast-2');
    assert.strictEqual(d.requestId, 'RID');
    assert.strictEqual(d.hostId, 'HID');
    assert.strictEqual(d.httpStatus, 301);
  });

  it('a bodiless HEAD 301 (name "Unknown") becomes PermanentRedirect with the header region', () => {
    const d = decodeError(
      sdkError('Unknown', 'UnknownError', {
        $metadata: { httpStatusCode: 301 },
        $response: { statusCode: 301, headers: { 'X-Amz-Bucket-Region': 'eu-central-1' } },
      }),
    );
    assert.strictEqual(d.code, 'PermanentRedirect');
    assert.strictEqual(d.region, 'eu-central-1');
    assert.strictEqual(d.message, undefined);
  });

  it('HEAD 404 NotFound and 403 Forbidden are explained', () => {
    assert.strictEqual(decodeError(sdkError('NotFound', 'NotFound', { $metadata: { httpStatusCode: 404 } })).title, 'Bucket or object not found');
    assert.match(decodeError(sdkError('Forbidden', 'Forbidden', { $metadata: { httpStatusCode: 403 } })).remedy[0], /Check Access/);
  });

  it('InvalidAccessKeyId and ExpiredToken from the SDK', () => {
    assert.strictEqual(decodeError(sdkError('InvalidAccessKeyId', 'x', { $metadata: { httpStatusCode: 403 } })).title, 'Unknown access key');
    assert.strictEqual(decodeError(sdkError('ExpiredToken', 'x', { $metadata: { httpStatusCode: 400 } })).title, 'Session credentials expired');
  });

  for (const [code, extra] of [
    ['ECONNREFUSED', { address: '127.0.0.1', port: 9000 }],
    ['ENOTFOUND', { hostname: 'media.s3.example.invalid' }],
    ['ETIMEDOUT', {}],
  ] as const) {
    it(`${code} is "endpoint unreachable"`, () => {
      const err = Object.assign(new Error(`connect ${code}`), { code, ...extra, $metadata: { attempts: 3 } });
      const d = decodeError(err);
      assert.strictEqual(d.source, 'network');
      assert.strictEqual(d.code, code);
      assert.match(d.title, /^Endpoint unreachable: /);
      assert.match(d.remedy[0], /endpoint URL/);
    });
  }

  it('Node 20 AggregateError and a wrapped cause are unwrapped', () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED', address: '::1', port: 9000 })], ''), {
      code: undefined,
    });
    assert.strictEqual(decodeError(agg).code, 'ECONNREFUSED');
    assert.strictEqual(decodeError(agg).endpoint, '::1:9000');
    const wrapped = new Error('fetch failed', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    assert.strictEqual(decodeError(wrapped).code, 'ENOTFOUND');
  });

  it('an error whose message holds an XML body is decoded from it', () => {
    const d = decodeError(new Error(s3Xml('NoSuchKey', 'The specified key does not exist.')));
    assert.strictEqual(d.code, 'NoSuchKey');
  });

  it('anything else becomes a readable text error', () => {
    assert.strictEqual(decodeError(new TypeError('boom')).title, 'TypeError');
    assert.strictEqual(decodeError(undefined).message, 'undefined');
    assert.strictEqual(decodeError(42).message, '42');
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('nope');
        },
        has: () => {
          throw new Error('nope');
        },
      },
    );
    assert.strictEqual(decodeError(hostile).title, 'Error could not be decoded');
  });
});
