import * as assert from 'assert';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { presignGet, presignGetFull, presignPut, presignPutFull } from '../../../src/core/transfer/presign';
import { fastPresign, SDK_CHECKED } from '../../../src/core/transfer/sdkInternals';

// src/core/transfer/sdkInternals.ts uses insides of the SDK that no changelog announces: an
// update of those packages has to be checked against it, and this says when one happened.
describe('transfer/SDK insides are those sdkInternals.ts was checked against', () => {
  for (const [pkg, checked] of Object.entries(SDK_CHECKED)) {
    it(`${pkg} is ${checked}.x`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const installed = (require(`${pkg}/package.json`) as { version: string }).version;
      assert.strictEqual(
        installed.split('.').slice(0, 2).join('.'),
        checked,
        `${pkg} ${installed} is installed: check sdkInternals.ts against it, then update SDK_CHECKED`,
      );
    });
  }
});

// The fast path must give the very URL getSignedUrl gives for the same signing time, for every
// kind of client and key the extension meets; no network is involved in either.
describe('transfer/presign fast path equals getSignedUrl', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const clients: Array<[string, S3ClientConfig]> = [
    [
      'path style, WHEN_REQUIRED',
      { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' },
    ],
    ['path style, default checksums', { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true, credentials }],
    ['virtual host, custom endpoint with a path', { endpoint: 'https://s3.example.test:8443/base', region: 'eu-central-1', credentials }],
    ['AWS, session token', { region: 'eu-west-1', credentials: { ...credentials, sessionToken: 'FwoGZXIvYXdzE+token/=' } }],
    ['signing region differs', { endpoint: 'https://storage.example.test', region: 'auto', signingRegion: 'us-east-1', forcePathStyle: true, credentials }],
  ];
  const keys = ['a.mp4', 'in/clip one.mp4', "deep/ä ö/ü+&=?#%/x!'()*~.ts", 'trailing/', '//double//slash', 'k', 'with spaces/and%20escapes'];
  const buckets = ['media', 'media.with.dots'];
  const signingDate = new Date('2025-03-04T05:06:07Z');

  for (const [name, config] of clients) {
    it(name, async () => {
      const client = new S3Client({ ...config, maxAttempts: 1 });
      for (const bucket of buckets) {
        for (const key of keys) {
          const full = await presignGetFull(client, { bucket, key, expiresInSeconds: 3600, signingDate });
          const fast = await fastPresign(client, { method: 'GET', bucket, key, expiresInSeconds: 3600, headers: {}, signingDate });
          assert.strictEqual(fast, full, `GET ${bucket}/${key}`);
          const put = { bucket, key, expiresInSeconds: 600, contentType: 'video/mp4', acl: 'private' as const, metadata: { Job: 'j-1' } };
          const headers = { 'content-type': 'video/mp4', 'x-amz-acl': 'private', 'x-amz-meta-job': 'j-1' };
          const signed = new Set(Object.keys(headers));
          const fullPut = await presignPutFull(client, { ...put, signingDate });
          const fastPut = await fastPresign(client, {
            method: 'PUT',
            bucket,
            key,
            expiresInSeconds: 600,
            headers,
            signableHeaders: signed,
            unhoistableHeaders: signed,
            signingDate,
          });
          assert.strictEqual(fastPut, fullPut, `PUT ${bucket}/${key}`);
          const bare = await fastPresign(client, {
            method: 'PUT',
            bucket,
            key,
            expiresInSeconds: 60,
            headers: {},
            signableHeaders: new Set(),
            unhoistableHeaders: new Set(),
            signingDate,
          });
          assert.strictEqual(bare, await presignPutFull(client, { bucket, key, expiresInSeconds: 60, signingDate }), `bare PUT ${bucket}/${key}`);
        }
      }
      // The public functions take the fast path (same URL shape, fresh signing time).
      const viaApi = new URL((await presignGet(client, { bucket: 'media', key: 'a.mp4', expiresInSeconds: 60 })).url);
      assert.ok(viaApi.searchParams.has('X-Amz-Signature'));
      assert.ok((await presignPut(client, { bucket: 'media', key: 'a.mp4', expiresInSeconds: 60 })).url.includes('x-id=PutObject'));
    });
  }
});
