// Reads Bitmovin's own page (a verbatim copy kept as a fixture) so the tests compare the catalog
// with the source rather than with a second hand-typed list.
import * as fs from 'fs';
import * as path from 'path';

// out/test/unit/errors → repository root
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const SEED_PATH = path.join(ROOT, 'test', 'fixtures', 'errors', 'bitmovin-api-response-format.txt');

export interface SeedCode {
  code: number;
  title: string;
  meaning: string;
  range: string;
  heading: string;
}

export interface SeedStatus {
  status: number;
  reason: string;
  meaning: string;
}

export function seedText(): string {
  return fs.readFileSync(SEED_PATH, 'utf8');
}

export function seedCodes(): SeedCode[] {
  const out: SeedCode[] = [];
  let range = '';
  let heading = '';
  for (const line of seedText().split(/\r?\n/)) {
    const h = /^(\d{1,2}X{2,3}) (.+)$/.exec(line.trim());
    if (h) {
      range = h[1];
      heading = h[2];
      continue;
    }
    const m = /^\s*•\s+(\d{4}) (.+?) - (.*)$/.exec(line);
    if (m) out.push({ code: Number(m[1]), title: m[2], meaning: m[3].trim(), range, heading });
  }
  return out;
}

export function seedStatuses(): SeedStatus[] {
  const out: SeedStatus[] = [];
  for (const line of seedText().split(/\r?\n/)) {
    const m = /^\s*•\s+(\d{3}) ([A-Za-z ]+?) - (.*)$/.exec(line);
    if (m) out.push({ status: Number(m[1]), reason: m[2], meaning: m[3].trim() });
  }
  return out;
}

export const S3_CODES_PATH = path.join(ROOT, 'test', 'fixtures', 'errors', 's3-error-codes.json');

export type S3ListName = 'S3' | 'Replication' | 'Tagging' | 'SelectObjectContent';

export interface S3ListedCode {
  code: string;
  /** null where AWS's list says N/A */
  status: number | null;
  list: S3ListName;
  description: string;
}

export interface S3CodeListFile {
  source: string;
  retrieved: string;
  codes: S3ListedCode[];
}

/** AWS's error-code lists, as checked in (see the file's `via` and `edits`). */
export function s3CodeList(): S3CodeListFile {
  return JSON.parse(fs.readFileSync(S3_CODES_PATH, 'utf8')) as S3CodeListFile;
}
