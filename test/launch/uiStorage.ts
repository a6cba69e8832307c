// The UI tier's everyday storage operations against Ceph RADOS Gateway (it checks SigV4 and pages
// listings like AWS): the Add Connection wizard with keys, Rename, Edit Metadata, Load More on a
// folder of 1,500 objects, Delete of that folder, and Go to S3 URI, each driven in the workbench
// as a user would and checked both on screen and in the store (from this process, with the SDK).
// Also the two README pictures that need no store: a validated policy and a decoded S3 error.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { formatBytes } from '../../src/core/format';
import { makeClient, type S3TestServer } from '../s3/servers';
import { REPO_ROOT } from './codeServer';
import {
  activityBarIcon,
  answer,
  asked,
  choose,
  contextMenu,
  expand,
  gone,
  quickOpen,
  runCommand,
  toast,
  toastsText,
  treeRow,
  until,
  visible,
  type Check,
} from './uiWorkbench';

const BUCKET = 'encodes';
const CONNECTION = 'Ceph RGW';
// The folder of more than one listing page (S3 and the tree's default page hold 1,000 keys).
const BIG_FOLDER = 'old-encode';
const BIG_COUNT = 1500;
const SEGMENT_BYTES = 188;
const segmentKey = (i: number): string => `${BIG_FOLDER}/seg-${String(i).padStart(4, '0')}.ts`;
const PUT_CONCURRENCY = 32;
const GO_TO_URI_COMMAND = 'mediaStorage.goToUri';

export interface StorageWorkspace {
  /** a copy of test/fixtures/workspace (the policy and error fixtures), with no registry */
  folder: string;
  client: S3Client;
  remove(): Promise<void>;
}

interface Seed {
  key: string;
  body: string | Buffer;
  contentType: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
}

/** An ISO BMFF `ftyp` box and padding, so that what sniffs the type sees an MP4. */
function ftyp(size: number): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(24, 0);
  b.write('ftypisom', 4, 'ascii');
  b.write('isomiso2', 16, 'ascii');
  return b;
}

function tsPacket(): Buffer {
  const b = Buffer.alloc(SEGMENT_BYTES);
  b[0] = 0x47;
  return b;
}

const MEDIA: Seed[] = [
  // A manifest stored with the wrong type, as uploads without a type map leave it.
  {
    key: 'media/master.m3u8',
    body: '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2800000\nhls/720p/index.m3u8\n',
    contentType: 'text/plain',
    cacheControl: 'max-age=60',
    metadata: { encoder: 'x264' },
  },
  { key: 'media/rendition_1080.mp4', body: ftyp(64 * 1024), contentType: 'video/mp4' },
  { key: 'media/sintel-trailer.mp4', body: ftyp(128 * 1024), contentType: 'video/mp4' },
  { key: 'media/poster.jpg', body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]), contentType: 'image/jpeg' },
  { key: 'media/hls/720p/index.m3u8', body: '#EXTM3U\n#EXTINF:4.000,\nsegment_0.ts\n#EXT-X-ENDLIST\n', contentType: 'application/vnd.apple.mpegurl' },
  { key: 'media/hls/720p/segment_0.ts', body: tsPacket(), contentType: 'video/mp2t' },
];

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Creates the bucket and its objects on the gateway, and the workspace the phase opens. */
export async function prepareStorageWorkspace(ceph: S3TestServer): Promise<StorageWorkspace> {
  const client = makeClient(ceph);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const segments: Seed[] = Array.from({ length: BIG_COUNT }, (_, i) => ({ key: segmentKey(i), body: tsPacket(), contentType: 'video/mp2t' }));
  await pool([...MEDIA, ...segments], PUT_CONCURRENCY, (s) =>
    client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: s.key,
        Body: s.body,
        ContentType: s.contentType,
        ...(s.cacheControl ? { CacheControl: s.cacheControl } : {}),
        ...(s.metadata ? { Metadata: s.metadata } : {}),
      }),
    ),
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-ui-storage-'));
  const folder = path.join(root, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  fs.rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
  return {
    folder,
    client,
    remove: async () => {
      client.destroy();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Thrown by a check that cannot run in this checkout; counted as pending, not as a failure. */
export class NotRunnable extends Error {}

function contributes(command: string): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes?: { commands?: { command: string }[] } };
  return manifest.contributes?.commands?.some((c) => c.command === command) ?? false;
}

async function keysUnder(client: S3Client, prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

async function rowPosition(page: Page, label: string): Promise<string> {
  const row = treeRow(page, label);
  return `${(await row.getAttribute('aria-posinset')) ?? '?'}/${(await row.getAttribute('aria-setsize')) ?? '?'}`;
}

/** Presses End in the focused tree until `label` is the row shown last (the rows arrive from the store). */
async function endOfTree(page: Page, label: string): Promise<void> {
  await until(
    async () => {
      await page.keyboard.press('End');
      return treeRow(page, label).isVisible();
    },
    (shown) => shown,
    `"${label}" at the end of the tree after pressing End`,
  );
}

/** The text of the editor group's visible lines (an output channel or a document). */
async function editorText(page: Page, where: '.part.editor' | '.part.panel'): Promise<string> {
  // The editor renders spaces as no-break spaces.
  return (await page.locator(`${where} .monaco-editor .view-lines`).allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
}

/**
 * The checks of the phase, in order; each builds on the last. `toasts` is false where the
 * workbench hides notification toasts (newer VS Code in smoke-test-driver mode), and then a
 * notification's text is not checked (the tree and the store still are).
 */
export function storageChecks(ceph: S3TestServer, ws: () => StorageWorkspace, toasts: boolean, snap: (page: Page, name: string) => Promise<void>): Check[] {
  const head = (key: string) => ws().client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  return [
    {
      title: 'Add Connection asks for the access key and secret, tests them, and ends on a connected node that lists its buckets',
      screenshot: 'wizard',
      run: async (page) => {
        await activityBarIcon(page).click();
        // The welcome view's button, as a first run shows it.
        const add = page.locator('.part.sidebar .welcome-view-content').getByRole('button', { name: 'Add Connection', exact: true });
        await visible(add, 'an Add Connection button in the welcome view', 60_000);
        await add.click();
        await choose(page, 'Which kind of S3 service?', 'S3-compatible');
        await answer(page, 'Name shown in the sidebar', CONNECTION);
        await answer(page, 'Identifier that inputs and outputs refer to', 'ceph-rgw');
        await answer(page, 'Endpoint: scheme://host[:port]', ceph.endpoint);
        await answer(page, 'Region (signing region)', ceph.region);
        await choose(page, 'How are buckets addressed?', 'Path-style');
        await choose(page, 'How does this connection sign its requests?', 'Access key ID and secret…');
        await answer(page, `Access key ID, used only for ${CONNECTION}`, ceph.accessKeyId);
        // A password box: what is typed is masked.
        await asked(page, 'Secret access key');
        const secretBox = page.locator('.quick-input-widget .quick-input-box input');
        if ((await secretBox.getAttribute('type')) !== 'password') throw new Error('the secret access key is asked in a box that does not mask it');
        await answer(page, 'Secret access key', ceph.secretAccessKey);
        await choose(page, 'Where to keep this connection?', 'User settings');
        if (toasts) await toast(page, new RegExp(`Connection "${CONNECTION}" added: connected; buckets: ${BUCKET}\\.`));
        await expand(page, CONNECTION, BUCKET);
        await expand(page, BUCKET, BIG_FOLDER);
        await visible(treeRow(page, 'media'), `the media folder beside ${BIG_FOLDER}`);
      },
    },
    {
      title: 'Rename on an object row renames it in the tree and in the store',
      screenshot: 'rename',
      run: async (page) => {
        await expand(page, 'media', 'rendition_1080.mp4');
        await contextMenu(page, 'rendition_1080.mp4', 'Rename…');
        // By its title, as every question of the tree's commands has one.
        await answer(page, `Rename s3://${BUCKET}/media/rendition_1080.mp4`, 'rendition-1080p.mp4');
        await visible(treeRow(page, 'rendition-1080p.mp4'), 'the renamed object in the tree');
        await gone(treeRow(page, 'rendition_1080.mp4'), 'the old name in the tree');
        if (toasts) await toast(page, exactText(`Renamed s3://${BUCKET}/media/rendition_1080.mp4 to rendition-1080p.mp4.`));
        const keys = await keysUnder(ws().client, 'media/rendition');
        if (keys.join(',') !== 'media/rendition-1080p.mp4') {
          throw new Error(`the store holds ${keys.join(', ') || 'nothing'} under media/rendition, expected only the new name`);
        }
        const renamed = await head('media/rendition-1080p.mp4');
        if (renamed.ContentLength !== 64 * 1024 || renamed.ContentType !== 'video/mp4') {
          throw new Error(`the renamed object is ${renamed.ContentLength ?? '?'} bytes of ${renamed.ContentType ?? '?'}, expected 65536 bytes of video/mp4`);
        }
      },
    },
    {
      title: 'Edit Metadata changes the Content-Type; HeadObject shows it with every other field kept, and Properties shows it',
      screenshot: 'metadata',
      run: async (page) => {
        await contextMenu(page, 'master.m3u8', 'Edit Metadata…');
        await choose(page, 'Which field? Everything you leave alone is kept as it is.', 'Content-Type');
        await choose(page, 'Content-Type (now text/plain)', 'application/vnd.apple.mpegurl');
        await choose(page, 'Change another field, or Save Changes (Content-Type)', 'Save Changes');
        if (toasts) await toast(page, exactText(`Saved the metadata of s3://${BUCKET}/media/master.m3u8: Content-Type: application/vnd.apple.mpegurl.`));
        const h = await until(
          () => head('media/master.m3u8'),
          (o) => o.ContentType === 'application/vnd.apple.mpegurl',
          'the new Content-Type in HeadObject',
        );
        const kept = JSON.stringify([h.CacheControl, h.Metadata, h.ContentLength]);
        const expected = JSON.stringify(['max-age=60', { encoder: 'x264' }, Buffer.byteLength(MEDIA[0]?.body ?? '')]);
        if (kept !== expected) throw new Error(`Cache-Control, metadata and size after the edit are ${kept}, expected ${expected}`);
        await contextMenu(page, 'master.m3u8', 'Properties');
        await until(
          () => editorText(page, '.part.editor'),
          (t) => /Content-Type:\s+application\/vnd\.apple\.mpegurl/.test(t) && /x-amz-meta-encoder:\s+x264/.test(t),
          'the new Content-Type and the kept metadata in the Properties document',
        );
      },
    },
    {
      title: `expanding the ${BIG_FOLDER} folder (${BIG_COUNT} objects) shows one page and Load more…, which lists the rest`,
      screenshot: 'load-more',
      run: async (page) => {
        // The tree is what this picture is about.
        await runCommand(page, 'View: Close All Editors');
        // Expanding clicks the row, so the tree has the keyboard focus for End below.
        await expand(page, BIG_FOLDER, 'seg-0000.ts', 60_000);
        await endOfTree(page, 'Load more…');
        await visible(treeRow(page, 'seg-0999.ts'), 'the 1,000th object just above Load more…');
        const firstPage = await rowPosition(page, 'Load more…');
        if (firstPage !== '1001/1001') {
          throw new Error(`Load more… is row ${firstPage} of the folder, expected 1001/1001 (a page of 1,000 objects, then Load more…)`);
        }
        await snap(page, 'load-more-first-page');
        await treeRow(page, 'Load more…').click();
        await endOfTree(page, 'seg-1499.ts');
        const last = await rowPosition(page, 'seg-1499.ts');
        if (last !== '1500/1500') throw new Error(`seg-1499.ts is row ${last} of the folder, expected 1500/1500 (every object, no Load more…)`);
        if (await treeRow(page, 'Load more…').isVisible()) throw new Error('Load more… is still shown after the last page');
      },
    },
    {
      title: `Delete on the ${BIG_FOLDER} folder asks with the count and size, then the store holds nothing under it`,
      screenshot: 'delete-prefix',
      run: async (page) => {
        // Left moves to the parent folder, Left again collapses it: the folder row is in view again.
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('ArrowLeft');
        await visible(treeRow(page, BIG_FOLDER), `the ${BIG_FOLDER} row after collapsing it`);
        await contextMenu(page, BIG_FOLDER, 'Delete…');
        const dialog = page.locator('.monaco-dialog-box');
        await visible(dialog, 'the delete confirmation', 60_000);
        const message = ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim();
        const expected = `Delete ${BIG_COUNT.toLocaleString('en-US')} objects (${formatBytes(BIG_COUNT * SEGMENT_BYTES)}) from s3://${BUCKET}/?`;
        if (message !== expected) throw new Error(`the confirmation reads "${message}", expected "${expected}"`);
        const detail = (await dialog.innerText()).replace(/\s+/g, ' ');
        if (!detail.includes(segmentKey(0))) throw new Error(`the confirmation does not name the first key ${segmentKey(0)}: "${detail.slice(0, 300)}"`);
        await snap(page, 'delete-confirm');
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await gone(treeRow(page, BIG_FOLDER), `the ${BIG_FOLDER} folder in the tree`, 60_000);
        if (toasts) {
          await toast(
            page,
            exactText(`Deleted ${BIG_COUNT.toLocaleString('en-US')} objects (${formatBytes(BIG_COUNT * SEGMENT_BYTES)}) from s3://${BUCKET}/.`),
          );
        }
        const left = await keysUnder(ws().client, `${BIG_FOLDER}/`);
        if (left.length > 0) throw new Error(`${left.length} objects are left under ${BIG_FOLDER}/ (first: ${left[0] ?? ''})`);
        const media = await keysUnder(ws().client, 'media/');
        if (media.length !== MEDIA.length) throw new Error(`the media/ folder beside it holds ${media.length} objects, expected ${MEDIA.length}`);
      },
    },
    {
      title: 'a bucket policy with a problem shows the diagnostic where it is, with its code in the hover',
      screenshot: 'policy',
      run: async (page) => {
        // The notifications of the operations above would cover the picture.
        await runCommand(page, 'Notifications: Clear All Notifications');
        await quickOpen(page, 'media-in.bucket-policy.json');
        const squiggles = page.locator('.part.editor .monaco-editor .squiggly-error');
        await until(
          () => squiggles.count(),
          (n) => n >= 2,
          'two error squiggles in the policy',
        );
        const arn = page.locator('.part.editor .monaco-editor .view-line span', { hasText: '"arn:aws:s3:::media-in"' }).last();
        await visible(arn, 'the bucket ARN in the policy');
        await arn.hover();
        const hover = page.locator('.monaco-hover', { hasText: 'object-action-on-bucket-arn' }).first();
        await visible(hover, 'a hover naming policy/object-action-on-bucket-arn');
        // The rule's quick fix is offered from the hover once the editor has asked for it.
        await visible(hover.getByText('Quick Fix', { exact: false }), 'a Quick Fix link in the hover');
      },
    },
    {
      title: 'Decode API Response on an S3 error shows the decoded error in the Media Storage output channel',
      screenshot: 'decoded-error',
      run: async (page) => {
        await page.mouse.move(0, 0);
        await quickOpen(page, 's3-signature.curl.txt');
        await runCommand(page, 'Media Storage: Decode API Response');
        await visible(page.locator('.part.panel .monaco-editor .view-lines'), 'the output channel');
        // Room for the whole block, as a reader would make it.
        await runCommand(page, 'View: Toggle Maximized Panel');
        await runCommand(page, 'Notifications: Clear All Notifications');
        await until(
          () => editorText(page, '.part.panel'),
          (t) => t.includes('Decoded from the document') && t.includes('SignatureDoesNotMatch'),
          'the decoded SignatureDoesNotMatch in the output channel',
        );
      },
    },
    {
      title: 'Go to S3 URI reveals and selects the object in the tree',
      screenshot: 'go-to-uri',
      run: async (page) => {
        // Back to the tree and an empty editor area, as the picture is about the tree.
        await runCommand(page, 'View: Toggle Maximized Panel');
        await runCommand(page, 'View: Close All Editors');
        const uri = `s3://${BUCKET}/media/hls/720p/index.m3u8`;
        await visible(treeRow(page, 'hls'), 'the collapsed hls folder');
        if (await treeRow(page, '720p').isVisible()) throw new Error('720p is shown before Go to S3 URI; the reveal would prove nothing');
        if (!contributes(GO_TO_URI_COMMAND)) throw new NotRunnable(`package.json contributes no ${GO_TO_URI_COMMAND} yet`);
        await runCommand(page, 'Media Storage: Go to S3 URI…');
        // No clipboard permission is granted to the page, as on a first visit: the command must ask
        // for the URI without one (a blocked clipboard read shows a notification and waits).
        try {
          await asked(page, /s3:\/\/|S3 URI|URL|ARN/i);
        } catch (err) {
          const shown = await toastsText(page);
          throw new Error(`${err instanceof Error ? err.message : String(err)}${shown ? `; notifications: ${shown}` : ''}`);
        }
        await answer(page, /s3:\/\/|S3 URI|URL|ARN/i, uri);
        const row = treeRow(page, 'index.m3u8');
        await visible(row, `the row of ${uri}`);
        await until(
          () => row.getAttribute('aria-selected'),
          (v) => v === 'true',
          `the row of ${uri} selected`,
        );
      },
    },
  ];
}

function exactText(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
