import * as assert from 'assert';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { downloadObject, downloadObjects, downloadPrefix, localPathForKey } from '../../../src/core/transfer/download';
import { describeEachServer, makeClient, uniqueBucket } from '../../s3/servers';
import { createBucket, MiB, scratchDir } from './helpers';

/** Every file under dir, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('transfer/download key → path mapping', () => {
  const root = path.resolve('/tmp/dl-root');
  it('keeps keys inside the folder', () => {
    assert.deepStrictEqual(localPathForKey(root, 'out/hls/master.m3u8', 'out/'), { ok: true, path: path.join(root, 'hls', 'master.m3u8') });
  });
  for (const key of ['../evil', 'a/../../evil', '/abs', '\\\\server\\share', 'C:\\evil', 'a\\..\\..\\evil', 'a//b', './x', 'nul\0byte']) {
    it(`refuses ${JSON.stringify(key)}`, () => {
      const r = localPathForKey(root, key);
      assert.strictEqual(r.ok, false);
    });
  }
});

describeEachServer('transfer/download', (get) => {
  let client: S3Client;
  let bucket: string;
  const scratch = scratchDir('download');

  before(async () => {
    client = makeClient(get());
    bucket = await createBucket(client, uniqueBucket('download'));
    const put = (Key: string, Body: string | Buffer) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    await put('out/hls/master.m3u8', '#EXTM3U\n');
    await put('out/hls/v1/seg_0.ts', 'segment0');
    await put('out/dash/manifest.mpd', '<MPD/>');
    await put('out/big.mp4', Buffer.alloc(8 * MiB, 3));
    await put('other/x.txt', 'x');
  });
  after(() => scratch.remove());

  it('downloads a whole prefix keeping its structure, with progress', async () => {
    const dest = path.join(scratch.dir, 'prefix');
    let last = { filesDone: 0, bytesDone: 0 };
    const result = await downloadPrefix(client, bucket, 'out/', dest, { onProgress: (p) => (last = p) });
    assert.deepStrictEqual(result.files.map((f) => f.status), ['downloaded', 'downloaded', 'downloaded', 'downloaded']);
    assert.deepStrictEqual(await tree(dest), ['big.mp4', 'dash/manifest.mpd', 'hls/master.m3u8', 'hls/v1/seg_0.ts']);
    assert.strictEqual(await fs.readFile(path.join(dest, 'hls/v1/seg_0.ts'), 'utf8'), 'segment0');
    assert.strictEqual(last.filesDone, 4);
    assert.strictEqual(last.bytesDone, 8 * MiB + 8 + 8 + 6);
  });

  it('downloads one object by its name and skips local files when asked', async () => {
    const dest = path.join(scratch.dir, 'one');
    const first = await downloadObject(client, bucket, 'out/dash/manifest.mpd', dest);
    assert.strictEqual(first.files[0].status, 'downloaded');
    await fs.writeFile(path.join(dest, 'manifest.mpd'), 'local edit');
    const again = await downloadObject(client, bucket, 'out/dash/manifest.mpd', dest, { existing: 'skip' });
    assert.strictEqual(again.files[0].status, 'skipped');
    assert.strictEqual(await fs.readFile(path.join(dest, 'manifest.mpd'), 'utf8'), 'local edit');
  });

  it('refuses traversal and absolute keys per key and writes nothing outside the folder', async () => {
    const parent = path.join(scratch.dir, 'jail');
    const dest = path.join(parent, 'inside');
    await fs.mkdir(dest, { recursive: true });
    const result = await downloadObjects(client, bucket, ['../evil', '/abs', 'out/../../evil', 'other/x.txt'], dest);
    const byKey = Object.fromEntries(result.files.map((f) => [f.key, f]));
    for (const key of ['../evil', '/abs', 'out/../../evil']) {
      assert.strictEqual(byKey[key].status, 'refused', key);
      assert.match(byKey[key].reason ?? '', /outside|absolute|\.\./);
    }
    assert.strictEqual(byKey['other/x.txt'].status, 'downloaded');
    assert.deepStrictEqual(await tree(parent), ['inside/other/x.txt']);
    assert.strictEqual(existsSync('/abs'), false);
  });

  it('refuses a key whose folder is a symbolic link leading outside', async () => {
    const dest = path.join(scratch.dir, 'linked');
    const outside = path.join(scratch.dir, 'outside');
    await fs.mkdir(dest, { recursive: true });
    await fs.mkdir(outside, { recursive: true });
    await fs.symlink(outside, path.join(dest, 'other'));
    const result = await downloadObjects(client, bucket, ['other/x.txt'], dest);
    assert.strictEqual(result.files[0].status, 'refused');
    assert.deepStrictEqual(await fs.readdir(outside), []);
  });

  it('cancel and failure leave no partial or temporary file', async () => {
    const dest = path.join(scratch.dir, 'cancel');
    const controller = new AbortController();
    const cancelled = await downloadObjects(client, bucket, ['out/big.mp4'], dest, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone > 0) {
          controller.abort();
        }
      },
    });
    assert.strictEqual(cancelled.files[0].status, 'cancelled');
    const failed = await downloadObjects(client, bucket, ['out/missing.mp4'], dest);
    assert.strictEqual(failed.files[0].status, 'failed');
    assert.strictEqual((failed.files[0].error as { name?: string }).name, 'NoSuchKey');
    assert.deepStrictEqual(await tree(dest), []);
  });
});
