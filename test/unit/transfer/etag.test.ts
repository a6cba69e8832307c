import * as assert from 'assert';
import { createHash, randomBytes } from 'crypto';
import { compareEtag, EtagHasher } from '../../../src/core/transfer/etag';

const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();

describe('transfer/etag', () => {
  it('computes the AWS multipart ETag regardless of how the stream is chunked', () => {
    const data = randomBytes(12 * 1024 + 5);
    const partSize = 5 * 1024;
    const parts = [data.subarray(0, partSize), data.subarray(partSize, 2 * partSize), data.subarray(2 * partSize)];
    const expected = `${createHash('md5').update(Buffer.concat(parts.map(md5))).digest('hex')}-3`;
    const hasher = new EtagHasher(partSize);
    for (let offset = 0; offset < data.length; offset += 777) {
      hasher.update(data.subarray(offset, offset + 777));
    }
    const digests = hasher.digest();
    assert.strictEqual(digests.multipartEtag, expected);
    assert.strictEqual(digests.md5Hex, md5(data).toString('hex'));
  });

  it('compares plain and multipart ETags and leaves others uncompared', () => {
    const local = { md5Hex: 'a'.repeat(32), multipartEtag: `${'b'.repeat(32)}-3` };
    assert.strictEqual(compareEtag(`"${'a'.repeat(32)}"`, local), 'match');
    assert.strictEqual(compareEtag(`"${'b'.repeat(32)}-3"`, local), 'match');
    assert.strictEqual(compareEtag(`"${'c'.repeat(32)}"`, local), 'mismatch');
    assert.strictEqual(compareEtag(`"${'b'.repeat(32)}-4"`, local), 'mismatch');
    assert.strictEqual(compareEtag('"opaque-etag"', local), 'not-comparable');
    assert.strictEqual(compareEtag(undefined, local), 'not-comparable');
  });
});
