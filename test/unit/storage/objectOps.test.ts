// The pure parts of the object operations: names, destinations, and the metadata a rewrite keeps.
import * as assert from 'node:assert/strict';
import { headerParams, headersOf, storageClassOf } from '../../../src/core/ops/headers';
import { applyChanges, headerDifferences } from '../../../src/core/ops/metadata';
import {
  baseName,
  checkHeaderValue,
  checkMetadataName,
  checkNameSegment,
  checkNewBucketName,
  checkRegion,
  checkSameBucketTarget,
  destinationRoot,
  locationConstraintFor,
  metadataName,
  parentPrefix,
} from '../../../src/core/ops/names';
import { bareEtag, copySourceOf, isPlainMd5 } from '../../../src/core/ops/s3util';

describe('object operations: names and keys', () => {
  it('splits keys and prefixes into folder and name', () => {
    assert.deepEqual(
      ['a/b/c.mp4', 'a/b/', 'c.mp4', 'a/'].map((k) => [parentPrefix(k), baseName(k)]),
      [
        ['a/b/', 'c.mp4'],
        ['a/', 'b'],
        ['', 'c.mp4'],
        ['', 'a'],
      ],
    );
  });

  it('accepts one level of a name and says what is wrong with anything else', () => {
    assert.equal(checkNameSegment('renditions', 'out/', 'folder'), undefined);
    assert.equal(checkNameSegment(' ', '', 'folder'), 'Enter a folder name.');
    assert.match(checkNameSegment('a/b', '', 'folder') ?? '', /contains "\/"; enter one folder level/);
    assert.match(checkNameSegment('..', '', 'object') ?? '', /relative path/);
    assert.match(checkNameSegment('a\u0007b', '', 'object') ?? '', /control character \(character 2\)/);
    assert.match(checkNameSegment('x'.repeat(1020), 'abcd/', 'object') ?? '', /The key would be 1025 bytes long/);
    assert.equal(checkNameSegment('x'.repeat(1019), 'abcd/', 'object'), undefined);
    assert.match(checkNameSegment('é'.repeat(512), '', 'folder') ?? '', /1025 bytes long; S3 allows at most 1024/);
  });

  it('checks a new bucket name by the S3 rules and the connection’s addressing', () => {
    assert.equal(checkNewBucketName('customer-a', {}), undefined);
    assert.match(checkNewBucketName('Customer', {}) ?? '', /uppercase/);
    // Virtual-hosted over TLS: a dot makes a host name the wildcard certificate does not cover.
    assert.match(checkNewBucketName('customer.a', {}) ?? '', /contains "\.", which this connection can't reach over HTTPS/);
    assert.equal(checkNewBucketName('customer.a', { forcePathStyle: true }), undefined);
    assert.equal(checkNewBucketName('customer.a', { useTls: false }), undefined);
    assert.equal(checkNewBucketName('customer.a', { endpoint: 'http://127.0.0.1:9000' }), undefined);
  });

  it('sends no LocationConstraint for us-east-1, the region otherwise', () => {
    assert.deepEqual(['us-east-1', 'eu-central-1', 'default'].map(locationConstraintFor), [undefined, 'eu-central-1', 'default']);
    assert.equal(checkRegion('eu-central-1'), undefined);
    assert.match(checkRegion('EU Central') ?? '', /not a region name/);
  });

  it('maps sources into a destination folder, and refuses a copy onto itself or into itself', () => {
    assert.equal(destinationRoot({ kind: 'object', key: 'in/a/clip.mp4' }, 'out/'), 'out/clip.mp4');
    assert.equal(destinationRoot({ kind: 'prefix', prefix: 'in/show/' }, 'out/'), 'out/show/');
    assert.equal(destinationRoot({ kind: 'prefix', prefix: 'show/' }, ''), 'show/');
    assert.match(checkSameBucketTarget({ kind: 'object', key: 'a/x.mp4' }, 'a/x.mp4') ?? '', /the source itself/);
    assert.match(checkSameBucketTarget({ kind: 'prefix', prefix: 'a/' }, 'a/b/a/') ?? '', /into itself/);
    assert.equal(checkSameBucketTarget({ kind: 'prefix', prefix: 'a/' }, 'ab/'), undefined);
  });

  it('names a copy source with its key URL-encoded and its version', () => {
    assert.equal(copySourceOf('b', 'a dir/x+y.mp4'), 'b/a%20dir/x%2By.mp4');
    assert.equal(copySourceOf('b', 'k', 'v1'), 'b/k?versionId=v1');
    assert.equal(copySourceOf('b', 'k', 'null'), 'b/k');
    assert.equal(bareEtag('"ABCDEF0123456789ABCDEF0123456789"'), 'abcdef0123456789abcdef0123456789');
    assert.deepEqual([isPlainMd5('"d41d8cd98f00b204e9800998ecf8427e"'), isPlainMd5('"d41d8cd98f00b204e9800998ecf8427e-3"')], [true, false]);
  });

  it('checks user metadata names and header values', () => {
    assert.equal(checkMetadataName('Source-Camera'), undefined);
    assert.equal(metadataName('X-Amz-Meta-Source'), 'source');
    assert.match(checkMetadataName('two words') ?? '', /can't be a header name/);
    assert.match(checkMetadataName('') ?? '', /Enter a name/);
    assert.equal(checkHeaderValue('max-age=60, public'), undefined);
    assert.match(checkHeaderValue('caf\u00e9') ?? '', /"é" can't be sent in an HTTP header/);
  });
});

describe('object operations: metadata kept by a rewrite', () => {
  const head = {
    $metadata: {},
    ContentType: 'text/plain',
    CacheControl: 'max-age=60',
    ContentDisposition: 'inline',
    Metadata: { Owner: 'a', keep: 'me' },
    StorageClass: 'STANDARD_IA' as const,
  };

  it('applies only the changes: a new value, null to remove, anything absent kept', () => {
    const before = headersOf(head);
    assert.deepEqual(before.metadata, { owner: 'a', keep: 'me' });
    const after = applyChanges(before, { headers: { contentType: 'application/vnd.apple.mpegurl', cacheControl: null }, metadata: { owner: 'b', added: 'x' } });
    assert.deepEqual(
      [after.contentType, after.cacheControl, after.contentDisposition, after.metadata],
      ['application/vnd.apple.mpegurl', undefined, 'inline', { owner: 'b', keep: 'me', added: 'x' }],
    );
    assert.deepEqual(headerDifferences(before, after), ['Content-Type', 'Cache-Control', 'x-amz-meta-owner', 'x-amz-meta-added']);
    assert.deepEqual(headerDifferences(before, applyChanges(before, {})), []);
  });

  it('writes every header it keeps, and the storage class HeadObject reports', () => {
    const params = headerParams(applyChanges(headersOf(head), { metadata: { keep: null } }));
    assert.deepEqual(params, { ContentType: 'text/plain', CacheControl: 'max-age=60', ContentDisposition: 'inline', Metadata: { owner: 'a' } });
    assert.equal(storageClassOf(head), 'STANDARD_IA');
    assert.equal(storageClassOf({ StorageClass: 'STANDARD' }), undefined);
    assert.equal(storageClassOf({}), undefined);
  });

  it('compares Expires as an instant, whatever the date format', () => {
    const a = { metadata: {}, expires: 'Wed, 21 Oct 2026 07:28:00 GMT' };
    assert.deepEqual(headerDifferences(a, { metadata: {}, expires: '2026-10-21T07:28:00.000Z' }), []);
    assert.deepEqual(headerDifferences(a, { metadata: {} }), ['Expires']);
  });
});
