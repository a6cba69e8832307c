// The part planner and the resume store: pure, no server.
import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { multipartEtagOf, ObjectTooLargeError, partCountFor, planPartSize, S3_LIMITS } from '../../../src/core/transfer/multipart';
import { FileResumeStore, resumeId, type ResumeRecord } from '../../../src/core/transfer/resumeStore';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe('transfer/multipart planner', () => {
  it('keeps the requested part size while the file fits in 10,000 parts', () => {
    assert.strictEqual(planPartSize(1 * GiB, 16 * MiB), 16 * MiB);
    assert.strictEqual(planPartSize(156 * GiB, 16 * MiB), 16 * MiB);
  });

  it('raises the part size for a 200 GiB master to the smallest whole MiB that fits 10,000 parts', () => {
    const part = planPartSize(200 * GiB, 16 * MiB);
    assert.ok(part >= 21 * MiB, `${part / MiB} MiB`);
    assert.strictEqual(part % MiB, 0);
    assert.ok(partCountFor(200 * GiB, part) <= 10_000);
    // One MiB less would need more than 10,000 parts.
    assert.ok(partCountFor(200 * GiB, part - MiB) > 10_000);
  });

  it('never goes below 5 MiB nor above 5 GiB, and takes a store limit below 10,000', () => {
    assert.strictEqual(planPartSize(10 * MiB, 1), S3_LIMITS.minPartBytes);
    assert.strictEqual(planPartSize(5 * TiB, 16 * MiB), Math.ceil((5 * TiB) / 10_000 / MiB) * MiB);
    assert.ok(planPartSize(5 * TiB, 16 * MiB) <= S3_LIMITS.maxPartBytes);
    assert.strictEqual(planPartSize(100 * GiB, 6 * GiB), 5 * GiB);
    assert.strictEqual(planPartSize(60 * MiB, 5 * MiB, 10), 6 * MiB);
  });

  it('refuses an object over 5 TiB before anything is sent', () => {
    assert.doesNotThrow(() => planPartSize(5 * TiB, 16 * MiB));
    assert.throws(
      () => planPartSize(5 * TiB + 1, 16 * MiB),
      (e: unknown) => e instanceof ObjectTooLargeError && /5 TiB/.test(e.message),
    );
  });

  it('computes the multipart ETag S3 gives (md5 of the part MD5s, dash, count)', () => {
    // Two parts whose MD5s are known: md5("a") and md5("b").
    const etag = multipartEtagOf(['0cc175b9c0f1b6a831c399e269772661', '92eb5ffee6ae2fec3ad71c777531578f']);
    assert.match(etag, /^[0-9a-f]{32}-2$/);
    assert.notStrictEqual(etag, multipartEtagOf(['92eb5ffee6ae2fec3ad71c777531578f', '0cc175b9c0f1b6a831c399e269772661']));
  });
});

describe('transfer/resumeStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'msw-resume-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const record = (uploadId: string, parts = 0): ResumeRecord => ({
    version: 1,
    id: resumeId('b', 'k', uploadId),
    connectionKey: 'user#c',
    endpoint: 'http://127.0.0.1:1',
    bucket: 'b',
    key: 'k',
    uploadId,
    partSize: 5 * MiB,
    localPath: '/tmp/x',
    size: 20 * MiB,
    mtimeMs: 1,
    contentType: 'video/mp4',
    startedAt: new Date(0).toISOString(),
    parts: Array.from({ length: parts }, (_, i) => ({ partNumber: i + 1, etag: `"e${i}"`, md5: 'a'.repeat(32), size: 5 * MiB })),
  });

  it('saves, lists, loads and removes records; the newest save wins when saves overlap', async () => {
    const store = new FileResumeStore(path.join(dir, 'uploads'));
    await Promise.all([store.save(record('u1', 1)), store.save(record('u1', 2)), store.save(record('u1', 3)), store.save(record('u2'))]);
    const all = await store.list();
    assert.deepStrictEqual(all.map((r) => r.uploadId).sort(), ['u1', 'u2']);
    assert.strictEqual((await store.load(resumeId('b', 'k', 'u1')))?.parts.length, 3);
    await store.remove(resumeId('b', 'k', 'u1'));
    assert.deepStrictEqual(
      (await store.list()).map((r) => r.uploadId),
      ['u2'],
    );
  });

  it('ignores files that are not records (a torn or foreign file never breaks the list)', async () => {
    const store = new FileResumeStore(dir);
    await store.save(record('u3'));
    writeFileSync(path.join(dir, `${'f'.repeat(32)}.json`), '{ not json');
    writeFileSync(path.join(dir, `${'e'.repeat(32)}.json`), '{"version": 2}');
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    assert.deepStrictEqual(
      (await store.list()).map((r) => r.uploadId),
      ['u3'],
    );
    assert.strictEqual(await store.load('../../etc/passwd'), undefined);
    await assert.rejects(store.remove('../x'), /Not a resume record id/);
  });
});
