// The object operations of the tree end to end in the real host: the commands run on tree nodes
// with their questions answered by a scripted prompter, and each test checks what the user was
// told (notifications), what the tree shows and what the store holds. Against s3rver, and against
// Ceph RGW where it is installed (its UploadPartCopy makes the multipart copy server-side; s3rver
// has none, so there the parts go through the extension).
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { HeadBucketCommand, HeadObjectCommand, PutObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { TreeNode } from '../../src/tree/nodes';
import { cephAvailability, startCeph, startS3rver, type S3TestServer } from '../s3/servers';
import { runScripted, ScriptedPrompter, ENTER, type ScriptAnswer } from './support/scriptedPrompter';
import { child, labels, path as treePath } from './support/storage';
import { dumpLogOnFailure, exists, get, put, registerXfer, unregisterXfer, type XferStorage } from './support/transferFixture';

const MiB = 1024 * 1024;
const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

function bytes(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 13 + seed * 7) & 0xff;
  return b;
}

for (const kind of ['s3rver', 'ceph'] as const) {
  const availability = kind === 'ceph' ? cephAvailability() : { available: true, reason: undefined };
  const describeIf = availability.available || process.env.CI === 'true' ? describe : describe.skip;

  describeIf(`Object operations on the tree [${kind}]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
    this.timeout(120_000);
    let s: XferStorage | undefined;
    let server: S3TestServer | undefined;

    before(async function () {
      this.timeout(240_000);
      server = kind === 'ceph' ? await startCeph() : await startS3rver();
      s = await registerXfer(server);
    });

    after(async () => {
      await config().update('copy.multipartThreshold', undefined, vscode.ConfigurationTarget.Global);
      await unregisterXfer(s);
      await server?.stop();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    afterEach(function () {
      dumpLogOnFailure(this.currentTest, s);
    });

    const fx = (): XferStorage => {
      assert.ok(s, 'fixture not started');
      return s;
    };
    const node = async (...names: string[]): Promise<TreeNode> => {
      fx().a.explorer.refresh();
      return treePath(fx().a, ...names);
    };
    const run = async (script: [string, ScriptAnswer][], command: string, ...args: unknown[]): Promise<{ prompter: ScriptedPrompter }> => ({
      prompter: await runScripted(fx().a, script, command, ...args),
    });
    const head = (bucket: string, key: string): Promise<HeadObjectCommandOutput> => fx().client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const notices = (p: ScriptedPrompter): string => p.describe();

    it('copies a folder and an object to another bucket with Copy and Paste, and the tree shows them', async () => {
      const { inBucket, outBucket } = fx();
      await put(fx(), inBucket, 'media/show/index.m3u8', '#EXTM3U\n', 'application/vnd.apple.mpegurl');
      await put(fx(), inBucket, 'media/show/seg0.ts', bytes(4000, 1));
      await put(fx(), inBucket, 'media/poster.jpg', bytes(900, 2), 'image/jpeg');
      const xin = await node('Inputs', 'xin');
      const show = await child(fx().a, xin, 'show');
      const poster = await child(fx().a, xin, 'poster.jpg');
      await run([], 'mediaStorage.copyObjects', show, [show, poster]);
      const { prompter } = await run([], 'mediaStorage.pasteObjects', await node('Outputs', 'xout'));
      assert.deepStrictEqual(
        prompter.notifications.map((n) => [n.level, n.message]),
        [['info', `Copied 3 objects (4.8 KiB) to s3://${outBucket}/.`]],
      );
      assert.deepStrictEqual((await get(fx(), outBucket, 'show/seg0.ts')).body, bytes(4000, 1));
      assert.strictEqual((await get(fx(), outBucket, 'show/index.m3u8')).contentType, 'application/vnd.apple.mpegurl');
      assert.strictEqual((await get(fx(), outBucket, 'poster.jpg')).contentType, 'image/jpeg');
      assert.ok(await exists(fx(), inBucket, 'media/show/seg0.ts'), 'a copy leaves the source');
      // The paste refreshed the output's listing: no manual refresh here.
      const xout = await treePath(fx().a, 'Outputs', 'xout');
      assert.ok((await labels(fx().a, xout)).includes('show'), (await labels(fx().a, xout)).join(', '));
    });

    it('copies an object above a (scaled) multipart threshold in parts across buckets', async () => {
      const { inBucket, outBucket } = fx();
      await config().update('copy.multipartThreshold', 5, vscode.ConfigurationTarget.Global);
      try {
        const big = bytes(12 * MiB, 3);
        await put(fx(), inBucket, 'media/master.mov', big, 'video/quicktime');
        const mark = fx().a.logger.written;
        const master = await child(fx().a, await node('Inputs', 'xin'), 'master.mov');
        await run([], 'mediaStorage.copyObjects', master);
        const { prompter } = await run([], 'mediaStorage.pasteObjects', await node('Outputs', 'xout'));
        assert.deepStrictEqual(
          prompter.notifications.map((n) => [n.level, n.message]),
          [['info', `Copied 1 object (12.0 MiB) to s3://${outBucket}/.`]],
        );
        assert.strictEqual(md5((await get(fx(), outBucket, 'master.mov')).body), md5(big));
        const h = await head(outBucket, 'master.mov');
        assert.strictEqual(h.ContentType, 'video/quicktime');
        const log = fx().a.logger.since(mark).join('\n');
        if (kind === 'ceph') {
          // UploadPartCopy: three 5 MiB parts made by the store, the object's ETag is the parts'.
          assert.match(h.ETag ?? '', /-3"?$/);
          assert.doesNotMatch(log, /through this machine/);
        } else {
          assert.match(log, /does not copy parts itself \(UploadPartCopy\), so the bytes went through this machine/);
        }
      } finally {
        await config().update('copy.multipartThreshold', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('moves with Cut and Paste: the source is deleted only after its copy was verified', async () => {
      const { inBucket, outBucket, a } = fx();
      await put(fx(), inBucket, 'media/move/a.mp4', bytes(3000, 4), 'video/mp4');
      await put(fx(), inBucket, 'media/move/b.mp4', bytes(2000, 5), 'video/mp4');
      const folder = await child(a, await node('Inputs', 'xin'), 'move');
      const a1 = await child(a, folder, 'a.mp4');
      await run([], 'mediaStorage.cutObjects', a1);
      const { prompter } = await run([], 'mediaStorage.pasteObjects', await node('Outputs', 'xout'));
      assert.deepStrictEqual(
        prompter.notifications.map((n) => n.message),
        [`Moved 1 object (2.9 KiB) to s3://${outBucket}/.`],
      );
      assert.ok(!(await exists(fx(), inBucket, 'media/move/a.mp4')), 'the source is gone after a verified move');
      assert.deepStrictEqual((await get(fx(), outBucket, 'a.mp4')).body, bytes(3000, 4));

      // Now the check after the copy finds other bytes at the destination (a fault in the
      // extension's own client): the move must keep its source.
      const entry = a.registry.model.connections.find((c) => c.connection.id === 'xfer');
      assert.ok(entry);
      const client = await a.clients.get(entry);
      const send = client.send.bind(client) as (c: unknown, o?: unknown) => Promise<unknown>;
      let copied = false;
      Object.defineProperty(client, 'send', {
        configurable: true,
        writable: true,
        value: (command: { constructor: { name: string }; input: { Bucket?: string; Key?: string } }, options?: unknown) => {
          if (command.constructor.name === 'CopyObjectCommand' && command.input.Key === 'b.mp4') copied = true;
          if (copied && command.constructor.name === 'HeadObjectCommand' && command.input.Bucket === outBucket && command.input.Key === 'b.mp4') {
            return Promise.resolve({ ContentLength: 2000, ETag: '"00000000000000000000000000000000"', $metadata: {} });
          }
          return send(command, options);
        },
      });
      try {
        const b1 = await child(a, await child(a, await node('Inputs', 'xin'), 'move'), 'b.mp4');
        await run([], 'mediaStorage.cutObjects', b1);
        const failed = await run([], 'mediaStorage.pasteObjects', await node('Outputs', 'xout'));
        assert.strictEqual(failed.prompter.notifications.length, 1, notices(failed.prompter));
        const [n] = failed.prompter.notifications;
        assert.strictEqual(n.level, 'warn');
        assert.match(
          n.message,
          /^Moved 0 of 1 object to s3:\/\/[^ ]+\/\. 1 object failed \(media\/move\/b\.mp4: written, but the copy could not be verified by size and ETag; the source was kept\)\./,
        );
        assert.match(n.message, /1 source still at s3:\/\/[^ ]+\/\./);
        assert.deepStrictEqual(n.actions, ['Show Log']);
      } finally {
        Object.defineProperty(client, 'send', { configurable: true, writable: true, value: send });
      }
      assert.deepStrictEqual((await get(fx(), inBucket, 'media/move/b.mp4')).body, bytes(2000, 5), 'the source stays, unchanged');
    });

    it('moves what is dragged onto a folder in the tree, after a confirmation', async () => {
      const { inBucket, a } = fx();
      await put(fx(), inBucket, 'media/drag/clip.mp4', bytes(1500, 6));
      await put(fx(), inBucket, 'media/target/keep.txt', 'x');
      const xin = await node('Inputs', 'xin');
      const clip = await child(a, await child(a, xin, 'drag'), 'clip.mp4');
      const target = await child(a, xin, 'target');
      const prompter = new ScriptedPrompter([['move.confirm', true]]);
      a.setPrompter(prompter);
      try {
        const data = new vscode.DataTransfer();
        a.transfers.dragAndDrop.handleDrag([clip], data);
        await a.transfers.dragAndDrop.handleDrop(target, data);
      } finally {
        a.setPrompter(undefined);
      }
      assert.match(prompter.asked[0]?.title ?? '', /^Move clip\.mp4 to s3:\/\/[^/]+\/media\/target\/\?$/);
      assert.deepStrictEqual(
        prompter.notifications.map((n) => n.message),
        [`Moved 1 object (1.5 KiB) to s3://${inBucket}/media/target/.`],
      );
      assert.ok(!(await exists(fx(), inBucket, 'media/drag/clip.mp4')));
      assert.deepStrictEqual((await get(fx(), inBucket, 'media/target/clip.mp4')).body, bytes(1500, 6));
      assert.ok((await labels(a, await child(a, await treePath(a, 'Inputs', 'xin'), 'target'))).includes('clip.mp4'));
    });

    it('asks before a paste replaces objects: Skip keeps them, Cancel changes nothing', async () => {
      const { inBucket, outBucket } = fx();
      await put(fx(), inBucket, 'media/dup/x.mp4', 'new x');
      await put(fx(), inBucket, 'media/dup/y.mp4', 'new y');
      await put(fx(), outBucket, 'dup/x.mp4', 'old x');
      const dup = await child(fx().a, await node('Inputs', 'xin'), 'dup');
      await run([], 'mediaStorage.copyObjects', dup);
      const cancelled = await run([['copy.existing', 'Cancel']], 'mediaStorage.pasteObjects', await node('Outputs', 'xout'));
      assert.deepStrictEqual(cancelled.prompter.notifications, []);
      assert.ok(!(await exists(fx(), outBucket, 'dup/y.mp4')));
      const skipped = await run([['copy.existing', 'Skip Existing']], 'mediaStorage.pasteObjects', await node('Outputs', 'xout'));
      assert.deepStrictEqual(
        skipped.prompter.notifications.map((n) => n.message),
        [`Copied 1 object (5 B) to s3://${outBucket}/. 1 object already there was left as it was.`],
      );
      assert.strictEqual((await get(fx(), outBucket, 'dup/x.mp4')).body.toString(), 'old x');
      assert.strictEqual((await get(fx(), outBucket, 'dup/y.mp4')).body.toString(), 'new y');
    });

    it('deletes a prefix after a confirmation that names the count and the size', async () => {
      const { inBucket } = fx();
      for (let i = 0; i < 7; i++) await put(fx(), inBucket, `media/old-encode/seg${i}.ts`, bytes(1024, i));
      await put(fx(), inBucket, 'media/old-encode-keep.ts', 'beside it');
      const folder = await child(fx().a, await node('Inputs', 'xin'), 'old-encode');
      const declined = await run([['delete.confirm', false]], 'mediaStorage.deleteObjects', folder);
      assert.match(declined.prompter.asked[0]?.title ?? '', /^Delete 7 objects \(7\.0 KiB\) from s3:\/\/[^/]+\/media\/\?$/);
      assert.ok(await exists(fx(), inBucket, 'media/old-encode/seg0.ts'), 'declined: nothing deleted');
      const { prompter } = await run([['delete.confirm', true]], 'mediaStorage.deleteObjects', folder);
      assert.deepStrictEqual(
        prompter.notifications.map((n) => [n.level, n.message]),
        [['info', `Deleted 7 objects (7.0 KiB) from s3://${inBucket}/media/.`]],
      );
      for (let i = 0; i < 7; i++) assert.ok(!(await exists(fx(), inBucket, `media/old-encode/seg${i}.ts`)));
      assert.ok(await exists(fx(), inBucket, 'media/old-encode-keep.ts'), 'a neighbour with the same start stays');
      assert.ok(!(await labels(fx().a, await treePath(fx().a, 'Inputs', 'xin'))).includes('old-encode'));
    });

    it('renames an object', async () => {
      const { inBucket } = fx();
      await put(fx(), inBucket, 'media/rendition_1080.mp4', bytes(2500, 8), 'video/mp4');
      const obj = await child(fx().a, await node('Inputs', 'xin'), 'rendition_1080.mp4');
      const { prompter } = await run([['rename.name', 'rendition-1080p.mp4']], 'mediaStorage.renameObject', obj);
      assert.deepStrictEqual(
        prompter.notifications.map((n) => n.message),
        [`Renamed s3://${inBucket}/media/rendition_1080.mp4 to rendition-1080p.mp4.`],
      );
      assert.ok(!(await exists(fx(), inBucket, 'media/rendition_1080.mp4')));
      const renamed = await get(fx(), inBucket, 'media/rendition-1080p.mp4');
      assert.deepStrictEqual([renamed.body, renamed.contentType], [bytes(2500, 8), 'video/mp4']);
    });

    it('edits Content-Type and one metadata entry, keeping every field the user did not change', async () => {
      const { inBucket, client } = fx();
      await client.send(
        new PutObjectCommand({
          Bucket: inBucket,
          Key: 'media/hls/master.m3u8',
          Body: '#EXTM3U\n',
          ContentType: 'text/plain',
          CacheControl: 'max-age=60',
          ContentDisposition: 'inline',
          Metadata: { encoder: 'x264', job: '42' },
        }),
      );
      const obj = await child(fx().a, await child(fx().a, await node('Inputs', 'xin'), 'hls'), 'master.m3u8');
      const { prompter } = await run(
        [
          ['metadata.field', 'Content-Type'],
          ['metadata.contentType', 'application/vnd.apple.mpegurl'],
          ['metadata.field', 'x-amz-meta-job'],
          ['metadata.value', '43'],
          ['metadata.field', 'Save Changes'],
        ],
        'mediaStorage.editObjectMetadata',
        obj,
      );
      const suggested = prompter.asked.find((q) => q.id === 'metadata.contentType');
      assert.strictEqual(suggested?.preselected, 'application/vnd.apple.mpegurl', 'the type the name suggests comes first');
      assert.deepStrictEqual(
        prompter.notifications.map((n) => n.message),
        [`Saved the metadata of s3://${inBucket}/media/hls/master.m3u8: Content-Type: application/vnd.apple.mpegurl; x-amz-meta-job: 43.`],
      );
      const h = await head(inBucket, 'media/hls/master.m3u8');
      assert.deepStrictEqual(
        [h.ContentType, h.CacheControl, h.ContentDisposition, h.Metadata, h.StorageClass ?? 'STANDARD', h.ContentLength],
        ['application/vnd.apple.mpegurl', 'max-age=60', 'inline', { encoder: 'x264', job: '43' }, 'STANDARD', 8],
      );
    });

    it('shows the properties in a read-only document', async () => {
      const { inBucket, client } = fx();
      await client.send(
        new PutObjectCommand({
          Bucket: inBucket,
          Key: 'media/props.mp4',
          Body: 'abc',
          ContentType: 'video/mp4',
          Metadata: { camera: 'a' },
        }),
      );
      const obj = await child(fx().a, await node('Inputs', 'xin'), 'props.mp4');
      await run([], 'mediaStorage.showObjectProperties', obj);
      const doc = vscode.window.activeTextEditor?.document;
      assert.strictEqual(doc?.uri.scheme, 'media-storage-object');
      const text = doc.getText();
      assert.match(text, new RegExp(`^Object: +s3://${inBucket}/media/props\\.mp4$`, 'm'));
      assert.match(text, /^Size: +3 B \(3 bytes\)$/m);
      assert.match(text, /^Content-Type: +video\/mp4$/m);
      assert.match(text, new RegExp(`^ETag: +"?${md5(Buffer.from('abc'))}"?$`, 'm'));
      assert.match(text, /^ {2}x-amz-meta-camera: a$/m);
    });

    it('creates a folder, and a bucket on the connection', async () => {
      const { outBucket, client, a } = fx();
      const created = await run([['folder.name', 'renditions']], 'mediaStorage.newFolder', await node('Outputs', 'xout'));
      assert.deepStrictEqual(
        created.prompter.notifications.map((n) => n.message),
        [`Created folder s3://${outBucket}/renditions/.`],
      );
      assert.ok((await labels(a, await treePath(a, 'Outputs', 'xout'))).includes('renditions'));
      const again = await run([['folder.name', 'renditions']], 'mediaStorage.newFolder', await node('Outputs', 'xout'));
      assert.deepStrictEqual(
        again.prompter.notifications.map((n) => [n.level, n.message]),
        [['warn', `s3://${outBucket}/renditions/ already exists; nothing was created.`]],
      );

      const name = `new-${outBucket}`.slice(0, 63);
      const bucket = await run(
        [
          ['bucket.create.name', 'Bad_Name'],
          ['bucket.create.name', name],
          ['bucket.create.region', ENTER],
        ],
        'mediaStorage.createBucket',
        await node('Buckets', `Transfers (${kind})`),
      );
      assert.match(bucket.prompter.asked[0]?.rejected[0]?.message ?? '', /uppercase/);
      assert.deepStrictEqual(
        bucket.prompter.notifications.map((n) => n.message),
        [`Created bucket "${name}" in us-east-1 on Transfers (${kind}).`],
      );
      await client.send(new HeadBucketCommand({ Bucket: name }));
      assert.ok((await labels(a, await treePath(a, 'Buckets', `Transfers (${kind})`))).includes(name));
    });
  });
}
