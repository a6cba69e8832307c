// A local s3rver with an input, an output and a bucket for paging, registered in the fixture
// workspace's .vscode/media-storage.json for the duration of a describe block.
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { api, type TestApi } from './api';
import { removeRegistry, writeRegistry } from './storage';

export interface LocalStorage {
  a: TestApi;
  server: S3TestServer;
  /** a server that was started and stopped again: its endpoint refuses connections */
  stopped: S3TestServer;
  client: S3Client;
  inBucket: string;
  outBucket: string;
  pagingBucket: string;
  missingBucket: string;
  registry: Record<string, unknown>;
}

export const CONNECTION_LABEL = 'Local s3rver';

export async function startLocalStorage(): Promise<LocalStorage> {
  const a = await api();
  const server = await startS3rver();
  const stopped = await startS3rver();
  await stopped.stop();
  const client = makeClient(server);
  const inBucket = uniqueBucket('in');
  const outBucket = uniqueBucket('out');
  const pagingBucket = uniqueBucket('paging');
  const missingBucket = uniqueBucket('missing');
  for (const b of [inBucket, outBucket, pagingBucket]) await client.send(new CreateBucketCommand({ Bucket: b }));
  const put = (Bucket: string, Key: string, size = 16): Promise<unknown> => client.send(new PutObjectCommand({ Bucket, Key, Body: Buffer.alloc(size, 7) }));
  await put(inBucket, 'sources/clip.mp4', 2048);
  await put(inBucket, 'sources/master.m3u8', 300);
  await put(inBucket, 'sources/poster.jpg', 5000);
  await put(inBucket, 'sources/audio/track.aac');
  await put(inBucket, 'sources/subs/en.vtt');
  await put(inBucket, 'elsewhere.txt');
  await put(outBucket, 'hls/index.m3u8');
  await put(outBucket, 'hls/seg0.ts');
  await put(outBucket, 'manifest.mpd');
  await put(pagingBucket, 'f1/x.txt');
  for (const n of [1, 2, 3, 4, 5]) await put(pagingBucket, `p${n}.txt`);

  const registry = {
    $schema: '../../../../schemas/media-storage-registry.schema.json',
    connections: [
      { id: 'local', label: CONNECTION_LABEL, kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true },
      { id: 'gone', label: 'Stopped server', kind: 's3-compatible', region: server.region, endpoint: stopped.endpoint, forcePathStyle: true },
    ],
    inputs: [
      { name: 'mezzanine', connection: 'local', bucket: inBucket, prefix: 'sources/' },
      { name: 'ghost', connection: 'local', bucket: missingBucket },
      { name: 'offline', connection: 'gone', bucket: inBucket },
    ],
    outputs: [
      { name: 'renditions', connection: 'local', bucket: outBucket },
      { name: 'ghost-out', connection: 'local', bucket: missingBucket },
    ],
  };
  await writeRegistry(a, registry);
  // After registering: keys belong to the workspace connections as registered (an id alone
  // names only the legacy slot, which a workspace connection never uses).
  const keys = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  await a.credentials.set('local', keys);
  await a.credentials.set('gone', keys);
  return { a, server, stopped, client, inBucket, outBucket, pagingBucket, missingBucket, registry };
}

export async function stopLocalStorage(s: LocalStorage | undefined): Promise<void> {
  if (!s) return;
  s.a.setPrompter(undefined);
  await s.a.credentials.clear('local');
  await s.a.credentials.clear('gone');
  await removeRegistry(s.a);
  s.client.destroy();
  await s.server.stop();
}
