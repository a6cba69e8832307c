import * as assert from 'node:assert/strict';
import { sigV4Problems, validate, type Diagnostic } from '../../../src/core/validation';

const SIG = '3f1c2a9d6e5b4c7a8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e';

function url(over: Record<string, string> = {}): string {
  const q: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIAZ7Q2KD4J5XWN3M6P/20250101/eu-west-1/s3/aws4_request',
    'X-Amz-Date': '20250101T000000Z',
    'X-Amz-Expires': '86400',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': SIG,
    ...over,
  };
  return `https://media-in.s3.eu-west-1.amazonaws.com/in/a.mp4?${new URLSearchParams(q).toString()}`;
}

const codes = (u: string): string[] => sigV4Problems(u).map((p) => p.code);

describe('SigV4 query grammar of presigned URLs', () => {
  it('accepts what the AWS SDKs and boto3 produce', () => {
    assert.deepEqual(codes(url()), []);
    assert.deepEqual(codes(url({ 'X-Amz-SignedHeaders': 'content-type;host;x-amz-acl', 'X-Amz-Security-Token': 'FwoGZXIvYXdzEJr' })), []);
    assert.deepEqual(codes('https://example.com/a.mp4'), []);
    assert.deepEqual(codes('https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIA&Signature=x&Expires=1700000000'), []);
  });
  it('checks the algorithm', () => {
    assert.deepEqual(codes(url({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' })), ['payload/presigned-bad-algorithm']);
  });
  it('checks X-Amz-Date: YYYYMMDDTHHMMSSZ naming a real instant', () => {
    for (const bad of ['2025-01-01T00:00:00Z', '20250101T000000', '20250230T000000Z', '20250101T246000Z', '20251301T000000Z']) {
      assert.deepEqual(codes(url({ 'X-Amz-Date': bad })), ['payload/presigned-bad-date'], bad);
    }
    assert.deepEqual(codes(url({ 'X-Amz-Date': '20240229T235959Z', 'X-Amz-Credential': 'AKIAZ7Q2KD4J5XWN3M6P/20240229/us-east-1/s3/aws4_request' })), []);
  });
  it('checks the credential scope and that it is dated the day of X-Amz-Date', () => {
    for (const bad of [
      'AKIAZ7Q2KD4J5XWN3M6P/20250101/eu-west-1/ec2/aws4_request',
      'AKIAZ7Q2KD4J5XWN3M6P/20250101/eu-west-1/s3/aws4_requests',
      'AKIAZ7Q2KD4J5XWN3M6P/2025-01-01/eu-west-1/s3/aws4_request',
      '/20250101/eu-west-1/s3/aws4_request',
      'AKIAZ7Q2KD4J5XWN3M6P/20250101/s3/aws4_request',
    ]) {
      assert.deepEqual(codes(url({ 'X-Amz-Credential': bad })), ['payload/presigned-bad-credential'], bad);
    }
    assert.deepEqual(codes(url({ 'X-Amz-Credential': 'AKIAZ7Q2KD4J5XWN3M6P/20241231/eu-west-1/s3/aws4_request' })), ['payload/presigned-scope-date-mismatch']);
    // A malformed date is reported once, not again as a mismatch.
    assert.deepEqual(codes(url({ 'X-Amz-Date': '2025010T000000Z' })), ['payload/presigned-bad-date']);
  });
  it('checks signed headers and signature', () => {
    assert.deepEqual(codes(url({ 'X-Amz-SignedHeaders': 'content-type' })), ['payload/presigned-bad-signed-headers']);
    assert.deepEqual(codes(url({ 'X-Amz-SignedHeaders': 'Host' })), ['payload/presigned-bad-signed-headers']);
    assert.deepEqual(codes(url({ 'X-Amz-SignedHeaders': 'host;;x-amz-acl' })), ['payload/presigned-bad-signed-headers']);
    assert.deepEqual(codes(url({ 'X-Amz-Signature': SIG.toUpperCase() })), ['payload/presigned-bad-signature']);
    assert.deepEqual(codes(url({ 'X-Amz-Signature': SIG.slice(2) })), ['payload/presigned-bad-signature']);
  });
  it('reports at the URL wherever it sits in a payload, once per problem, and leaves unparsable URLs to the payload rules', () => {
    const job = {
      input: { url: url({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }) },
      output: url({ 'X-Amz-Expires': '7d' }),
      notes: [url({ 'X-Amz-Signature': 'x' })],
    };
    const ds: Diagnostic[] = validate(JSON.stringify(job), 'dolby-job', { now: new Date('2025-01-01T00:10:00Z'), includeSchema: false });
    assert.deepEqual(
      ds.map((d) => [d.code, d.path.join('.')]),
      [
        ['payload/presigned-bad-algorithm', 'input.url'],
        ['payload/invalid-presigned-url', 'output'],
        ['payload/presigned-bad-signature', 'notes.0'],
      ],
    );
  });
});
