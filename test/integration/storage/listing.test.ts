import * as assert from 'assert';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeEachServer, makeClient, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { createS3Client } from '../../../src/core/storage/client';
import { checkPageSize, listBuckets, listLevel, mediaKind, type ListingPage, type ListOptions } from '../../../src/core/storage/listing';

const SHOWS = Array.from({ length: 10 }, (_, i) => `show-${String(i).padStart(2, '0')}`);
const EPISODES = Array.from({ length: 250 }, (_, i) => `ep-${String(i).padStart(3, '0')}.mp4`);
const SEGMENTS = Array.from({ length: 20 }, (_, i) => `seg-${String(i).padStart(2, '0')}.ts`);
const ROOT_FILES = ['master.m3u8', 'poster.jpg', 'readme.txt'];

function seedKeys(): string[] {
  const keys: string[] = [];
  for (const show of SHOWS) for (const ep of EPISODES) keys.push(`media/${show}/${ep}`);
  for (const seg of SEGMENTS) keys.push(`media/show-00/hls/${seg}`);
  for (const f of ROOT_FILES) keys.push(`media/${f}`);
  keys.push('other/file.vtt');
  return keys;
}

/** Bounded parallelism: fast enough for thousands of keys without opening thousands of sockets. */
async function putAll(client: S3Client, bucket: string, keys: string[], concurrency = 24): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++];
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function listAll(client: S3Client, opts: ListOptions): Promise<{ pages: ListingPage[]; names: string[] }> {
  const pages: ListingPage[] = [];
  let token: string | undefined;
  do {
    const page = await listLevel(client, token === undefined ? opts : { ...opts, token });
    pages.push(page);
    token = page.nextToken;
    assert.ok(pages.length < 1000, 'paging terminates');
  } while (token);
  const names = pages.flatMap((p) => [...p.folders.map((f) => `${f.name}/`), ...p.objects.map((o) => o.name)]);
  return { pages, names };
}

describe('storage/listing (pure)', () => {
  it('mediaKind recognises media types for icons', () => {
    const cases: [string, string][] = [
      ['a/master.m3u8', 'hls'],
      ['manifest.MPD', 'dash'],
      ['v.mp4', 'video'],
      ['v.mov', 'video'],
      ['seg.ts', 'video'],
      ['chunk.m4s', 'video'],
      ['v.mkv', 'video'],
      ['v.webm', 'video'],
      ['a.aac', 'audio'],
      ['a.mp3', 'audio'],
      ['p.JPG', 'image'],
      ['s.vtt', 'subtitle'],
      ['s.srt', 'subtitle'],
      ['s.ttml', 'subtitle'],
      ['readme', 'other'],
      ['.hidden', 'other'],
      ['dir.mp4/file', 'other'],
      ['x.json', 'other'],
    ];
    for (const [key, kind] of cases) assert.strictEqual(mediaKind(key), kind, key);
  });
  it('checkPageSize accepts 1–1000 only', () => {
    assert.strictEqual(checkPageSize(1), undefined);
    assert.strictEqual(checkPageSize(1000), undefined);
    for (const bad of [0, 1001, 2.5, -1, NaN]) assert.match(checkPageSize(bad) ?? '', /1 to 1000/);
  });
});

describeEachServer('storage/listing', (get: () => S3TestServer) => {
  let client: S3Client;
  const bucket = uniqueBucket('listing');
  const keys = seedKeys();

  before(async function () {
    this.timeout(300_000);
    const server = get();
    const seeder = makeClient(server);
    await seeder.send(new CreateBucketCommand({ Bucket: bucket }));
    await putAll(seeder, bucket, keys);
    seeder.destroy();
    // Listing goes through the extension's own client factory, as the tree will.
    client = await createS3Client(
      { id: 't', label: 't', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true },
      { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    );
  });
  after(() => client?.destroy());

  it(`seeds ${keys.length} objects (≥ 2,500)`, () => assert.ok(keys.length >= 2500));

  it('splits one level into folders and objects exactly', async () => {
    const page = await listLevel(client, { bucket, prefix: 'media/' });
    assert.deepStrictEqual(
      page.folders.map((f) => [f.name, f.key]),
      SHOWS.map((s) => [s, `media/${s}/`]),
    );
    assert.deepStrictEqual(
      page.objects.map((o) => o.name),
      ROOT_FILES,
    );
    assert.deepStrictEqual(
      page.objects.map((o) => o.kind),
      ['hls', 'image', 'other'],
    );
    const readme = page.objects[2];
    assert.strictEqual(readme.key, 'media/readme.txt');
    assert.strictEqual(readme.size, 'media/readme.txt'.length);
    assert.ok(readme.lastModified instanceof Date && Math.abs(readme.lastModified.getTime() - Date.now()) < 3_600_000);
    assert.strictEqual(page.nextToken, undefined);
  });

  it('lists the bucket root', async () => {
    const page = await listLevel(client, { bucket });
    assert.deepStrictEqual(
      page.folders.map((f) => f.name),
      ['media', 'other'],
    );
    assert.deepStrictEqual(page.objects, []);
  });

  it('pages with continuation tokens without losing or repeating entries', async () => {
    const { pages, names } = await listAll(client, { bucket, prefix: 'media/show-03/', pageSize: 100 });
    assert.deepStrictEqual(
      pages.map((p) => p.objects.length),
      [100, 100, 50],
    );
    assert.ok(pages[0].nextToken && pages[1].nextToken);
    assert.deepStrictEqual(names, EPISODES);
  });

  it('pages a level that mixes a folder and objects, counting the folder once', async () => {
    const { pages, names } = await listAll(client, { bucket, prefix: 'media/show-00/', pageSize: 7 });
    assert.strictEqual(pages.length, Math.ceil(251 / 7));
    assert.deepStrictEqual(
      names.filter((n) => n.endsWith('/')),
      ['hls/'],
    );
    assert.deepStrictEqual(
      names.filter((n) => !n.endsWith('/')),
      EPISODES,
    );
    assert.strictEqual(
      pages.reduce((n, p) => n + p.folders.length + p.objects.length, 0),
      251,
    );
  });

  it('lists a deeper level', async () => {
    const page = await listLevel(client, { bucket, prefix: 'media/show-00/hls/' });
    assert.deepStrictEqual(
      page.objects.map((o) => o.name),
      SEGMENTS,
    );
    assert.ok(page.objects.every((o) => o.kind === 'video'));
  });

  it('filters names server-side relative to the node prefix', async () => {
    const eps = await listAll(client, { bucket, prefix: 'media/show-05/', filter: 'ep-01', pageSize: 4 });
    assert.deepStrictEqual(eps.names, EPISODES.slice(10, 20));
    const folders = await listLevel(client, { bucket, prefix: 'media/', filter: 'show-0' });
    assert.deepStrictEqual([folders.folders.length, folders.objects.length], [10, 0]);
    const files = await listLevel(client, { bucket, prefix: 'media/', filter: 'r' });
    assert.deepStrictEqual([files.folders.length, files.objects.map((o) => o.name)], [0, ['readme.txt']]);
    const none = await listLevel(client, { bucket, prefix: 'media/', filter: 'zzz' });
    assert.deepStrictEqual([none.folders, none.objects, none.nextToken], [[], [], undefined]);
  });

  it('refuses a bad page size or a filter with "/" before calling S3', async () => {
    await assert.rejects(listLevel(client, { bucket, pageSize: 0 }), /page size must be a whole number from 1 to 1000, not 0/);
    await assert.rejects(listLevel(client, { bucket, pageSize: 1001 }), /not 1001/);
    await assert.rejects(listLevel(client, { bucket, filter: 'a/b' }), /cannot contain "\/"/);
  });

  it('surfaces NoSuchBucket for a missing bucket', async () => {
    await assert.rejects(listLevel(client, { bucket: uniqueBucket('missing') }), (e: Error) => e.name === 'NoSuchBucket');
  });

  it('lists buckets including the seeded one', async () => {
    const buckets = await listBuckets(client);
    const mine = buckets.find((b) => b.name === bucket);
    assert.ok(mine, `${bucket} is listed`);
    assert.ok(mine.creationDate instanceof Date);
  });
});
