// One test per form a secret takes in text the extension writes: the values are made the way the
// real thing makes them (the SDK's presigner, the SigV2 and SigV4 algorithms, STS's response
// shape), with generated keys.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { redact, REDACTED } from '../../../src/core/log/redact';
import { BASE64, HEX, keepsFragment, pick, providerKeys, rng, sessionToken } from './keys';

const [AWS, TEMP, , , , GCS] = providerKeys(7);
const TOKEN = sessionToken(7);
const next = rng(99);

function assertHidden(out: string, ...secrets: string[]): void {
  for (const s of secrets) {
    assert.ok(!keepsFragment(out, s), `keeps part of ${s}:\n${out}`);
    assert.ok(!keepsFragment(out, encodeURIComponent(s)), `keeps part of the encoded ${s}:\n${out}`);
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** The fields of a SigV4 presigned POST, computed as the SDK's createPresignedPost does. */
function presignedPostFields(bucket: string, key: string): Record<string, string> {
  const day = '20261123';
  const amzDate = `${day}T101500Z`;
  const credential = `${TEMP.accessKeyId}/${day}/eu-west-1/s3/aws4_request`;
  const conditions = [
    { bucket },
    ['eq', '$key', key],
    { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
    { 'X-Amz-Credential': credential },
    { 'X-Amz-Date': amzDate },
    { 'X-Amz-Security-Token': TOKEN },
    ['content-length-range', 0, 10_737_418_240],
  ];
  const policy = Buffer.from(JSON.stringify({ expiration: '2026-11-23T11:15:00.000Z', conditions })).toString('base64');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${TEMP.secretAccessKey}`, day), 'eu-west-1'), 's3'), 'aws4_request');
  return {
    bucket,
    key,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': amzDate,
    'X-Amz-Security-Token': TOKEN,
    Policy: policy,
    'X-Amz-Signature': hmac(signingKey, policy).toString('hex'),
  };
}

describe('redact, form by form', () => {
  it('query: a SigV4 presigned URL from the SDK, signed with a session token', async () => {
    const client = new S3Client({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9', // presigning is local: never contacted
      forcePathStyle: true,
      credentials: { accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey, sessionToken: TOKEN },
    });
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'media-out', Key: 'show/ep1/master.m3u8' }), { expiresIn: 900 });
    const signature = /X-Amz-Signature=([0-9a-f]{64})/.exec(url)?.[1] as string;
    assert.ok(signature && url.includes('X-Amz-Security-Token='));
    const out = redact(`PUT ${url} failed`);
    assertHidden(out, signature, TOKEN, TEMP.accessKeyId);
    for (const p of ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token']) assert.ok(out.includes(`${p}=${REDACTED}`), p);
    assert.ok(out.includes('/media-out/show/ep1/master.m3u8?') && out.includes('X-Amz-Expires=900'), out);
    // The GET the same client signs is hidden the same way.
    const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'media-out', Key: 'a.mp4' }), { expiresIn: 60 });
    assertHidden(redact(get), /X-Amz-Signature=([0-9a-f]{64})/.exec(get)?.[1] as string, TOKEN);
  });

  it('query: a SigV2 presigned URL (AWSAccessKeyId, Expires, Signature)', () => {
    const expires = 1_795_000_000;
    const signature = createHmac('sha1', AWS.secretAccessKey).update(`GET\n\n\n${expires}\n/media-in/show/ep1.mp4`).digest('base64');
    const url = `https://media-in.s3.amazonaws.com/show/ep1.mp4?AWSAccessKeyId=${AWS.accessKeyId}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    const out = redact(url);
    assert.equal(out, `https://media-in.s3.amazonaws.com/show/ep1.mp4?AWSAccessKeyId=${REDACTED}&Expires=${expires}&Signature=${REDACTED}`);
    assertHidden(out, signature, AWS.accessKeyId);
  });

  it('query: GCS V4 (x-goog-*) and V2 (GoogleAccessId) signed URLs', () => {
    const signature = pick(next, HEX, 512);
    const v4 =
      `https://storage.googleapis.com/media/ep1.mp4?X-Goog-Algorithm=GOOG4-HMAC-SHA256&X-Goog-Credential=${GCS.accessKeyId}%2F20261123%2Fauto%2Fstorage%2Fgoog4_request` +
      `&X-Goog-Date=20261123T101500Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${signature}`;
    const out = redact(v4);
    assertHidden(out, signature, GCS.accessKeyId);
    assert.ok(out.includes('X-Goog-Expires=900') && out.includes('X-Goog-SignedHeaders=host'), out);
    const v2sig = pick(next, BASE64, 344);
    const v2 = `https://storage.googleapis.com/media/ep1.mp4?GoogleAccessId=encoder%40media-prod.iam.gserviceaccount.com&Expires=1795000000&Signature=${encodeURIComponent(v2sig)}`;
    const out2 = redact(v2);
    assertHidden(out2, v2sig);
    assert.ok(!out2.includes('media-prod.iam'), out2);
  });

  it('headers: a SigV4 Authorization header and the session token header of a curl -v dump', () => {
    const signature = pick(next, HEX, 64);
    const dump = [
      '> PUT /media-out/a.mp4 HTTP/1.1',
      '> Host: 127.0.0.1:7480',
      `> Authorization: AWS4-HMAC-SHA256 Credential=${TEMP.accessKeyId}/20261123/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=${signature}`,
      '> x-amz-content-sha256: UNSIGNED-PAYLOAD',
      '> x-amz-date: 20261123T101500Z',
      `> x-amz-security-token: ${TOKEN}`,
      '< HTTP/1.1 403 Forbidden',
    ].join('\r\n');
    const out = redact(dump);
    assertHidden(out, signature, TOKEN, TEMP.accessKeyId);
    assert.ok(
      out.includes(
        'Authorization: AWS4-HMAC-SHA256 Credential=[REDACTED], SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[REDACTED]',
      ),
      out,
    );
    assert.ok(out.includes('x-amz-date: 20261123T101500Z') && out.includes('x-amz-content-sha256: UNSIGNED-PAYLOAD'), out);
  });

  it('headers: SigV2, Bearer and API-key headers keep only their scheme', () => {
    const v2sig = createHmac('sha1', AWS.secretAccessKey).update('PUT\n\n\nThu, 23 Nov 2026 10:15:00 GMT\n/media-out/a.mp4').digest('base64');
    const bearer = `eyJhbGciOiJSUzI1NiJ9.${pick(next, BASE64, 120)}.${pick(next, BASE64, 80)}`;
    const apiKey = `${pick(next, HEX, 8)}-${pick(next, HEX, 4)}-4${pick(next, HEX, 3)}-a${pick(next, HEX, 3)}-${pick(next, HEX, 12)}`;
    const out = redact(
      `Authorization: AWS ${AWS.accessKeyId}:${v2sig}\nauthorization: Bearer ${bearer}\nX-Api-Key: ${apiKey}\nProxy-Authorization: Basic ${Buffer.from(`ops:${AWS.secretAccessKey}`).toString('base64')}`,
    );
    assertHidden(out, v2sig, bearer, apiKey, AWS.accessKeyId, Buffer.from(`ops:${AWS.secretAccessKey}`).toString('base64'));
    assert.match(out, /^Authorization: AWS \[REDACTED\]$/m);
    assert.match(out, /^authorization: Bearer \[REDACTED\]$/m);
    assert.match(out, /^Proxy-Authorization: Basic \[REDACTED\]$/m);
  });

  it('JSON: the fields of a presigned POST, as the SDK (X-Amz-*, Policy) and boto3 (x-amz-*, policy) name them', () => {
    const fields = presignedPostFields('media-in', 'uploads/${filename}');
    const secrets = [fields['X-Amz-Signature'], fields.Policy, TOKEN, TEMP.accessKeyId];
    const lower = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === 'bucket' || k === 'key' ? k : k.toLowerCase(), v]));
    for (const shape of [fields, lower]) {
      const json = JSON.stringify({ url: 'https://media-in.s3.eu-west-1.amazonaws.com/', fields: shape }, null, 2);
      const out = redact(json);
      assertHidden(out, ...secrets);
      const parsed = JSON.parse(out) as { fields: Record<string, string> };
      assert.equal(parsed.fields.key, 'uploads/${filename}');
      assert.equal(parsed.fields.bucket, 'media-in');
      assert.equal(Object.values(parsed.fields).filter((v) => v === REDACTED).length, 4, out);
    }
    // The same fields as the multipart/form-data body an uploader sends (curl -F, a browser form).
    const parts = [
      ...Object.entries(fields).map(([k, v]) => `Content-Disposition: form-data; name="${k}"\r\n\r\n${v}`),
      'Content-Disposition: form-data; name="file"; filename="ep1.mp4"\r\nContent-Type: video/mp4\r\n\r\n<binary>',
    ];
    const body = `--b\r\n${parts.join('\r\n--b\r\n')}\r\n--b--\r\n`;
    const outForm = redact(body);
    assertHidden(outForm, ...secrets);
    assert.ok(outForm.includes('name="key"\r\n\r\nuploads/${filename}') && outForm.includes('name="X-Amz-Date"\r\n\r\n20261123T101500Z'), outForm);
    assert.ok(outForm.includes('filename="ep1.mp4"\r\nContent-Type: video/mp4\r\n\r\n<binary>'), outForm);
  });

  it('JSON: encoding-service payloads, escaped JSON inside a message, and numbers stay valid JSON', () => {
    const payloads = [
      { bucketName: 'b', accessKey: AWS.accessKeyId, secretKey: AWS.secretAccessKey },
      { url: 's3://b/k', auth: { key: AWS.accessKeyId, secret: AWS.secretAccessKey, token: TOKEN } },
      { type: 's3', aws_access_key_id: AWS.accessKeyId, aws_secret_access_key: AWS.secretAccessKey },
      { Credentials: { AccessKeyId: TEMP.accessKeyId, SecretAccessKey: TEMP.secretAccessKey, SessionToken: TOKEN, Expiration: '2026-11-23T11:15:00Z' } },
    ];
    for (const p of payloads) {
      const out = redact(JSON.stringify(p));
      assertHidden(out, AWS.accessKeyId, AWS.secretAccessKey, TEMP.secretAccessKey, TOKEN);
      assert.doesNotThrow(() => JSON.parse(out), out);
    }
    const envelope = JSON.stringify({ status: 'ERROR', data: { code: 1001, developerMessage: `Rejected ${JSON.stringify(payloads[0])}` } });
    const out = redact(envelope);
    assertHidden(out, AWS.secretAccessKey, AWS.accessKeyId);
    assert.equal((JSON.parse(out) as { data: { code: number } }).data.code, 1001);
    const numeric = redact('{"username":"ops","password":73915824,"secure":true,"token":null}');
    assert.deepEqual(JSON.parse(numeric), { username: 'ops', password: REDACTED, secure: true, token: null });
  });

  it('JSON and logs: a bucket policy, pagination tokens and ordinary fields stay readable', () => {
    const policy = JSON.stringify({ Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] } });
    assert.equal(redact(policy), policy);
    const listing =
      'ListObjectsV2 media-out: 1000 keys, IsTruncated=true, NextContinuationToken=1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=, key: show/ep1.mp4';
    assert.equal(redact(listing), listing);
    const plain = 'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.';
    assert.equal(redact(plain), plain);
  });

  it('XML: an STS AssumeRole response body', () => {
    const body = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>encoder</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/media-encoder/ep1</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:ep1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${TEMP.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${TEMP.secretAccessKey}</SecretAccessKey>
      <SessionToken>${TOKEN}</SessionToken>
      <Expiration>2026-11-23T11:15:00Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;
    const out = redact(body);
    assertHidden(out, TEMP.accessKeyId, TEMP.secretAccessKey, TOKEN);
    assert.ok(out.includes(`<SecretAccessKey>${REDACTED}</SecretAccessKey>`) && out.includes(`<SessionToken>${REDACTED}</SessionToken>`), out);
    for (const kept of [
      'arn:aws:sts::123456789012:assumed-role/media-encoder/ep1',
      '<Expiration>2026-11-23T11:15:00Z</Expiration>',
      'c6104cbe-af31-11e0-8154-cbc7ccf896c7',
    ]) {
      assert.ok(out.includes(kept), kept);
    }
    // An S3 error that echoes the request's key id and signature.
    const s3 = `<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>${AWS.accessKeyId}</AWSAccessKeyId><SignatureProvided>${pick(next, HEX, 64)}</SignatureProvided><StringToSign>AWS4-HMAC-SHA256\n20261123T101500Z</StringToSign></Error>`;
    const s3out = redact(s3);
    assert.match(s3out, /<AWSAccessKeyId>\[REDACTED\]<\/AWSAccessKeyId><SignatureProvided>\[REDACTED\]<\/SignatureProvided>/);
    assert.ok(s3out.includes('<Code>SignatureDoesNotMatch</Code>'));
  });

  it('form fields: application/x-www-form-urlencoded text', () => {
    const clientSecret = pick(next, BASE64, 48);
    const password = `${pick(next, BASE64, 20)}!`;
    const form = `grant_type=client_credentials&client_id=media-encoder&client_secret=${encodeURIComponent(clientSecret)}&username=ops&password=${encodeURIComponent(password)}&secret=${AWS.secretAccessKey}&scope=storage`;
    const out = redact(form);
    assertHidden(out, clientSecret, password, AWS.secretAccessKey);
    assert.equal(
      out,
      `grant_type=client_credentials&client_id=media-encoder&client_secret=${REDACTED}&username=ops&password=${REDACTED}&secret=${REDACTED}&scope=storage`,
    );
  });

  it('registered values: raw, percent-encoded, JSON-escaped, and what a cut left of them', () => {
    const secret = AWS.secretAccessKey.replace(/^(.{5})/, '$1/'); // a "/" to escape and encode
    const known = [secret];
    assert.equal(redact(`odd shape <${secret}>`, known), `odd shape <${REDACTED}>`);
    assertHidden(redact(`?key=${encodeURIComponent(secret)}&x=1`, known), secret);
    assertHidden(redact(`{"k":"${secret.replace(/\//g, '\\/')}"}`, known), secret);
    // The reported case: 40 of 41 characters left at the end of a shortened notification.
    assert.equal(redact(`Upload failed: ${secret.slice(0, secret.length - 1)}`, known), `Upload failed: ${REDACTED}`);
    assert.equal(redact(`Upload failed: ${secret.slice(0, 12)}…`, known), `Upload failed: ${REDACTED}…`);
    assert.equal(redact(`…${secret.slice(-9)} was rejected`, known), `…${REDACTED} was rejected`);
    assert.equal(redact(`a line ending in ${secret.slice(0, 10)}\nnext line`, known), `a line ending in ${REDACTED}\nnext line`);
    const plain = 'Listed 1000 objects under s3://media-out/show/ (NextContinuationToken present), 2202 Upload access denied';
    assert.equal(redact(plain, ['short', secret]), plain);
  });

  it('bare credentials: access key ids and STS tokens without a telling name, raw or percent-encoded', () => {
    const out = redact(`keys ${AWS.accessKeyId}, ${GCS.accessKeyId} and ${TEMP.accessKeyId}; token ${TOKEN}; pasted ${encodeURIComponent(TOKEN)} here`);
    assertHidden(out, AWS.accessKeyId, GCS.accessKeyId, TEMP.accessKeyId, TOKEN);
    assert.equal(out, `keys ${REDACTED}, ${REDACTED} and ${REDACTED}; token ${REDACTED}; pasted ${REDACTED} here`);
  });

  it('is idempotent', () => {
    const text = `GET https://x/k?X-Amz-Signature=abc&X-Amz-Credential=${AWS.accessKeyId}%2F1 {"secretKey":"${AWS.secretAccessKey}","password":42} <SessionToken>${TOKEN}</SessionToken> Authorization: Bearer abcdefgh12345678`;
    const once = redact(text, [AWS.secretAccessKey]);
    assert.equal(redact(once, [AWS.secretAccessKey]), once);
  });
});
