/**
 * Local ETag computation, to check that what the store holds is what was read from disk.
 * Single-part ETags are the MD5 of the body; AWS-style multipart ETags are the MD5 of the
 * concatenated binary part MD5s followed by "-<part count>". Some stores (s3rver) give a
 * multipart object the whole-body MD5 instead, so both are computed in one pass.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface LocalDigests {
  md5Hex: string;
  multipartEtag: string | undefined;
}

export class EtagHasher {
  private readonly whole = createHash('md5');
  private readonly partDigests: Buffer[] = [];
  private part: Hash = createHash('md5');
  private partFill = 0;

  /** partSize must be the one the multipart upload uses, or the part boundaries won't line up. */
  constructor(private readonly partSize?: number) {}

  update(chunk: Buffer): void {
    this.whole.update(chunk);
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
    const md5Hex = this.whole.digest('hex');
    if (!this.partSize || this.partDigests.length < 2) {
      // One part is uploaded by lib-storage as a plain PUT, whose ETag is the plain MD5.
      return { md5Hex, multipartEtag: undefined };
    }
    const combined = createHash('md5').update(Buffer.concat(this.partDigests)).digest('hex');
    return { md5Hex, multipartEtag: `${combined}-${this.partDigests.length}` };
  }
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

export type EtagCheck = 'match' | 'mismatch' | 'not-comparable';

/**
 * Compares a store's ETag with local digests. ETags that are neither a hex MD5 nor "hex-N"
 * (SSE-KMS, SSE-C, some gateways) say nothing about the content and are not compared.
 */
export function compareEtag(remote: string | undefined, local: LocalDigests): EtagCheck {
  const etag = (remote ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(etag)) {
    return etag === local.md5Hex ? 'match' : 'mismatch';
  }
  if (/^[0-9a-f]{32}-\d+$/.test(etag)) {
    return local.multipartEtag === undefined ? 'not-comparable' : etag === local.multipartEtag ? 'match' : 'mismatch';
  }
  return 'not-comparable';
}
