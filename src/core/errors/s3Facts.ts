/**
 * What the numbers in an S3 error body mean, in plain words: how far the signing clock was off,
 * how long before the request a presigned URL had expired, how big an upload was against the
 * limit. S3 gives them as raw timestamps and byte counts in three different date formats.
 */
import { formatBytes, formatDate, formatDuration } from '../format';
import { parseAmzDate } from '../validation/rules/presigned';
import type { DecodedFact } from './types';

// Offsets are required: a time without one would be read in this computer's zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const RFC_1123 = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC|[+-]\d{4})$/;

/**
 * Reads the times S3 writes in error bodies: ISO 8601 (ServerTime, Expires), the compact
 * X-Amz-Date form (RequestTime of SigV4), the HTTP date (RequestTime of SigV2) and epoch
 * seconds (Expires of a SigV2 presigned URL).
 */
export function parseS3Time(text: string | undefined): Date | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  if (/^\d{9,11}$/.test(t)) return new Date(Number(t) * 1000);
  const amz = parseAmzDate(t);
  if (amz) return amz;
  if (!ISO_8601.test(t) && !RFC_1123.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** The measurements the remedies speak about, in seconds. */
export interface S3Measures {
  /** Request time minus server time: positive when the clock that signed the request is ahead. */
  skewSeconds?: number;
  /** The skew S3 accepts (MaxAllowedSkewMilliseconds). */
  maxSkewSeconds?: number;
  /** How long before the server received the request the presigned URL had expired. */
  expiredAgoSeconds?: number;
}

function byteCount(value: string | undefined): number | undefined {
  const t = value?.trim();
  return t && /^\d{1,16}$/.test(t) ? Number(t) : undefined;
}

// Both forms: the rounded one to read, the exact one because 5.0 MiB can be a byte short of 5 MiB.
function size(bytes: number): string {
  return `${formatBytes(bytes)} (${bytes} bytes)`;
}

/**
 * Facts for the rendered block and measures for the remedies, from the body's elements.
 * `expired` says the error is an expired presigned URL (S3 reports that as AccessDenied).
 */
export function readS3Facts(fields: ReadonlyMap<string, string>, expired: boolean): { measures: S3Measures; facts: DecodedFact[] } {
  const measures: S3Measures = {};
  const facts: DecodedFact[] = [];
  const serverTime = parseS3Time(fields.get('ServerTime'));

  const requestTime = parseS3Time(fields.get('RequestTime'));
  const maxSkewMs = byteCount(fields.get('MaxAllowedSkewMilliseconds'));
  if (maxSkewMs !== undefined) measures.maxSkewSeconds = maxSkewMs / 1000;
  if (requestTime && serverTime) {
    const skew = Math.round((requestTime.getTime() - serverTime.getTime()) / 1000);
    measures.skewSeconds = skew;
    const allowed = measures.maxSkewSeconds !== undefined ? `; S3 accepts at most ${formatDuration(measures.maxSkewSeconds)} either way` : '';
    facts.push({
      label: 'Clock',
      text:
        Math.abs(skew) < 1
          ? `your clock and the server's agreed within a second when the request was signed${allowed}`
          : `your clock (the one that signed the request) is ${formatDuration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the server's${allowed}`,
    });
  }

  const expires = parseS3Time(fields.get('Expires'));
  if (expires && serverTime && (expired || expires.getTime() <= serverTime.getTime())) {
    const ago = Math.round((serverTime.getTime() - expires.getTime()) / 1000);
    const when = `expiry ${formatDate(expires)}, server time ${formatDate(serverTime)}`;
    if (ago >= 0) {
      measures.expiredAgoSeconds = ago;
      facts.push({ label: 'Expiry', text: `the URL had expired ${formatDuration(ago)} before the request reached the server (${when})` });
    } else {
      facts.push({ label: 'Expiry', text: `the URL's own expiry was still ${formatDuration(-ago)} away when the request reached the server (${when})` });
    }
  }

  const proposed = byteCount(fields.get('ProposedSize'));
  const min = byteCount(fields.get('MinSizeAllowed'));
  const max = byteCount(fields.get('MaxSizeAllowed'));
  if (proposed !== undefined && min !== undefined && proposed < min) {
    facts.push({ label: 'Size', text: `the upload is ${size(proposed)}, below the smallest size allowed here, ${size(min)}` });
  } else if (proposed !== undefined && max !== undefined && proposed > max) {
    facts.push({ label: 'Size', text: `the upload is ${size(proposed)}, above the largest size allowed here, ${size(max)}` });
  }

  const actual = byteCount(fields.get('ActualObjectSize'));
  if (actual !== undefined) {
    const range = fields.get('RangeRequested');
    facts.push({ label: 'Range', text: `the object has ${size(actual)}${range ? `; the request asked for ${range}` : ''}` });
  }
  return { measures, facts };
}
