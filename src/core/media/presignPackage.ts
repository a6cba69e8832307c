// "Presign Package for Playback": copies of an HLS package's playlists whose every URI is a
// presigned URL of one expiry, so QA can play a private ladder in any player without making the
// bucket public. The media playlists are rewritten to point at presigned segments and init
// segments; the master is rewritten to point at the presigned URLs of those rewritten copies,
// which is why the copies go under a prefix of their own (or a local folder) and never over the
// originals. The segments themselves are not copied.
import type { S3Client } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import { listObjectsUnder } from '../storage/listing';
import { resolveUri, type ResolveOptions } from './manifest';

export interface PlaylistFile {
  /** where the copy goes, relative to the destination (a prefix or a local folder) */
  name: string;
  text: string;
}

export interface PlayableCopy {
  /** the copies to write; the first is the master (or the lone media playlist) */
  files: PlaylistFile[];
  /** URIs that name no object of the bucket (kept as they are, e.g. a key server) */
  external: string[];
  /** playlists the master names that could not be read */
  missing: string[];
}

export interface PlayableCopyInput extends ResolveOptions {
  /** the master playlist, or a single media playlist */
  playlistKey: string;
  readText(key: string): Promise<string | undefined>;
  /** a presigned GET URL of a key of the bucket */
  presign(key: string): Promise<string>;
  /**
   * The URL the rewritten copy named `name` will be read from: a presigned URL of the uploaded
   * copy, or its name alone for a local folder (players resolve it next to the master).
   */
  copyUrl(name: string): Promise<string>;
}

const URI_ATTRIBUTE = /URI="([^"]*)"/;
// Tags whose URI is fetched by a player from the package; EXT-X-KEY points to a key server
// (often not in the bucket) and EXT-X-SESSION-KEY likewise, so they are left alone.
const URI_TAGS = /^#EXT-X-(MAP|MEDIA|I-FRAME-STREAM-INF|SESSION-DATA|PART|PRELOAD-HINT|RENDITION-REPORT):/;

async function rewrite(
  text: string,
  playlistKey: string,
  urlFor: (uri: string, key: string) => Promise<string>,
  o: ResolveOptions,
  external: string[],
): Promise<string> {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    const target = trimmed.startsWith('#') ? (URI_TAGS.test(trimmed) ? URI_ATTRIBUTE.exec(trimmed)?.[1] : undefined) : trimmed || undefined;
    if (target === undefined) {
      out.push(line);
      continue;
    }
    const r = resolveUri(target, playlistKey, o);
    if ('external' in r) {
      external.push(r.external);
      out.push(line);
      continue;
    }
    const url = await urlFor(target, r.key);
    out.push(trimmed.startsWith('#') ? line.replace(`URI="${target}"`, `URI="${url}"`) : url);
  }
  return out.join('\n');
}

const isPlaylist = (key: string): boolean => /\.m3u8$/i.test(key);

/** The playable copy of the package whose playlist is `playlistKey`. */
export async function playableCopy(input: PlayableCopyInput): Promise<PlayableCopy> {
  const master = await input.readText(input.playlistKey);
  if (master === undefined) throw new Error(`${input.playlistKey} is not there.`);
  if (!master.trimStart().startsWith('#EXTM3U')) {
    throw new Error(`${input.playlistKey} is not an HLS playlist (no #EXTM3U); only HLS packages can be presigned for playback.`);
  }
  const folder = input.playlistKey.slice(0, input.playlistKey.lastIndexOf('/') + 1);
  const external: string[] = [];
  const missing: string[] = [];
  const copies: PlaylistFile[] = [];
  const names = new Map<string, string>();
  // A media playlist's copy keeps its path under the master's folder, so names stay readable
  // and distinct; one outside it (../) is flattened.
  const nameOf = (key: string): string => (key.startsWith(folder) ? key.slice(folder.length) : key.replace(/\//g, '_'));

  const masterName = nameOf(input.playlistKey);
  const text = await rewrite(
    master,
    input.playlistKey,
    async (_uri, key) => {
      if (!isPlaylist(key)) return input.presign(key);
      let name = names.get(key);
      if (name === undefined) {
        name = nameOf(key);
        names.set(key, name);
        const media = await input.readText(key);
        if (media === undefined) missing.push(key);
        else copies.push({ name, text: await rewrite(media, key, (_u, k) => input.presign(k), input, external) });
      }
      return input.copyUrl(name);
    },
    input,
    external,
  );
  return { files: [{ name: masterName, text }, ...copies], external, missing };
}

/** Whether anything is stored under `prefix` (the copies never go over existing objects). */
export async function prefixHoldsObjects(client: S3Client, bucket: string, prefix: string, signal?: AbortSignal): Promise<boolean> {
  for await (const page of listObjectsUnder(client, { bucket, prefix, signal, pageSize: 1 })) return page.length > 0;
  return false;
}

/** Uploads the copies under `prefix`, each only where no object is (If-None-Match where the store honours it). */
export async function uploadCopies(client: S3Client, bucket: string, prefix: string, files: readonly PlaylistFile[], signal?: AbortSignal): Promise<string[]> {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const keys: string[] = [];
  for (const f of files) {
    const key = prefix + f.name;
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: Buffer.from(f.text, 'utf8'),
        ContentType: 'application/vnd.apple.mpegurl',
        IfNoneMatch: '*',
        CacheControl: 'no-store',
      }),
      sendOptions({ abortSignal: signal }),
    );
    keys.push(key);
  }
  return keys;
}
