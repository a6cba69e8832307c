// The bodies "Register Output in Bitmovin…" posts, built from a registered location.
import * as assert from 'node:assert/strict';
import { bitmovinOutputRequest, checkRoleArn, outputKindsFor } from '../../../src/core/bitmovin';
import type { Connection, Location } from '../../../src/core/storage/connection';

const aws: Connection = { id: 'aws', label: 'AWS', kind: 'aws', region: 'eu-west-1' };
const minio: Connection = { id: 'minio', label: 'MinIO', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true };
const out: Location = { name: 'renditions', role: 'output', connection: 'aws', bucket: 'media-out', prefix: 'hls/' };

describe('Bitmovin output payloads', () => {
  it('an AWS location with keys becomes an S3 output with its region and the typed keys', () => {
    const r = bitmovinOutputRequest(out, aws, { kind: 'keys', accessKey: ' AKIAX ', secretKey: 'sec' });
    assert.equal(r.kind, 's3');
    assert.deepEqual(r.body, { name: 'renditions', bucketName: 'media-out', cloudRegion: 'EU_WEST_1', accessKey: 'AKIAX', secretKey: 'sec' });
  });

  it('an AWS location with a role becomes a role-based output without keys', () => {
    const r = bitmovinOutputRequest(out, aws, { kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/bm' }, 'custom');
    assert.equal(r.kind, 's3-role-based');
    assert.deepEqual(r.body, { name: 'custom', bucketName: 'media-out', roleArn: 'arn:aws:iam::123456789012:role/bm', cloudRegion: 'EU_WEST_1' });
  });

  it('an S3-compatible location becomes a generic S3 output with host, port, TLS and path style', () => {
    const r = bitmovinOutputRequest({ ...out, connection: 'minio' }, minio, { kind: 'keys', accessKey: 'a', secretKey: 's' });
    assert.equal(r.kind, 'generic-s3');
    assert.deepEqual(r.body, {
      name: 'renditions',
      bucketName: 'media-out',
      host: '127.0.0.1',
      port: 9000,
      ssl: false,
      signatureVersion: 'S3_V4',
      accessStyle: 'PATH',
      accessKey: 'a',
      secretKey: 's',
    });
    assert.throws(() => bitmovinOutputRequest(out, minio, { kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/bm' }), /only for AWS/);
  });

  it('offers role-based access for AWS only, and checks role ARNs', () => {
    assert.deepEqual(outputKindsFor(aws), ['s3', 's3-role-based']);
    assert.deepEqual(outputKindsFor(minio), ['generic-s3']);
    assert.equal(checkRoleArn('arn:aws:iam::123456789012:role/path/bm-role'), undefined);
    assert.equal(checkRoleArn('arn:aws-cn:iam::123456789012:role/bm'), undefined);
    assert.match(checkRoleArn('arn:aws:iam::123:role/bm') ?? '', /looks like/);
    assert.match(checkRoleArn('arn:aws:s3:::bucket') ?? '', /looks like/);
  });
});
