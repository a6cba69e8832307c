/**
 * The state of multipart uploads in progress, kept on disk so that an upload interrupted by a
 * crash, a VS Code restart, an outage or a "Keep for Resume" cancel can send only its missing
 * parts later. One small JSON file per upload, written whole to a temporary name and renamed,
 * so a crash mid-write leaves the previous state, never a torn one.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface ResumePart {
  partNumber: number;
  etag: string;
  /** Hex MD5 of the part as read from disk; with the part ETags it makes the multipart ETag. */
  md5: string;
  size: number;
}

/** Object headers of the upload, replayed by nothing (the upload id carries them) but shown to the user. */
export interface ResumeRecord {
  version: 1;
  /** Names the record's file; derived from bucket, key and upload id. */
  id: string;
  /** Which connection the upload belongs to (the glue's connection key); a resume uses only that one. */
  connectionKey: string;
  /** The endpoint when the upload began: a resume never sends the file's bytes anywhere else. */
  endpoint: string;
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number;
  /** The local file's identity at the start: a resume completes only if it is unchanged. */
  localPath: string;
  size: number;
  mtimeMs: number;
  contentType: string;
  startedAt: string;
  parts: ResumePart[];
}

export interface ResumeStore {
  save(record: ResumeRecord): Promise<void>;
  remove(id: string): Promise<void>;
  load(id: string): Promise<ResumeRecord | undefined>;
  list(): Promise<ResumeRecord[]>;
}

export function resumeId(bucket: string, key: string, uploadId: string): string {
  return createHash('sha256').update(`${bucket}\n${key}\n${uploadId}`).digest('hex').slice(0, 32);
}

function isResumeRecord(value: unknown): value is ResumeRecord {
  const r = value as Partial<ResumeRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.version === 1 &&
    typeof r.id === 'string' &&
    typeof r.uploadId === 'string' &&
    typeof r.bucket === 'string' &&
    typeof r.key === 'string' &&
    typeof r.localPath === 'string' &&
    typeof r.size === 'number' &&
    typeof r.partSize === 'number' &&
    Array.isArray(r.parts)
  );
}

/** A folder of `<id>.json` files (the extension's global storage in the editor). */
export class FileResumeStore implements ResumeStore {
  /** Saves of one record are chained so an older state never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  private file(id: string): string {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new Error(`Not a resume record id: ${id}`);
    return path.join(this.dir, `${id}.json`);
  }

  save(record: ResumeRecord): Promise<void> {
    const text = JSON.stringify(record);
    const previous = this.writes.get(record.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      await fs.mkdir(this.dir, { recursive: true });
      const tmp = `${this.file(record.id)}.${process.pid}.tmp`;
      await fs.writeFile(tmp, text);
      await fs.rename(tmp, this.file(record.id));
    });
    const settled = next.catch(() => undefined);
    this.writes.set(record.id, settled);
    void settled.then(() => {
      if (this.writes.get(record.id) === settled) this.writes.delete(record.id);
    });
    return next;
  }

  async remove(id: string): Promise<void> {
    await (this.writes.get(id) ?? Promise.resolve());
    await fs.rm(this.file(id), { force: true });
  }

  async load(id: string): Promise<ResumeRecord | undefined> {
    try {
      const value: unknown = JSON.parse(await fs.readFile(this.file(id), 'utf8'));
      return isResumeRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async list(): Promise<ResumeRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const records = await Promise.all(names.filter((n) => /^[0-9a-f]{32}\.json$/.test(n)).map((n) => this.load(n.slice(0, -'.json'.length))));
    return records.filter((r): r is ResumeRecord => r !== undefined);
  }
}
