import * as assert from 'assert';
import { decodeAny, decodeError, renderBlock, summaryLine } from '../../../src/core/errors';
import { parseS3Time } from '../../../src/core/errors/s3Facts';
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
        // Every other element of the body, redacted: the key id and the signature hidden, the
        // string to sign kept (algorithm, time, scope, hash), the canonical request kept with
        // its credential hidden.
        '  AWSAccessKeyId: [REDACTED]',
        '  StringToSign: AWS4-HMAC-SHA256',
        '                20240101T000000Z',
        '                20240101/us-east-1/s3/aws4_request',
        '                abc',
        '  SignatureProvided: [REDACTED]',
        '  CanonicalRequest: PUT',
        '                    /media/video.mp4',
        '                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[REDACTED]&X-Amz-Date=20240101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=content-type%3Bhost',
        '                    content-type:application/octet-stream',
        '                    host:media.s3.amazonaws.com',
        '                    ',
        '                    content-type;host',
        '                    UNSIGNED-PAYLOAD',
        '  What to do:',
        "    - The upload sent Content-Type: application/octet-stream, and the presigned URL's signature covers Content-Type: send exactly the Content-Type given when the URL was presigned (or presign again for this one).",
        '    - Do not re-encode the URL (for example %2F → /) when copying it.',
        '    - Check the secret key of the connection (a wrong or stale secret is the most common cause).',
        '    - Check the computer clock is correct (clock skew changes the signature).',
        "    - Set the connection's region to the bucket's region (S3 reports it in the x-amz-bucket-region header).",
        '    - Check the addressing style: S3-compatible stores often need path-style addressing (forcePathStyle).',
        '    - A proxy, CDN or load balancer in front of the store that rewrites the Host header or the path (decoding %2F, merging //) or adds headers makes every signature fail. Point the connection at the store itself, or make the proxy pass requests unchanged.',
        '    - S3 echoed the StringToSign and CanonicalRequest it computed (shown above): compare them with the ones the client signed (the AWS SDKs and CLI log them at debug level); the first line that differs is the cause.',
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

describe('S3 error bodies: every element shown, secrets redacted', () => {
  it('elements the block has no label for appear as Name: value, in body order, and none twice', () => {
    const d = decodeAny(
      s3Xml(
        'EntityTooLarge',
        'Your proposed upload exceeds the maximum allowed size',
        '<BucketName>media-out</BucketName><Key>show/ep1.mp4</Key><ProposedSize>6442450944</ProposedSize><MaxSizeAllowed>5368709120</MaxSizeAllowed>' +
          '<UploadId>VXBsb2FkIElE</UploadId><ArgumentName>x-amz-storage-class</ArgumentName><ArgumentValue>GLACIER_IR</ArgumentValue><Empty></Empty>',
      ),
    );
    assert.deepStrictEqual(d.elements, [
      { name: 'ProposedSize', value: '6442450944' },
      { name: 'MaxSizeAllowed', value: '5368709120' },
      { name: 'UploadId', value: 'VXBsb2FkIElE' },
      { name: 'ArgumentName', value: 'x-amz-storage-class' },
      { name: 'ArgumentValue', value: 'GLACIER_IR' },
    ]);
    const block = renderBlock(d);
    for (const line of [
      '  Bucket: media-out',
      '  Key: show/ep1.mp4',
      '  Size: the upload is 6.0 GiB (6442450944 bytes), above the largest size allowed here, 5.0 GiB (5368709120 bytes)',
      '  ProposedSize: 6442450944',
      '  MaxSizeAllowed: 5368709120',
      '  UploadId: VXBsb2FkIElE',
      '  ArgumentName: x-amz-storage-class',
      '  ArgumentValue: GLACIER_IR',
    ]) {
      assert.ok(block.split('\n').includes(line), `${line}\n---\n${block}`);
    }
    for (const label of ['Request id', 'Host id', 'Message', 'Bucket', 'Key']) {
      assert.strictEqual(block.split('\n').filter((l) => l.startsWith(`  ${label}: `)).length, 1, label);
    }
    assert.ok(!/^\s+(?:RequestId|HostId|Code|BucketName|Empty):/m.test(block), block);
  });

  it('a Region or Endpoint element is shown when it says something the block does not', () => {
    const same = decodeAny(s3Xml('AuthorizationHeaderMalformed', "expecting 'eu-west-1'", '<Region>eu-west-1</Region>'));
    assert.strictEqual(same.elements, undefined);
    const other = decodeAny(s3Xml('PermanentRedirect', 'm', '<Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Region>eu-west-1</Region><Bucket>b</Bucket>'));
    assert.strictEqual(other.elements, undefined);
  });

  it('the SDK exception carries the body elements as properties; they are shown the same way', () => {
    const err = Object.assign(new Error('The request signature we calculated does not match the signature you provided.'), {
      name: 'SignatureDoesNotMatch',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'RID', extendedRequestId: 'HID' },
      Code: 'SignatureDoesNotMatch',
      RequestId: 'RID',
      HostId: 'HID',
      AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      StringToSign: 'AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/s3/aws4_request\nabc',
      SignatureProvided: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      StringToSignBytes: '41 57 53 34',
    });
    const d = decodeError(err);
    assert.deepStrictEqual(
      d.elements?.map((e) => e.name),
      ['AWSAccessKeyId', 'StringToSign', 'SignatureProvided', 'StringToSignBytes'],
    );
    const block = renderBlock(d);
    assert.ok(!block.includes('AKIAIOSFODNN7EXAMPLE') && !block.includes('0123456789abcdef0123'), block);
    assert.match(block, /^ {2}StringToSignBytes: 4 bytes, the hex form of StringToSign; left out because secrets in hex would escape redaction$/m);
    assert.match(block, /^ {2}StringToSign: AWS4-HMAC-SHA256$/m);
  });

  it('a canonical request keeps its method, path and headers, and loses its session token, credential and SSE-C key', () => {
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD';
    const key = 'MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=';
    const canonical =
      'GET\n/media/master.m3u8\n' +
      `X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=ASIAIOSFODNN7EXAMPL2%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&amp;X-Amz-Security-Token=${encodeURIComponent(token)}\n` +
      `host:media.s3.amazonaws.com\nx-amz-server-side-encryption-customer-key:${key}\n\nhost;x-amz-server-side-encryption-customer-key\nUNSIGNED-PAYLOAD`;
    const hex = Buffer.from(canonical)
      .toString('hex')
      .replace(/(..)(?!$)/g, '$1 ');
    const block = renderBlock(
      decodeAny(s3Xml('SignatureDoesNotMatch', 'x', `<CanonicalRequest>${canonical}</CanonicalRequest><CanonicalRequestBytes>${hex}</CanonicalRequestBytes>`)),
    );
    assert.ok(!block.includes(token.slice(0, 20)) && !block.includes(encodeURIComponent(token).slice(0, 20)), block);
    assert.ok(!block.includes(key), block);
    assert.ok(!block.includes('ASIAIOSFODNN7EXAMPL2'), block);
    assert.ok(!block.includes(hex.slice(0, 40)), block);
    assert.match(block, /^ {2}CanonicalRequest: GET$/m);
    assert.match(block, /^ {20}\/media\/master\.m3u8$/m);
    assert.match(block, /X-Amz-Security-Token=\[REDACTED\]/);
    assert.match(block, /x-amz-server-side-encryption-customer-key:\[REDACTED\]/);
    assert.match(block, /^ {2}CanonicalRequestBytes: \d+ bytes, the hex form of CanonicalRequest; left out/m);
  });

  it('an ArgumentValue is as secret as the argument it belongs to', () => {
    const render = (name: string, value: string): string =>
      renderBlock(
        decodeAny(s3Xml('InvalidArgument', 'Unsupported Authorization Type', `<ArgumentName>${name}</ArgumentName><ArgumentValue>${value}</ArgumentValue>`)),
      );
    assert.match(render('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'), /^ {2}ArgumentValue: Bearer \[REDACTED\]$/m);
    assert.match(render('x-amz-security-token', 'FwoGZXIvYXdzEBYaDHVzZXJuYW1lMTIzNDU2Nzg5MA'), /^ {2}ArgumentValue: \[REDACTED\]$/m);
    assert.match(render('x-amz-server-side-encryption-customer-key', 'c2VjcmV0a2V5c2VjcmV0a2V5c2VjcmV0a2V5MTIzNA=='), /^ {2}ArgumentValue: \[REDACTED\]$/m);
    assert.match(render('x-amz-acl', 'public-read'), /^ {2}ArgumentValue: public-read$/m);
  });
});

describe('S3 error bodies: times and sizes in plain words', () => {
  const skewed = (requestTime: string, serverTime = '2024-01-01T00:20:00Z'): ReturnType<typeof decodeAny> =>
    decodeAny(
      s3Xml(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        `<RequestTime>${requestTime}</RequestTime><ServerTime>${serverTime}</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>`,
      ),
    );

  it('RequestTimeTooSkewed: how far the clock is ahead, in the block and in the hint', () => {
    const d = skewed('20240101T003640Z');
    assert.deepStrictEqual(d.facts, [
      { label: 'Clock', text: "your clock (the one that signed the request) is 16m 40s ahead of the server's; S3 accepts at most 15m 00s either way" },
    ]);
    assert.match(
      renderBlock(d),
      /^ {2}Clock: your clock \(the one that signed the request\) is 16m 40s ahead of the server's; S3 accepts at most 15m 00s either way$/m,
    );
    assert.match(d.remedy[0], /it is 16m 40s ahead of the server's; turn on network time sync/);
    assert.match(d.remedy[0], /encoder's host/);
  });

  it('RequestTimeTooSkewed: a clock behind, also in the SigV2 date form, and the queued-request hint', () => {
    const d = skewed('Sun, 31 Dec 2023 22:50:00 GMT');
    assert.match(d.facts?.[0]?.text ?? '', /is 1h 30m behind the server's/);
    assert.match(d.remedy[1], /signed long before it was sent/);
  });

  it('RequestTimeTooSkewed without RequestTime keeps the server time hint', () => {
    const d = decodeAny(s3Xml('RequestTimeTooSkewed', 'x', '<ServerTime>2024-01-01T00:20:00Z</ServerTime>'));
    assert.strictEqual(d.facts, undefined);
    assert.match(d.remedy[0], /the server time was 2024-01-01T00:20:00Z/);
  });

  it('an expired presigned URL: how long before the request it had expired', () => {
    const d = decodeAny(
      s3Xml(
        'AccessDenied',
        'Request has expired',
        '<X-Amz-Expires>900</X-Amz-Expires><Expires>2024-01-01T00:15:00Z</Expires><ServerTime>2024-01-03T02:00:00Z</ServerTime>',
      ),
    );
    assert.deepStrictEqual(d.facts, [
      {
        label: 'Expiry',
        text: 'the URL had expired 49h 45m before the request reached the server (expiry 2024-01-01 00:15 UTC, server time 2024-01-03 02:00 UTC)',
      },
    ]);
    assert.match(d.remedy.join('\n'), /It had expired 49h 45m before it reached the server/);
    // A SigV2 URL gives its expiry in epoch seconds.
    const v2 = decodeAny(s3Xml('AccessDenied', 'Request has expired', '<Expires>1704068100</Expires><ServerTime>2024-01-01T00:20:00Z</ServerTime>'));
    assert.match(v2.facts?.[0]?.text ?? '', /had expired 5m 00s before/);
  });

  it('EntityTooSmall: the sizes with the byte formatter, exact bytes beside them', () => {
    const d = decodeAny(s3Xml('EntityTooSmall', 'x', '<ProposedSize>5242879</ProposedSize><MinSizeAllowed>5242880</MinSizeAllowed>'));
    assert.deepStrictEqual(d.facts, [
      { label: 'Size', text: 'the upload is 5.0 MiB (5242879 bytes), below the smallest size allowed here, 5.0 MiB (5242880 bytes)' },
    ]);
  });

  it('InvalidRange: the object size against the range asked for', () => {
    const d = decodeAny(
      s3Xml(
        'InvalidRange',
        'The requested range is not satisfiable',
        '<RangeRequested>bytes=2000000-</RangeRequested><ActualObjectSize>1258291</ActualObjectSize>',
      ),
    );
    assert.deepStrictEqual(d.facts, [{ label: 'Range', text: 'the object has 1.2 MiB (1258291 bytes); the request asked for bytes=2000000-' }]);
  });

  it('reads the four time forms S3 writes, and nothing without a zone', () => {
    assert.strictEqual(parseS3Time('2024-01-01T00:20:00Z')?.toISOString(), '2024-01-01T00:20:00.000Z');
    assert.strictEqual(parseS3Time('2024-01-01T00:20:00.123+01:00')?.toISOString(), '2023-12-31T23:20:00.123Z');
    assert.strictEqual(parseS3Time('20240101T002000Z')?.toISOString(), '2024-01-01T00:20:00.000Z');
    assert.strictEqual(parseS3Time('Mon, 01 Jan 2024 00:20:00 GMT')?.toISOString(), '2024-01-01T00:20:00.000Z');
    assert.strictEqual(parseS3Time('1704068400')?.toISOString(), '2024-01-01T00:20:00.000Z');
    for (const bad of ['2024-01-01T00:20:00', 'yesterday', '', '12', '2024-13-45T99:99:99Z']) assert.strictEqual(parseS3Time(bad), undefined, bad);
  });
});
