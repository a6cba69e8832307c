import * as assert from 'node:assert/strict';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { redact, REDACTED } from '../../src/core/log/redact';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION = 'IQoJb3JpZ2luX2VjEXAMPLETOKENabcdefghijklmnopqrstuvwxyz0123456789';

function client(withSession = false): S3Client {
  return new S3Client({
    region: 'eu-west-1',
    // Presigning is local: the endpoint is never contacted.
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, ...(withSession ? { sessionToken: SESSION } : {}) },
  });
}

describe('redact', () => {
  it('hides the signature and credential of a real presigned GET URL but keeps bucket, key and expiry', async () => {
    const url = await getSignedUrl(client(), new GetObjectCommand({ Bucket: 'media-in', Key: 'show/ep1.mp4' }), { expiresIn: 3600 });
    assert.match(url, /X-Amz-Signature=[0-9a-f]{64}/);
    const line = redact(`presigned ${url}`);
    assert.doesNotMatch(line, /X-Amz-Signature=[0-9a-f]/);
    assert.ok(!line.includes(ACCESS_KEY), line);
    assert.ok(line.includes(`X-Amz-Signature=${REDACTED}`));
    assert.ok(line.includes(`X-Amz-Credential=${REDACTED}`));
    assert.ok(line.includes('/media-in/show/ep1.mp4?'));
    assert.ok(line.includes('X-Amz-Expires=3600'));
  });

  it('hides the session token of a presigned PUT URL made with temporary credentials', async () => {
    const url = await getSignedUrl(client(true), new PutObjectCommand({ Bucket: 'media-out', Key: 'a/b.m3u8', ContentType: 'application/vnd.apple.mpegurl' }), {
      expiresIn: 600,
    });
    assert.ok(url.includes('X-Amz-Security-Token='));
    const line = redact(url);
    assert.ok(!line.includes(SESSION.slice(0, 30)), line);
    assert.ok(!line.includes(encodeURIComponent(SESSION).slice(0, 30)), line);
    assert.ok(line.includes(`X-Amz-Security-Token=${REDACTED}`));
  });

  it('hides legacy SigV2 query signatures', () => {
    const url = 'https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1700000000&Signature=abc%2Bdef%3D';
    const line = redact(url);
    assert.equal(line, `https://b.s3.amazonaws.com/k?AWSAccessKeyId=${REDACTED}&Expires=1700000000&Signature=${REDACTED}`);
  });

  it('hides secret fields in the payload shapes of every encoding service', () => {
    const samples = [
      `{"bucketName":"b","accessKey":"${ACCESS_KEY}","secretKey":"${SECRET}"}`, // Bitmovin
      `{"url":"s3://b/k","auth":{"key":"${ACCESS_KEY}","secret":"${SECRET}"}}`, // Dolby.io
      `{"type":"s3","aws_access_key_id":"${ACCESS_KEY}","aws_secret_access_key":"${SECRET}"}`, // Impossible
      `{"url":"s3://e/b/p","key":"${ACCESS_KEY}","secret":"${SECRET}","use_tls":0}`, // Qencode
      `aws_secret_access_key = ${SECRET}`, // ~/.aws/credentials
      `AWS_SECRET_ACCESS_KEY=${SECRET} AWS_SESSION_TOKEN=${SESSION}`, // env
      `{ secretAccessKey: '${SECRET}', sessionToken: '${SESSION}' }`, // JS literal
      `X-Api-Key: 0b6c1e4f-5d6a-4c1b-9a3e-2f1d0c9b8a7e`, // Bitmovin API key header
    ];
    for (const s of samples) {
      const out = redact(s);
      assert.ok(!out.includes(SECRET), out);
      assert.ok(!out.includes(SESSION), out);
      assert.ok(!out.includes('0b6c1e4f-5d6a'), out);
      assert.ok(out.includes(REDACTED), out);
    }
    assert.equal(redact(`{"secretKey":"${SECRET}","bucketName":"b"}`), `{"secretKey":"${REDACTED}","bucketName":"b"}`);
  });

  it('hides the credential and signature of a SigV4 Authorization header', () => {
    const h = `Authorization: AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261123/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`;
    const out = redact(h);
    assert.ok(!out.includes(ACCESS_KEY) && !out.includes('abab'), out);
    assert.ok(out.includes('SignedHeaders=host;x-amz-date'));
  });

  it('hides known secret values wherever they appear, and leaves ordinary text alone', () => {
    assert.equal(redact(`odd shape <${SECRET}>`, [SECRET]), `odd shape <${REDACTED}>`);
    const plain = 'Listed 1000 objects under s3://media-out/show/ (NextContinuationToken present), 2202 Upload access denied';
    assert.equal(redact(plain, ['short']), plain);
  });
});
