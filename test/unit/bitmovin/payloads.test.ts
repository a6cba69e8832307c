// The bodies "Register Input/Output in Bitmovin…" post, built from a registered location.
import * as assert from 'node:assert/strict';
import { bitmovinStorageRequest, checkRoleArn, directionOf, storageKindsFor } from '../../../src/core/bitmovin';
import type { Connection, Location } from '../../../src/core/storage/connection';

const aws: Connection = { id: 'aws', label: 'AWS', kind: 'aws', region: 'eu-west-1' };
const minio: Connection = { id: 'minio', label: 'MinIO', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true };
const out: Location = { name: 'renditions', role: 'output', connection: 'aws', bucket: 'media-out', prefix: 'hls/' };

describe('Bitmovin input and output payloads', () => {
  it('an AWS location with keys becomes an S3 output with its region and the typed keys', () => {
    const r = bitmovinStorageRequest(out, aws, { kind: 'keys', accessKey: ' AKIAX ', secretKey: 'sec' });
    assert.equal(r.kind, 's3');
    assert.deepEqual(r.body, { name: 'renditions', bucketName: 'media-out', cloudRegion: 'EU_WEST_1', accessKey: 'AKIAX', secretKey: 'sec' });
  });

  it('an AWS location with a role becomes a role-based output without keys', () => {
    const r = bitmovinStorageRequest(out, aws, { kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/bm' }, 'custom');
    assert.equal(r.kind, 's3-role-based');
    assert.deepEqual(r.body, {
      name: 'custom',
      bucketName: 'media-out',
      roleArn: 'arn:aws:iam::123456789012:role/bm',
      externalIdMode: 'GENERATED',
      cloudRegion: 'EU_WEST_1',
    });
    const custom = bitmovinStorageRequest(out, aws, { kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/bm', externalId: 'acme-7f3' });
    assert.deepEqual([custom.body['externalIdMode'], custom.body['externalId']], ['CUSTOM', 'acme-7f3']);
  });

  it('an input location becomes the matching input resource, named like the input', () => {
    const input: Location = { name: 'mezzanine', role: 'input', connection: 'minio', bucket: 'media-in', prefix: 'sources/' };
    const r = bitmovinStorageRequest(input, minio, { kind: 'keys', accessKey: 'a', secretKey: 's' });
    assert.equal(r.kind, 'generic-s3');
    assert.equal(r.body['bucketName'], 'media-in');
    assert.equal(r.body['name'], 'mezzanine');
    assert.equal(directionOf(input), 'inputs');
    assert.equal(directionOf(out), 'outputs');
  });

  it('an S3-compatible location becomes a generic S3 output with host, port, TLS and path style', () => {
    const r = bitmovinStorageRequest({ ...out, connection: 'minio' }, minio, { kind: 'keys', accessKey: 'a', secretKey: 's' });
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
    assert.throws(() => bitmovinStorageRequest(out, minio, { kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/bm' }), /only for AWS/);
  });

  it('offers role-based access for AWS only, and checks role ARNs', () => {
    assert.deepEqual(storageKindsFor(aws), ['s3', 's3-role-based']);
    assert.deepEqual(storageKindsFor(minio), ['generic-s3']);
    assert.equal(checkRoleArn('arn:aws:iam::123456789012:role/path/bm-role'), undefined);
    assert.equal(checkRoleArn('arn:aws-cn:iam::123456789012:role/bm'), undefined);
    assert.match(checkRoleArn('arn:aws:iam::123:role/bm') ?? '', /looks like/);
    assert.match(checkRoleArn('arn:aws:s3:::bucket') ?? '', /looks like/);
  });
});
