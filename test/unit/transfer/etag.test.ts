import * as assert from 'assert';
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compareEtag, EtagHasher, md5OfFile, needsWholeMd5 } from '../../../src/core/transfer/etag';

const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();

describe('transfer/etag', () => {
  it('computes the AWS multipart ETag regardless of how the stream is chunked', () => {
    const data = randomBytes(12 * 1024 + 5);
    const partSize = 5 * 1024;
    const parts = [data.subarray(0, partSize), data.subarray(partSize, 2 * partSize), data.subarray(2 * partSize)];
    const expected = `${createHash('md5')
      .update(Buffer.concat(parts.map(md5)))
      .digest('hex')}-3`;
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

  it('leaves the whole-body MD5 out on request and gets it from the file when a plain ETag needs it', async () => {
    const data = randomBytes(12 * 1024 + 5);
    const partSize = 5 * 1024;
    const full = new EtagHasher(partSize);
    const partsOnly = new EtagHasher(partSize, { wholeBody: false });
    full.update(data);
    partsOnly.update(data);
    const digests = partsOnly.digest();
    assert.strictEqual(digests.multipartEtag, full.digest().multipartEtag);
    assert.strictEqual(digests.md5Hex, undefined);
    const plain = `"${md5(data).toString('hex')}"`;
    // Without the MD5 a plain ETag is neither a match nor a mismatch, and needsWholeMd5 says so.
    assert.strictEqual(compareEtag(plain, digests), 'not-comparable');
    assert.strictEqual(needsWholeMd5(plain, digests), true);
    assert.strictEqual(needsWholeMd5(`"${digests.multipartEtag ?? ''}"`, digests), false);
    const path = join(await fs.mkdtemp(join(tmpdir(), 'msw-etag-')), 'f.bin');
    try {
      await fs.writeFile(path, data);
      assert.strictEqual(compareEtag(plain, { ...digests, md5Hex: await md5OfFile(path) }), 'match');
    } finally {
      await fs.rm(path, { force: true });
    }
  });
});
