/**
 * Local ETag computation, to check that what the store holds is what was read from disk.
 * Single-part ETags are the MD5 of the body; AWS-style multipart ETags are the MD5 of the
 * concatenated binary part MD5s followed by "-<part count>". Some stores (s3rver) give a
 * multipart object the whole-body MD5 instead; a multipart upload can leave that one out of the
 * upload pass (it costs a whole MD5 pass over every byte on the one JS thread) and compute it
 * with md5OfFile only when the store's ETag turns out to be a plain MD5.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';

export interface LocalDigests {
  /** Undefined when the hasher was told to leave the whole-body MD5 out. */
  md5Hex: string | undefined;
  multipartEtag: string | undefined;
}

export class EtagHasher {
  private readonly whole: Hash | undefined;
  private readonly partDigests: Buffer[] = [];
  private part: Hash = createHash('md5');
  private partFill = 0;

  /** partSize must be the one the multipart upload uses, or the part boundaries won't line up. */
  constructor(
    private readonly partSize?: number,
    opts: { wholeBody?: boolean } = {},
  ) {
    this.whole = opts.wholeBody === false ? undefined : createHash('md5');
  }

  update(chunk: Buffer): void {
    this.whole?.update(chunk);
    if (!this.partSize) {
      return;
    }
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.partSize - this.partFill, chunk.length - offset);
      this.part.update(chunk.subarray(offset, offset + take));
      this.partFill += take;
      offset += take;
      if (this.partFill === this.partSize) {
        this.partDigests.push(this.part.digest());
        this.part = createHash('md5');
        this.partFill = 0;
      }
    }
  }

  digest(): LocalDigests {
    if (this.partFill > 0) {
      this.partDigests.push(this.part.digest());
      this.partFill = 0;
    }
    const md5Hex = this.whole?.digest('hex');
    if (!this.partSize || this.partDigests.length < 2) {
      // One part is uploaded by lib-storage as a plain PUT, whose ETag is the plain MD5.
      return { md5Hex, multipartEtag: undefined };
    }
    const combined = createHash('md5').update(Buffer.concat(this.partDigests)).digest('hex');
    return { md5Hex, multipartEtag: `${combined}-${this.partDigests.length}` };
  }
}

/** The MD5 of a file as it is on disk now, for a store whose multipart ETag is the plain MD5. */
export async function md5OfFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** A pass-through stream that feeds everything it sees to the hasher. */
export function hashingTap(hasher: EtagHasher): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hasher.update(chunk);
      callback(null, chunk);
    },
  });
}

/** Whether compareEtag needs the whole-body MD5 that these digests left out. */
export function needsWholeMd5(remote: string | undefined, local: LocalDigests): boolean {
  return local.md5Hex === undefined && /^[0-9a-f]{32}$/.test(normalize(remote));
}

function normalize(remote: string | undefined): string {
  return (remote ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

export type EtagCheck = 'match' | 'mismatch' | 'not-comparable';

/**
 * Compares a store's ETag with local digests. ETags that are neither a hex MD5 nor "hex-N"
 * (SSE-KMS, SSE-C, some gateways) say nothing about the content and are not compared.
 */
export function compareEtag(remote: string | undefined, local: LocalDigests): EtagCheck {
  const etag = normalize(remote);
  if (/^[0-9a-f]{32}$/.test(etag)) {
    return local.md5Hex === undefined ? 'not-comparable' : etag === local.md5Hex ? 'match' : 'mismatch';
  }
  if (/^[0-9a-f]{32}-\d+$/.test(etag)) {
    return local.multipartEtag === undefined ? 'not-comparable' : etag === local.multipartEtag ? 'match' : 'mismatch';
  }
  return 'not-comparable';
}
