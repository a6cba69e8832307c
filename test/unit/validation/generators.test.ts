import * as assert from 'node:assert/strict';
import {
  BITMOVIN_ROLE_PRINCIPAL,
  bitmovinGenericS3Payload,
  bitmovinRoleTrustPolicy,
  bitmovinS3Payload,
  dolbyJob,
  impossibleBucketPolicy,
  impossibleDestination,
  inputReadPolicy,
  outputWritePolicy,
  playbackCors,
  qencodeDestination,
  secureTransportDenyStatement,
  toBitmovinRegion,
  toJsonText,
  validate,
  type Kind,
} from '../../../src/core/validation';

// The suggestion to deny plain HTTP is advice about the whole bucket's policy, which a generated
// grant does not decide on its own (see the test of secureTransportDenyStatement).
const ADVICE = new Set(['policy/no-secure-transport-deny']);

function clean(kind: Kind, doc: unknown, bucket?: string): void {
  const text = toJsonText(doc);
  const ctx = { publicAccessBlocked: () => true, ...(bucket ? { bucket } : {}) };
  assert.deepEqual(
    validate(text, kind, ctx)
      .filter((d) => !ADVICE.has(d.code))
      .map((d) => `${d.code} @ ${d.path.join('.')}: ${d.message}`),
    [],
    text,
  );
}

describe('generators', () => {
  it('Bitmovin S3 input and output validate clean', () => {
    clean('bitmovin-s3-input', bitmovinS3Payload('input', { bucket: 'media-in', region: 'eu-west-1' }));
    clean('bitmovin-s3-output', bitmovinS3Payload('output', { bucket: 'media-out', region: 'us-east-1', name: 'Out' }));
    assert.equal(toBitmovinRegion('ap-southeast-2'), 'AP_SOUTHEAST_2');
    assert.equal(bitmovinS3Payload('output', { bucket: 'media-out' }).acl, undefined);
  });
  it('Bitmovin generic S3 input and output validate clean', () => {
    const input = bitmovinGenericS3Payload('input', { bucket: 'media', endpoint: 'http://127.0.0.1:9000' });
    clean('bitmovin-generic-s3-input', input);
    assert.deepEqual([input.host, input.port, input.ssl, input.accessStyle], ['127.0.0.1', 9000, false, 'PATH']);
    clean(
      'bitmovin-generic-s3-output',
      bitmovinGenericS3Payload('output', { bucket: 'media', endpoint: 's3.eu-central-1.wasabisys.com', forcePathStyle: false }),
    );
    // An explicit acl is kept, and then only the note that Bitmovin ignores it appears.
    const withAcl = toJsonText(bitmovinGenericS3Payload('output', { bucket: 'media', endpoint: 'minio.example.com', acl: 'PRIVATE' }));
    assert.deepEqual(
      validate(withAcl, 'bitmovin-generic-s3-output').map((d) => d.code),
      ['payload/bitmovin-output-acl-ignored'],
    );
  });
  it('Qencode destination validates clean and keeps the port', () => {
    const d = qencodeDestination({ endpoint: 'https://minio.example.com:9000', bucket: 'media', path: '/out/hls/', storageClass: 'STANDARD_IA' });
    assert.equal(d.url, 's3://minio.example.com:9000/media/out/hls/');
    clean('qencode-destination', d);
    assert.equal(qencodeDestination({ endpoint: 'http://h.example.com', bucket: 'media', path: 'a.mp4' }).use_tls, 0);
  });
  it('Impossible destination validates clean with policy or key auth', () => {
    clean('impossible-destination', impossibleDestination({ bucket: 'mybucket', filename: 'out/a.mp4', contentType: 'video/mp4' }));
    clean(
      'impossible-destination',
      impossibleDestination({ bucket: 'mybucket', filename: 'a.mp4', usePolicy: false, s3host: 's3.eu-central-1.amazonaws.com' }),
    );
  });
  it('Dolby job validates clean for s3:// and presigned URLs', () => {
    clean('dolby-job', dolbyJob('s3://media-in/a.mp4', 's3://media-out/a.enhanced.mp4'));
  });
  it('Impossible canonical-user policy matches seed 002 and validates clean', () => {
    const p = impossibleBucketPolicy('mybucket');
    clean('s3-bucket-policy', p, 'mybucket');
    const st = p.Statement[0];
    assert.deepEqual(st.Principal, { CanonicalUser: '1ea9f667f8ec65aa76ca17cbacfda01ba70493b59f7124a810823def30e10216' });
    assert.deepEqual(st.Action, ['s3:PutObject', 's3:PutObjectAcl']);
    assert.equal(st.Resource, 'arn:aws:s3:::mybucket/*');
  });
  it('input read and output write policies validate clean, scoped to the prefix', () => {
    const principal = 'arn:aws:iam::123456789012:role/encoder';
    const read = inputReadPolicy({ bucket: 'media-in', principal, prefix: 'incoming' });
    clean('s3-bucket-policy', read, 'media-in');
    assert.equal(read.Statement[0].Resource, 'arn:aws:s3:::media-in');
    assert.deepEqual(read.Statement[0].Condition, { StringLike: { 's3:prefix': ['incoming/*'] } });
    assert.equal(read.Statement[1].Resource, 'arn:aws:s3:::media-in/incoming/*');
    const write = outputWritePolicy({ bucket: 'media-out', principal: '123456789012' });
    clean('s3-bucket-policy', write, 'media-out');
    assert.equal(write.Statement[0].Condition, undefined);
    assert.deepEqual(write.Statement[1].Action, ['s3:PutObject', 's3:PutObjectAcl']);
    assert.equal(write.Statement[1].Resource, 'arn:aws:s3:::media-out/*');
  });
  it('playback CORS validates clean', () => {
    const c = playbackCors(['https://player.example.com']);
    clean('s3-cors', c);
    assert.deepEqual(c.CORSRules[0].ExposeHeaders, ['ETag', 'Content-Length', 'Content-Range']);
    assert.equal(c.CORSRules[0].MaxAgeSeconds, 3000);
    assert.deepEqual(playbackCors().CORSRules[0].AllowedOrigins, ['*']);
  });
  it('the plain-HTTP Deny statement completes a generated policy without any remark', () => {
    const read = inputReadPolicy({ bucket: 'media-in', principal: '123456789012' });
    const text = toJsonText({ ...read, Statement: [...read.Statement, secureTransportDenyStatement('media-in')] });
    assert.deepEqual(validate(text, 's3-bucket-policy', { bucket: 'media-in' }), []);
    assert.deepEqual(secureTransportDenyStatement('media-in', 'NoHttp').Condition, { Bool: { 'aws:SecureTransport': 'false' } });
  });
  it("Bitmovin role trust policy follows Bitmovin's documented one and validates clean", () => {
    const p = bitmovinRoleTrustPolicy('7c9e6679-7425-40de-944b-e07fc1f90ae7');
    clean('iam-trust-policy', p);
    assert.deepEqual(p.Statement[0], {
      Sid: 'BitmovinAssumeRole',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::630681592166:user/bitmovinCustomerS3Access' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': '7c9e6679-7425-40de-944b-e07fc1f90ae7' } },
    });
    assert.equal(BITMOVIN_ROLE_PRINCIPAL, 'arn:aws:iam::630681592166:user/bitmovinCustomerS3Access');
    assert.equal(bitmovinRoleTrustPolicy().Statement[0].Condition, undefined);
  });
});
