import * as assert from 'assert';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { downloadObject, downloadObjects, downloadPrefix, listObjectsUnder, localPathForKey, type DownloadResult } from '../../../src/core/transfer/download';
import { describeEachServer, makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { createBucket, MiB, scratchDir } from '../../support/transferFiles';

/** key → status, as a user reads the result. */
function statuses(result: DownloadResult): Record<string, string> {
  return Object.fromEntries(result.files.map((f) => [f.key, f.status]));
}

function outcome(result: DownloadResult, key: string): DownloadResult['files'][number] {
  const found = result.files.find((f) => f.key === key);
  assert.ok(found, `no outcome for ${key}`);
  return found;
}

/** Every file under dir, relative, sorted (hidden .part files included). */
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
  it('accepts a 255-byte name and refuses a 256-byte file or folder name, counting UTF-8 bytes', () => {
    assert.strictEqual(localPathForKey(root, `v/${'n'.repeat(255)}`).ok, true);
    const long = localPathForKey(root, `v/${'n'.repeat(256)}`);
    assert.strictEqual(long.ok, false);
    assert.match((long as { reason: string }).reason, /256 bytes long; file systems allow at most 255 bytes/);
    // 128 two-byte characters: 128 characters, 256 bytes.
    assert.strictEqual(localPathForKey(root, `${'é'.repeat(128)}/x.ts`).ok, false);
  });
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
    for (const name of ['one', 'two', 'three']) await put(`cut/${name}.mp4`, Buffer.alloc(8 * MiB, 5));
    await put('col/x/y', 'slash');
    await put('col/x\\y', 'backslash');
    await put('col/ok.txt', 'ok');
    await put('fa/a', 'outer');
    await put('fa/a/b', 'inner');
  });
  after(() => scratch.remove());

  it('downloads a whole prefix keeping its structure, with progress', async () => {
    const dest = path.join(scratch.dir, 'prefix');
    let last = { filesDone: 0, bytesDone: 0 };
    const result = await downloadPrefix(client, bucket, 'out/', dest, { onProgress: (p) => (last = p) });
    assert.deepStrictEqual(
      result.files.map((f) => f.status),
      ['downloaded', 'downloaded', 'downloaded', 'downloaded'],
    );
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

  it('cancel mid-download: the file in flight is cancelled, the queued ones not started, no .part remains', async () => {
    const dest = path.join(scratch.dir, 'cancel-batch');
    const controller = new AbortController();
    const result = await downloadObjects(client, bucket, ['cut/one.mp4', 'cut/two.mp4', 'cut/three.mp4'], dest, {
      concurrency: 1,
      stripPrefix: 'cut/',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone > 0) controller.abort();
      },
    });
    assert.deepStrictEqual(statuses(result), { 'cut/one.mp4': 'cancelled', 'cut/two.mp4': 'not-started', 'cut/three.mp4': 'not-started' });
    assert.deepStrictEqual(result.counts, { downloaded: 0, skipped: 0, refused: 0, failed: 0, cancelled: 1, 'not-started': 2 });
    assert.strictEqual(result.wasCancelled, true);
    assert.deepStrictEqual(await tree(dest), []);
  });

  it('downloads the siblings of a key whose name is too long, refusing that one with the reason', async () => {
    // Refused before any request, so the key need not exist: s3rver cannot store a name this
    // long (it appends "._S3rver_object" to the file name); the Ceph block below lists one.
    const dest = path.join(scratch.dir, 'long-names');
    const long = `out/hls/${'n'.repeat(300)}.ts`;
    const result = await downloadObjects(client, bucket, ['out/hls/master.m3u8', long, 'out/hls/v1/seg_0.ts'], dest, { stripPrefix: 'out/' });
    assert.deepStrictEqual(statuses(result), { 'out/hls/master.m3u8': 'downloaded', [long]: 'refused', 'out/hls/v1/seg_0.ts': 'downloaded' });
    assert.match(outcome(result, long).reason ?? '', /303 bytes long; file systems allow at most 255/);
    assert.deepStrictEqual(await tree(dest), ['hls/master.m3u8', 'hls/v1/seg_0.ts']);
  });

  it('refuses both keys that map to one local file ("x\\y" and "x/y") and writes neither', async () => {
    const dest = path.join(scratch.dir, 'collide');
    const result = await downloadPrefix(client, bucket, 'col/', dest);
    assert.deepStrictEqual(statuses(result), { 'col/ok.txt': 'downloaded', 'col/x/y': 'refused', 'col/x\\y': 'refused' });
    assert.match(outcome(result, 'col/x/y').reason ?? '', /"col\/x\/y" and "col\/x\\y" would both be written to .*x[\\/]y; neither is downloaded/);
    assert.match(outcome(result, 'col/x\\y').reason ?? '', /"col\/x\\y" and "col\/x\/y" would both be written/);
    assert.deepStrictEqual(await tree(dest), ['ok.txt']);
    assert.strictEqual(existsSync(path.join(dest, 'x')), false);
  });

  it('refuses a key whose file name another key needs as a folder ("a" and "a/b"), downloading the folder\'s key', async () => {
    const dest = path.join(scratch.dir, 'file-vs-folder');
    const result = await downloadPrefix(client, bucket, 'fa/', dest);
    assert.deepStrictEqual(statuses(result), { 'fa/a': 'refused', 'fa/a/b': 'downloaded' });
    assert.match(outcome(result, 'fa/a').reason ?? '', /a must be a folder to hold "fa\/a\/b", so "fa\/a" can't be saved as a file there/);
    assert.deepStrictEqual(await tree(dest), ['a/b']);
    assert.strictEqual(await fs.readFile(path.join(dest, 'a', 'b'), 'utf8'), 'inner');
  });

  it('refuses a key blocked by what is already on disk: a file where a folder is needed, a folder where the file goes', async () => {
    const dest = path.join(scratch.dir, 'blocked');
    await fs.mkdir(path.join(dest, 'hls'), { recursive: true });
    await fs.writeFile(path.join(dest, 'hls', 'v1'), 'a local file named like the folder');
    await fs.mkdir(path.join(dest, 'hls', 'master.m3u8'));
    const result = await downloadObjects(client, bucket, ['out/hls/v1/seg_0.ts', 'out/hls/master.m3u8', 'out/dash/manifest.mpd'], dest, {
      stripPrefix: 'out/',
    });
    assert.deepStrictEqual(statuses(result), { 'out/hls/v1/seg_0.ts': 'refused', 'out/hls/master.m3u8': 'refused', 'out/dash/manifest.mpd': 'downloaded' });
    assert.match(outcome(result, 'out/hls/v1/seg_0.ts').reason ?? '', /hls[\\/]v1 is a file, so the folder .* can't be created/);
    assert.match(outcome(result, 'out/hls/master.m3u8').reason ?? '', /master\.m3u8 is a folder; a file can't replace it/);
    assert.strictEqual(await fs.readFile(path.join(dest, 'hls', 'v1'), 'utf8'), 'a local file named like the folder');
  });

  it('refuses a key that collides with a path another part of the batch claims', async () => {
    const dest = path.join(scratch.dir, 'claimed');
    const result = await downloadObjects(client, bucket, ['out/dash/manifest.mpd', 'other/x.txt'], dest, {
      stripPrefix: '',
      claimedElsewhere: [{ label: 's3://elsewhere/other/x.txt', localPath: path.join(dest, 'other', 'x.txt') }],
    });
    assert.deepStrictEqual(statuses(result), { 'out/dash/manifest.mpd': 'downloaded', 'other/x.txt': 'refused' });
    assert.match(outcome(result, 'other/x.txt').reason ?? '', /"other\/x.txt" and "s3:\/\/elsewhere\/other\/x.txt" would both be written/);
    assert.deepStrictEqual(await tree(dest), ['out/dash/manifest.mpd']);
  });

  it('checks a single-PUT object by its MD5 ETag', async () => {
    const dest = path.join(scratch.dir, 'md5');
    const result = await downloadObjects(client, bucket, ['out/dash/manifest.mpd'], dest);
    assert.strictEqual(outcome(result, 'out/dash/manifest.mpd').verified, 'md5');
  });

  it('fails a body shorter than its Content-Length, keeping no file', async () => {
    // A real server's short body ends in a connection error, never a clean end; only a layer
    // between (a proxy, a buggy stream) can end it cleanly, so the body is cut here, after the
    // real server answered.
    const cutting = makeClient(get());
    cutting.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const body = (out.output as { Body?: Readable }).Body;
        if (body) (out.output as { Body?: Readable }).Body = Readable.from(firstBytes(body, 1000));
        return out;
      },
      { step: 'initialize', name: 'testCutBody' },
    );
    const dest = path.join(scratch.dir, 'short');
    const result = await downloadObjects(cutting, bucket, ['out/big.mp4', 'out/dash/manifest.mpd'], dest, { stripPrefix: 'out/' });
    assert.deepStrictEqual(statuses(result), { 'out/big.mp4': 'failed', 'out/dash/manifest.mpd': 'downloaded' });
    assert.match(String(outcome(result, 'out/big.mp4').error), /received 1000 bytes, but the store announced 8388608; the file was not saved/);
    assert.deepStrictEqual(await tree(dest), ['dash/manifest.mpd']);
  });

  it('lists a prefix across pages', async () => {
    // Ceph and s3rver both honour MaxKeys, so three keys take three pages here.
    const pages: number[] = [];
    const paging = makeClient(get());
    paging.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { MaxKeys?: number };
        input.MaxKeys = 1;
        pages.push(1);
        return next(args);
      },
      { step: 'initialize', name: 'testOnePerPage' },
    );
    const listed = await listObjectsUnder(paging, bucket, 'out/hls/');
    assert.deepStrictEqual(
      listed.map((o) => o.key),
      ['out/hls/master.m3u8', 'out/hls/v1/seg_0.ts'],
    );
    assert.ok(pages.length >= 2, `${pages.length} pages`);
  });
});

/** The first n bytes of a stream, then a clean end. */
async function* firstBytes(body: Readable, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    if (b.length >= left) {
      yield b.subarray(0, left);
      break;
    }
    left -= b.length;
    yield b;
  }
  body.destroy();
}

describeEachServer(
  'transfer/download long names',
  (get) => {
    let client: S3Client;
    let bucket: string;
    const scratch = scratchDir('download-long');
    const tooLong = `wide/${'é'.repeat(150)}.mp4`;
    // 250 bytes: fits, but its old temporary name (".<name>.<8 hex>.part") did not.
    const nearLimit = `wide/${'n'.repeat(247)}.ts`;

    before(async () => {
      client = makeClient(get());
      bucket = await createBucket(client, uniqueBucket('download-long'));
      for (const [Key, Body] of [
        ['wide/a.m3u8', 'playlist'],
        [tooLong, 'x'],
        [nearLimit, 'near'],
        ['wide/z.ts', 'zz'],
      ]) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
      }
    });
    after(() => scratch.remove());

    it('downloads a prefix holding a 300-byte name: the siblings arrive, that key is refused, the batch resolves', async () => {
      const dest = path.join(scratch.dir, 'prefix');
      const result = await downloadPrefix(client, bucket, 'wide/', dest);
      assert.deepStrictEqual(statuses(result), { 'wide/a.m3u8': 'downloaded', [nearLimit]: 'downloaded', [tooLong]: 'refused', 'wide/z.ts': 'downloaded' });
      assert.match(outcome(result, tooLong).reason ?? '', /is 304 bytes long; file systems allow at most 255 bytes/);
      assert.deepStrictEqual(await tree(dest), ['a.m3u8', nearLimit.slice('wide/'.length), 'z.ts'].sort());
      assert.strictEqual(await fs.readFile(path.join(dest, nearLimit.slice('wide/'.length)), 'utf8'), 'near');
    });
  },
  { only: 'ceph' },
);

describe('transfer/download verifies what it wrote [s3rver with damaged storage]', () => {
  // s3rver keeps each object as a file and its MD5 (the ETag) beside it, so damaging the file
  // on disk makes a real server send bytes that don't match their ETag, as bit rot on a store would.
  let server: S3TestServer;
  let client: S3Client;
  const bucket = uniqueBucket('download-rot');
  const data = scratchDir('download-rot');

  before(async function () {
    this.timeout(60_000);
    await fs.mkdir(path.join(data.dir, 'store'), { recursive: true });
    server = await startS3rver({ dataDir: path.join(data.dir, 'store') });
    client = makeClient(server);
    await createBucket(client, bucket);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'rot/clip.mp4', Body: Buffer.alloc(4096, 7) }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'rot/fine.mp4', Body: 'fine' }));
    const stored = path.join(data.dir, 'store', bucket, 'rot', 'clip.mp4._S3rver_object');
    await fs.writeFile(stored, Buffer.alloc(4096, 8));
    // The damage is real: the server now serves the new bytes under the old ETag.
    const served = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'rot/clip.mp4' }));
    assert.deepStrictEqual(Buffer.from(await served.Body!.transformToByteArray()), Buffer.alloc(4096, 8));
  });
  after(async () => {
    await server?.stop();
    data.remove();
  });

  it('fails an object whose bytes do not match its MD5 ETag and keeps no file', async () => {
    const dest = path.join(data.dir, 'dest');
    const result = await downloadPrefix(client, bucket, 'rot/', dest);
    assert.deepStrictEqual(statuses(result), { 'rot/clip.mp4': 'failed', 'rot/fine.mp4': 'downloaded' });
    const failure = outcome(result, 'rot/clip.mp4').error as Error;
    assert.strictEqual(failure.name, 'DownloadVerifyError');
    assert.match(failure.message, /the MD5 of the 4096 bytes received does not match the object's ETag "[0-9a-f]{32}"; the file was not saved/);
    assert.deepStrictEqual(await tree(dest), ['fine.mp4']);
  });
});
