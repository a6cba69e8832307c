// Incomplete multipart uploads in the real host: an upload is cancelled part-way through the
// Upload command and kept for Resume, as a user would get one; the tree's "Incomplete Uploads"
// node lists it with its parts, Resume Upload finishes it, Abort Upload and Abort All remove
// uploads, and the store is asked afterwards what it still holds. The connection goes through a
// counting fault proxy that slows the upload (so the cancel lands between parts) and shows how
// many bytes a resume sent.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { formatBytes, plural } from '../../src/core/format';
import type { TreeNode } from '../../src/tree/nodes';
import { cephAvailability, makeClient, startCeph, startS3rver, uniqueBucket, type S3TestServer } from '../s3/servers';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { runScripted, ScriptedPrompter } from './support/scriptedPrompter';
import { allChildren, description, label, labels, path as treePath, removeRegistry, tooltip, writeRegistry } from './support/storage';
import { api } from './support/api';
import type { Notified } from './support/notifications';
import type { XferApi } from './support/transferFixture';

const MiB = 1024 * 1024;
const FILE_BYTES = 40 * MiB;
const PART_BYTES = 5 * MiB;
const PARTS = Math.ceil(FILE_BYTES / PART_BYTES);
/** Slow enough that a part takes ~0.6 s, so a cancel after two parts leaves most of the file unsent. */
const DRIP = { kind: 'drip', bytesPerSecond: 8_000_000 } as const;

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
const SETTINGS: Array<[string, number]> = [
  ['upload.multipartThreshold', 8],
  ['upload.partSize', 5],
  ['upload.queueSize', 1],
];

interface Rig {
  a: XferApi;
  server: S3TestServer;
  proxy: FaultProxy;
  /** straight to the server, for checking what it holds (not counted by the proxy) */
  direct: S3Client;
  bucket: string;
  tmp: string;
  label: string;
}

async function setUp(server: S3TestServer): Promise<Rig> {
  const a = (await api()) as XferApi;
  const proxy = await startFaultProxy(server.endpoint);
  const direct = makeClient(server);
  const bucket = uniqueBucket('resume');
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  const label = `Resume (${server.kind})`;
  await writeRegistry(a, {
    connections: [
      { id: 'resume', label, kind: 's3-compatible', region: server.region, endpoint: proxy.endpoint, forcePathStyle: true, checksumMode: 'when-required' },
    ],
    inputs: [
      { name: 'masters', connection: 'resume', bucket, prefix: 'masters/' },
      { name: 'elsewhere', connection: 'resume', bucket, prefix: 'other/' },
      { name: 'ghost', connection: 'resume', bucket: `${bucket}-missing` },
    ],
    outputs: [],
  });
  // After registering: keys belong to the workspace connection as registered.
  await a.credentials.set('resume', { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  for (const [key, value] of SETTINGS) await config().update(key, value, vscode.ConfigurationTarget.Global);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-resume-'));
  return { a, server, proxy, direct, bucket, tmp, label };
}

async function tearDown(r: Rig | undefined): Promise<void> {
  if (!r) return;
  r.a.setPrompter(undefined);
  for (const [key] of SETTINGS) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  await r.a.credentials.clear('resume');
  await removeRegistry(r.a);
  r.direct.destroy();
  await r.proxy.close();
  fs.rmSync(r.tmp, { recursive: true, force: true });
}

function randomFile(r: Rig, name: string): string {
  const file = path.join(r.tmp, name);
  fs.writeFileSync(file, randomBytes(FILE_BYTES));
  return file;
}

/** On a failed test, the extension's last log lines go to the host log: they say why a command did not do what the test expected. */
function logOnFailure(test: { state?: string | undefined } | undefined, r: Rig | undefined): void {
  const out = process.env.MSW_HOST_LOG;
  if (test?.state === 'failed' && r && out) fs.appendFileSync(out, `--- extension log:\n${r.a.logger.recent.slice(-15).join('\n')}\n`);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The store's own list of incomplete uploads of a key (Ceph; s3rver has no such list). */
async function uploadIdsOf(r: Rig, bucket: string, key?: string): Promise<string[]> {
  const page = await r.direct.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (page.Uploads ?? []).filter((u) => key === undefined || u.Key === key).map((u) => u.UploadId ?? '');
}

async function storedPartCount(r: Rig, key: string, uploadId: string): Promise<number> {
  const page = await r.direct.send(new ListPartsCommand({ Bucket: r.bucket, Key: key, UploadId: uploadId }));
  return page.Parts?.length ?? 0;
}

/**
 * Uploads a 40 MiB file into the "masters" input through the Upload command, presses Cancel on
 * its progress once `partsDone` says enough parts are on the store, and answers "Keep for Resume".
 */
async function keptUpload(r: Rig, name: string, partsDone: (key: string) => Promise<boolean>): Promise<{ file: string; key: string }> {
  const file = randomFile(r, name);
  const key = `masters/${name}`;
  r.proxy.resetCounters();
  r.proxy.setMode(DRIP);
  try {
    const masters = await treePath(r.a, 'Inputs', 'masters');
    const prompter = new ScriptedPrompter([
      ['upload.files', file],
      ['upload.keepForResume', 'Keep for Resume'],
    ]);
    const running = runScripted(r.a, prompter, 'mediaStorage.upload', masters);
    await waitFor(`two parts of ${key} on the store`, async () => ((await partsDone(key)) ? true : undefined));
    prompter.cancel('upload');
    await running;
    const where = `s3://${r.bucket}/masters/`;
    assert.strictEqual(prompter.asked[1]?.title, `Upload to ${where} cancelled`, 'asked whether to keep the parts');
    assert.deepStrictEqual(prompter.notifications, [
      {
        level: 'warn',
        message: `Upload to ${where} cancelled: 0 of 1 file uploaded; 1 cancelled (${key}). 1 partial upload kept for Resume.`,
        actions: ['Retry', 'Show Log'],
      },
    ]);
  } finally {
    r.proxy.setMode({ kind: 'pass' });
  }
  return { file, key };
}

/**
 * The parts the tree says an upload has: those in its resume record. The store may hold one more
 * than the record: a cancel can come after the store took a part but before its answer reached
 * the uploader, or while the socket buffers still hold the rest of a part (megabytes on
 * loopback), which then reaches the store after the cancel. Resume finds such a part with ListParts.
 */
function partsShown(description: string): number {
  const m = /· (\d+) of \d+ parts ·/.exec(description);
  assert.ok(m, `no part count in "${description}"`);
  return Number(m[1]);
}

/**
 * How many parts a resume sent, read off its notification ("sent 25.0 MiB of 40.0 MiB; the rest
 * was already on the store"), which must be the only one, an info, and name a whole number of parts.
 */
function sentParts(told: readonly Notified[], uri: string): number {
  assert.strictEqual(told.length, 1, told.map((n) => `${n.level}: ${n.message}`).join('\n'));
  const [only] = told;
  const m = new RegExp(`^Resumed and completed ${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: sent (.+) of (.+); the rest was already on the store\\.$`).exec(
    only.message,
  );
  assert.ok(m && only.level === 'info' && only.actions.length === 0, `${only.level}: ${only.message}`);
  assert.strictEqual(m[2], formatBytes(FILE_BYTES));
  const parts = Array.from({ length: PARTS }, (_, i) => i + 1).find((n) => formatBytes(n * PART_BYTES) === m[1]);
  assert.ok(parts, `"${m[1]}" is no whole number of ${formatBytes(PART_BYTES)} parts`);
  return parts;
}

async function incompleteGroup(r: Rig, owner: TreeNode): Promise<TreeNode> {
  const kids = await allChildren(r.a, owner);
  assert.strictEqual(kids[0]?.kind, 'incompleteGroup', `first child: ${kids.map((n) => label(r.a, n)).join(', ')}`);
  assert.strictEqual(label(r.a, kids[0]), 'Incomplete Uploads');
  assert.strictEqual(r.a.explorer.getTreeItem(kids[0]).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  return kids[0];
}

async function uploadNode(r: Rig, group: TreeNode, key: string): Promise<TreeNode> {
  const kids = await allChildren(r.a, group);
  const found = kids.find((n) => label(r.a, n) === key);
  assert.ok(found, `no "${key}" under Incomplete Uploads: ${kids.map((n) => `${label(r.a, n)} [${description(r.a, n)}]`).join(', ')}`);
  return found;
}

const contextOf = (r: Rig, node: TreeNode): string | undefined => r.a.explorer.getTreeItem(node).contextValue;

async function objectBytes(r: Rig, key: string): Promise<Buffer> {
  const out = await r.direct.send(new GetObjectCommand({ Bucket: r.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const availability = cephAvailability();
const describeCeph = availability.available || process.env.CI === 'true' ? describe : describe.skip;

describeCeph(`Incomplete uploads: resume and abort [ceph]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
  this.timeout(180_000);
  let r: Rig | undefined;
  let server: S3TestServer | undefined;
  const rig = (): Rig => {
    assert.ok(r, 'set up');
    return r;
  };
  const twoPartsStored = async (key: string): Promise<boolean> => {
    const [id] = await uploadIdsOf(rig(), rig().bucket, key);
    return id !== undefined && (await storedPartCount(rig(), key, id)) >= 2;
  };

  before(async function () {
    this.timeout(240_000);
    server = await startCeph();
    r = await setUp(server);
  });

  after(async function () {
    this.timeout(60_000);
    await tearDown(r);
    await server?.stop();
  });

  afterEach(function () {
    logOnFailure(this.currentTest, r);
  });

  it('lists a cancelled upload kept for Resume under the bucket’s and the input’s Incomplete Uploads; Resume Upload sends only the missing parts', async () => {
    const { file, key } = await keptUpload(rig(), 'first.mov', twoPartsStored);
    const [uploadId] = await uploadIdsOf(rig(), rig().bucket, key);
    const stored = await storedPartCount(rig(), key, uploadId);
    assert.ok(stored >= 2 && stored < PARTS, `${stored} parts on the store`);

    const bucketNode = await treePath(rig().a, 'Buckets', rig().label, rig().bucket);
    const node = await uploadNode(rig(), await incompleteGroup(rig(), bucketNode), key);
    assert.match(description(rig().a, node), /^started \d{4}-\d\d-\d\d \d\d:\d\d UTC · /);
    const shown = partsShown(description(rig().a, node));
    assert.ok(shown >= 1 && shown <= stored, `${shown} parts shown, ${stored} on the store`);
    assert.strictEqual(
      description(rig().a, node).replace(/^started \d{4}-\d\d-\d\d \d\d:\d\d UTC · /, ''),
      `${shown} of ${PARTS} parts · ${formatBytes(shown * PART_BYTES)} of ${formatBytes(FILE_BYTES)}`,
    );
    assert.strictEqual(contextOf(rig(), node), 'msw.incompleteUpload.resumable', 'Resume is offered: the local file is known');
    // Scoped by prefix: the input at masters/ lists it, the one at other/ does not.
    await uploadNode(rig(), await incompleteGroup(rig(), await treePath(rig().a, 'Inputs', 'masters')), key);
    assert.deepStrictEqual(
      (await allChildren(rig().a, await incompleteGroup(rig(), await treePath(rig().a, 'Inputs', 'elsewhere')))).map((n) => label(rig().a, n)),
      ['None'],
    );
    // Parts are no object: the bucket's listing has nothing else.
    assert.deepStrictEqual(await labels(rig().a, bucketNode), ['Empty']);

    rig().proxy.resetCounters();
    const told = await runScripted(rig().a, [], 'mediaStorage.resumeUpload', node);
    assert.deepStrictEqual(
      told.progresses.map((p) => [p.id, p.title, p.cancellable]),
      [['incomplete.resume', `Resuming upload to s3://${rig().bucket}/${key}`, true]],
    );
    // Every part the store had was reused (those the record knew, and any it took after the cancel):
    // what the notification says was sent is a whole number of the parts the store lacked.
    const sent = sentParts(told.notifications, `s3://${rig().bucket}/${key}`);
    assert.ok(sent >= 1 && sent <= PARTS - stored, `sent ${sent} parts with ${stored} parts stored`);
    // Only those parts crossed the wire (plus request headers).
    const bytes = sent * PART_BYTES;
    assert.ok(
      rig().proxy.bytesUpstream >= bytes && rig().proxy.bytesUpstream < bytes + MiB,
      `${rig().proxy.bytesUpstream} bytes on the wire for ${bytes} sent`,
    );
    assert.ok((await objectBytes(rig(), key)).equals(fs.readFileSync(file)), 'the object is the file');
    assert.deepStrictEqual(await uploadIdsOf(rig(), rig().bucket, key), []);
    // The tree was refreshed: the upload is gone from Incomplete Uploads, the object is listed.
    const group = await incompleteGroup(rig(), await treePath(rig().a, 'Inputs', 'masters'));
    assert.deepStrictEqual(
      (await allChildren(rig().a, group)).map((n) => label(rig().a, n)),
      ['None'],
    );
    assert.ok((await labels(rig().a, await treePath(rig().a, 'Inputs', 'masters'))).includes('first.mov'));
    // A folder has no Incomplete Uploads node of its own (its bucket's covers it).
    rig().a.explorer.refresh();
    const folder = await treePath(rig().a, 'Buckets', rig().label, rig().bucket, 'masters');
    assert.deepStrictEqual(
      (await allChildren(rig().a, folder)).map((n) => label(rig().a, n)),
      ['first.mov'],
    );
  });

  it('offers a kept upload in the palette, refuses to resume a changed file, and Abort Upload removes it from the store and the resume list', async () => {
    const { file, key } = await keptUpload(rig(), 'second.mov', twoPartsStored);
    const [uploadId] = await uploadIdsOf(rig(), rig().bucket, key);

    const palette = await runScripted(rig().a, [['incomplete.pick', undefined]], 'mediaStorage.resumeUpload');
    assert.strictEqual(palette.asked[0].title, 'Resume Upload');
    assert.ok(palette.asked[0].items?.includes(key), `offered: ${palette.asked[0].items?.join(', ')}`);
    assert.deepStrictEqual([palette.progresses, palette.notifications], [[], []], 'dismissing the pick resumes nothing');

    // Shown after a refresh of the view (the Uploader does not redraw Incomplete Uploads after a cancel).
    rig().a.explorer.refresh();
    const group = await incompleteGroup(rig(), await treePath(rig().a, 'Inputs', 'masters'));
    fs.utimesSync(file, new Date(), new Date(Date.now() - 3_600_000));
    const refused = await runScripted(rig().a, [['incomplete.cannotResume', false]], 'mediaStorage.resumeUpload', await uploadNode(rig(), group, key));
    assert.match(refused.asked[0].title ?? '', new RegExp(`Can't resume s3://${rig().bucket}/${key}: .*second\\.mov changed since the upload began`));
    assert.deepStrictEqual([refused.progresses, refused.notifications], [[], []], 'nothing was sent, and keeping it needs no notice');
    assert.deepStrictEqual(await uploadIdsOf(rig(), rig().bucket, key), [uploadId], 'kept when the user keeps it');

    const node = await uploadNode(rig(), group, key);
    const shown = partsShown(description(rig().a, node));
    const prompter = await runScripted(rig().a, [['incomplete.abortConfirm', true]], 'mediaStorage.abortIncompleteUpload', node);
    const question = prompter.asked[0].title ?? '';
    assert.ok(question.includes(`s3://${rig().bucket}/${key}`), question);
    assert.ok(question.includes(`The ${formatBytes(shown * PART_BYTES)} (${plural(shown, 'part')}) already on the store will be discarded`), question);
    assert.deepStrictEqual(
      prompter.progresses.map((p) => [p.id, p.location, p.title]),
      [['incomplete.abort', 'window', `Aborting the upload of s3://${rig().bucket}/${key}`]],
    );
    assert.deepStrictEqual(prompter.notifications, [
      {
        level: 'info',
        message: `Aborted the upload of s3://${rig().bucket}/${key}: the store confirms it is gone (${formatBytes(shown * PART_BYTES)} (${plural(shown, 'part')}) discarded).`,
        actions: [],
      },
    ]);
    assert.deepStrictEqual(await uploadIdsOf(rig(), rig().bucket, key), [], 'ListMultipartUploads no longer shows it');
    assert.ok(!(await allChildren(rig().a, group)).some((n) => label(rig().a, n) === key), 'gone from the tree');
    // Its resume record went with it: the palette no longer offers it.
    const after = new ScriptedPrompter([['incomplete.pick', undefined]]);
    rig().a.setPrompter(after);
    try {
      await vscode.commands.executeCommand('mediaStorage.resumeUpload');
    } finally {
      rig().a.setPrompter(undefined);
    }
    assert.ok(!(after.asked[0]?.items ?? []).includes(key), `still offered: ${after.asked[0]?.items?.join(', ')}`);
  });

  it('Abort All aborts every incomplete upload of a bucket after a confirmation that counts them', async () => {
    const bucket = uniqueBucket('abortall');
    const d = rig().direct;
    await d.send(new CreateBucketCommand({ Bucket: bucket }));
    // Uploads started elsewhere (no resume record): only the store knows them.
    const keys = ['cuts/one.mov', 'cuts/two.mov'];
    for (const key of keys) {
      const { UploadId } = await d.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
      await d.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(1000, 7) }));
    }
    rig().a.explorer.refresh();
    const group = await incompleteGroup(rig(), await treePath(rig().a, 'Buckets', rig().label, bucket));
    const listed = await allChildren(rig().a, group);
    assert.deepStrictEqual(
      listed.map((n) => label(rig().a, n)),
      keys,
    );
    for (const n of listed) {
      assert.match(description(rig().a, n), /^started .* UTC · 1 part · 1000 B$/);
      assert.strictEqual(contextOf(rig(), n), 'msw.incompleteUpload.foreign', 'no Resume without a local file');
    }

    const prompter = await runScripted(rig().a, [['incomplete.abortAllConfirm', true]], 'mediaStorage.abortAllIncompleteUploads', group);
    assert.match(prompter.asked[0].title ?? '', new RegExp(`^Abort all 2 incomplete uploads in s3://${bucket}/\\?`));
    assert.deepStrictEqual(
      prompter.progresses.map((p) => [p.id, p.title, p.messages]),
      [['incomplete.abortAll', `Aborting 2 incomplete uploads in s3://${bucket}/`, ['1 of 2', '2 of 2']]],
    );
    assert.deepStrictEqual(prompter.notifications, [
      { level: 'info', message: `Abort All in s3://${bucket}/: aborted 2, failed 0 (of 2 incomplete uploads).`, actions: [] },
    ]);
    assert.deepStrictEqual(await uploadIdsOf(rig(), bucket), []);
    assert.deepStrictEqual(
      (await allChildren(rig().a, group)).map((n) => label(rig().a, n)),
      ['None'],
    );
  });

  it('shows a failed listing as an error node that says why and retries on click', async () => {
    const group = await incompleteGroup(rig(), await treePath(rig().a, 'Inputs', 'ghost'));
    const [error, ...rest] = await allChildren(rig().a, group);
    assert.strictEqual(
      error?.kind,
      'error',
      `children: ${[error, ...rest]
        .filter(Boolean)
        .map((n) => label(rig().a, n))
        .join(', ')}`,
    );
    assert.strictEqual(label(rig().a, error), 'No such bucket (NoSuchBucket)');
    assert.strictEqual(rest.length, 0);
    assert.match(tooltip(rig().a, error), new RegExp(`^List incomplete uploads in s3://${rig().bucket}-missing/`));
    assert.strictEqual(rig().a.explorer.getTreeItem(error).command?.command, 'mediaStorage.refreshNode');
    // The click lists again (after the bucket was created, it lists fine).
    await rig().direct.send(new CreateBucketCommand({ Bucket: `${rig().bucket}-missing` }));
    await vscode.commands.executeCommand('mediaStorage.refreshNode', error);
    assert.deepStrictEqual(
      (await allChildren(rig().a, group)).map((n) => label(rig().a, n)),
      ['None'],
    );
  });
});

describe('Incomplete uploads on a store without ListMultipartUploads [s3rver]', function () {
  this.timeout(120_000);
  let r: Rig | undefined;
  let server: S3TestServer | undefined;
  const rig = (): Rig => {
    assert.ok(r, 'set up');
    return r;
  };

  before(async () => {
    server = await startS3rver();
    r = await setUp(server);
  });

  after(async () => {
    await tearDown(r);
    await server?.stop();
  });

  afterEach(function () {
    logOnFailure(this.currentTest, r);
  });

  it('says the store can’t list them, still lists the upload kept for Resume, and resumes it', async () => {
    // s3rver lists no parts either, so the cancel waits for the bytes of two parts and a bit.
    const { file, key } = await keptUpload(rig(), 'kept.mov', async () => rig().proxy.bytesUpstream > 2 * PART_BYTES + MiB);
    const group = await incompleteGroup(rig(), await treePath(rig().a, 'Buckets', rig().label, rig().bucket));
    const kids = await allChildren(rig().a, group);
    assert.strictEqual(label(rig().a, kids[0]), "This store can't list incomplete uploads (no ListMultipartUploads)");
    const node = await uploadNode(rig(), group, key);
    assert.match(description(rig().a, node), new RegExp(`^started .* UTC · [1-7] of ${PARTS} parts · `));
    assert.strictEqual(contextOf(rig(), node), 'msw.incompleteUpload.resumable');

    const told = await runScripted(rig().a, [], 'mediaStorage.resumeUpload', node);
    const sent = sentParts(told.notifications, `s3://${rig().bucket}/${key}`);
    assert.ok(sent >= 1 && sent < PARTS, `sent ${sent} of ${PARTS} parts`);
    assert.ok((await objectBytes(rig(), key)).equals(fs.readFileSync(file)), 'the object is the file');
    assert.deepStrictEqual(
      (await allChildren(rig().a, group)).map((n) => label(rig().a, n)),
      ["This store can't list incomplete uploads (no ListMultipartUploads)", 'None kept for Resume'],
    );
  });
});
