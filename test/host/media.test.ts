// Check Package and Check CORS for a Player from the tree, on Ceph RADOS Gateway: the report page
// a user reads (its text), the log's one-line summary, and links back to the tree.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateBucketCommand, HeadObjectCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cephAvailability, makeClient, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { loadPackage, seedDefect } from '../support/mediaPackages';
import { api, type TestApi } from './support/api';
import { runScripted } from './support/scriptedPrompter';
import { path, removeRegistry, writeRegistry } from './support/storage';

const availability = cephAvailability();
const describeCeph = availability.available || process.env.CI === 'true' ? describe : describe.skip;

type MediaTestApi = TestApi & { media: { reports: { pages: ReadonlyMap<string, { title: string; html: string }> } } };

describeCeph(`Media checks from the tree [ceph]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
  let a: MediaTestApi;
  let server: S3TestServer | undefined;
  let bucket = '';
  let missingKey = '';

  before(async function () {
    this.timeout(240_000);
    a = (await api()) as MediaTestApi;
    server = await startCeph();
    bucket = uniqueBucket('media');
    const client = makeClient(server);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const good = loadPackage('hls-ts', 'good/');
    const bad = loadPackage('hls-ts', 'bad/');
    missingKey = seedDefect(bad, 'missing-segment').key;
    for (const p of [good, bad]) {
      for (const [Key, o] of p.files) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: o.body, ContentType: o.contentType }));
    }
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'ct/index.m3u8',
        Body: '#EXTM3U\n',
        ContentType: 'application/octet-stream',
        Metadata: { project: 'trailer' },
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'ct/seg-0.ts', Body: Buffer.alloc(188, 0x47), ContentType: 'video/mp2t' }));
    client.destroy();
    await writeRegistry(a, {
      connections: [{ id: 'ceph', label: 'Ceph RGW', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true }],
      inputs: [],
      outputs: [{ name: 'renditions', connection: 'ceph', bucket }],
    });
    await a.credentials.set('ceph', { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  });

  after(async function () {
    this.timeout(60_000);
    a.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await a.credentials.clear('ceph');
    await removeRegistry(a);
    await server?.stop();
  });

  const page = (prefix: string): string => {
    const found = [...a.media.reports.pages].find(([k]) => k.startsWith(prefix));
    assert.ok(found, `no page ${prefix}; open: ${[...a.media.reports.pages.keys()].join(', ')}`);
    return found[1].html;
  };

  it('reports nothing for a good package, and shows its ladder', async () => {
    const mark = a.logger.written;
    await runScripted(a, [], 'mediaStorage.checkPackage', await path(a, 'Outputs', 'renditions', 'good', 'master.m3u8'));
    const html = page(`package|`);
    assert.match(html, /Package check of s3:\/\/[^<]+\/good\/master\.m3u8/);
    assert.match(html, /No problem found\./);
    assert.match(html, /Rendition ladder/);
    assert.match(html, /320×180/);
    assert.match(html, /160×90/);
    assert.match(html, /<svg role="img" aria-label="Bandwidth per rendition"/);
    assert.ok(
      a.logger.since(mark).some((l) => l.includes(`Check Package s3://${bucket}/good/: no problem found`)),
      a.logger.since(mark).join('\n'),
    );
  });

  it('reports the missing segment of a defective package once, linking the object and the playlist line', async () => {
    const mark = a.logger.written;
    await runScripted(a, [], 'mediaStorage.checkPackage', await path(a, 'Outputs', 'renditions', 'bad'));
    const html = [...a.media.reports.pages].find(([k]) => k.includes('/bad/'))?.[1].html ?? '';
    assert.match(html, /Missing object \(1\)/);
    assert.ok(html.includes(`data-action="reveal" data-key="${missingKey}"`), 'the missing key links to the tree');
    assert.doesNotMatch(html, /No problem found/);
    const lines = a.logger.since(mark).filter((l) => l.includes(`missing ${missingKey}`));
    assert.strictEqual(lines.length, 1, a.logger.since(mark).join('\n'));
  });

  it('checks CORS as a player on an origin: fails without rules, passes once the playback rule is on the bucket', async () => {
    const origin = 'https://player.example.com';
    const master = async (): Promise<unknown> => path(a, 'Outputs', 'renditions', 'good', 'master.m3u8');
    await runScripted(a, [['cors.origin', `${origin}/watch?v=1`]], 'mediaStorage.checkPlayerCors', await master());
    const refused = page('cors|');
    assert.match(refused, /CORS for a player on https:\/\/player\.example\.com/);
    assert.match(refused, /master\.m3u8/);
    assert.match(refused, /segment/);
    assert.match(refused, /✗ /);
    assert.match(refused, /Generate CORS that fixes this/);

    assert.ok(server);
    const client = makeClient(server);
    await client.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            { AllowedOrigins: [origin], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag', 'Content-Length', 'Content-Range'] },
          ],
        },
      }),
    );
    client.destroy();
    // The origin typed last time is offered again.
    const again = await runScripted(a, [['cors.origin', origin]], 'mediaStorage.checkPlayerCors', await master());
    assert.strictEqual(again.asked[0]?.kind, 'input');
    const passed = page('cors|');
    assert.doesNotMatch(passed, /✗ /);
    assert.match(passed, /A player on https:\/\/player\.example\.com can load every URL checked\./);
  });

  it('Fix Content-Types shows the plan, and after confirming rewrites only the wrong type, keeping the metadata', async () => {
    const folder = await path(a, 'Outputs', 'renditions', 'ct');
    const declined = await runScripted(a, [['contentTypes.confirm', false]], 'mediaStorage.fixContentTypes', folder);
    assert.strictEqual(declined.asked[0]?.title, `Rewrite the headers of 1 object under s3://${bucket}/ct/?`);
    assert.ok(server);
    const client = makeClient(server);
    try {
      const head = async (): Promise<[string | undefined, Record<string, string> | undefined]> => {
        const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ct/index.m3u8' }));
        return [h.ContentType, h.Metadata];
      };
      assert.deepStrictEqual(await head(), ['application/octet-stream', { project: 'trailer' }], 'declining changes nothing');
      const fixed = await runScripted(a, [['contentTypes.confirm', true]], 'mediaStorage.fixContentTypes', folder);
      assert.deepStrictEqual(fixed.notifications, [{ level: 'info', message: `Fixed the headers of 1 object under s3://${bucket}/ct/.`, actions: [] }]);
      assert.deepStrictEqual(await head(), ['application/vnd.apple.mpegurl', { project: 'trailer' }]);
      const again = await runScripted(a, [], 'mediaStorage.fixContentTypes', folder);
      assert.deepStrictEqual(
        again.notifications.map((n) => n.message),
        [`The 2 media objects under s3://${bucket}/ct/ have the right headers: nothing to fix.`],
      );
    } finally {
      client.destroy();
    }
  });

  it('Presign Package for Playback uploads rewritten playlists under a new prefix; a player without keys follows them to the segments', async () => {
    const master = await path(a, 'Outputs', 'renditions', 'good', 'master.m3u8');
    const told = await runScripted(
      a,
      [
        ['presignPackage.expiry', '1h'],
        ['presignPackage.target', 'Upload them under a new prefix'],
        ['presignPackage.prefix', 'play/'],
      ],
      'mediaStorage.presignPackage',
      master,
    );
    assert.deepStrictEqual(
      told.notifications.map((n) => n.message),
      [`Copied the presigned URL of a playable copy of good/master.m3u8 (valid 1h); 6 rewritten playlists are under s3://${bucket}/play/.`],
    );
    const url = await vscode.env.clipboard.readText();
    assert.match(url, /\/play\/master\.m3u8\?.*X-Amz-Signature=/);
    // What a player does: no credentials, only the URLs in the playlists.
    const masterText = await (await fetch(url)).text();
    const variant = masterText.split('\n').find((l) => l.startsWith('http') && l.includes('/play/v320/index.m3u8'));
    assert.ok(variant, masterText);
    const mediaText = await (await fetch(variant)).text();
    const segment = mediaText.split('\n').find((l) => l.startsWith('http'));
    assert.ok(segment?.includes('/good/v320/seg_000.ts?'), mediaText);
    const got = await fetch(segment ?? '');
    assert.strictEqual(got.status, 200);
    assert.strictEqual((await got.arrayBuffer()).byteLength, loadPackage('hls-ts', 'good/').files.get('good/v320/seg_000.ts')?.body.length);

    // The copies never go over existing objects: the same prefix again is refused, and nothing is written.
    const again = await runScripted(
      a,
      [
        ['presignPackage.expiry', '1h'],
        ['presignPackage.target', 'Upload them under a new prefix'],
        ['presignPackage.prefix', 'play/'],
      ],
      'mediaStorage.presignPackage',
      master,
    );
    assert.deepStrictEqual(
      again.notifications.map((n) => n.message),
      [`s3://${bucket}/play/ already holds objects; choose a new prefix (nothing was written).`],
    );
  });
});
