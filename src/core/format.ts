/**
 * The one way sizes, rates, durations and dates are written for the user: the tree, progress,
 * notifications and the log all say the same thing about the same object.
 */
import type { TransferProgress } from './transfer/progress';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * Binary units with their IEC names: the part-size and size-limit settings are in MiB, S3's
 * limits are powers of two (5 GiB parts, 5 TiB objects), and `aws s3 ls --human-readable`
 * counts the same way, so a size here can be compared with any of them without converting.
 */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/**
 * Bitrates in decimal bits per second, as manifests (BANDWIDTH, @bandwidth) and encoders' ladders
 * state them: "2.5 Mbit/s" is the 2500000 an encoding profile was given.
 */
export function formatBitrate(bitsPerSecond: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let value = Math.max(0, bitsPerSecond);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${units[unit]}`;
}

/** UTC and minute precision: S3 reports UTC, and a stable text is easier to compare in a list. */
export function formatDate(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "3/10 files · 12.0 MB of 40.0 MB · 5.1 MB/s · 6s left" */
export function progressMessage(p: TransferProgress): string {
  const parts = [`${p.filesDone}/${p.filesTotal} files`, `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`];
  if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  // An unknown ETA (stalled or not yet measured) is left out rather than shown as infinite.
  if (p.etaSeconds !== undefined && p.bytesDone < p.bytesTotal) parts.push(`${formatDuration(p.etaSeconds)} left`);
  return parts.join(' · ');
}

/**
 * How long bytes must have been flowing before a rate and an ETA are shown. The first chunks of a
 * transfer arrive after the connection and the key checks, and a rate taken over that first
 * moment is off by orders of magnitude (a 431 KiB upload once read "1h 17m left").
 */
export const ESTIMATE_SETTLE_MS = 2_000;

/**
 * The progress as it may be shown: without rate and ETA until bytes have flowed for
 * ESTIMATE_SETTLE_MS (`msSinceFirstByte` undefined means none has yet), so a transfer that ends
 * sooner never shows an estimate at all.
 */
export function settledProgress(p: TransferProgress, msSinceFirstByte: number | undefined): TransferProgress {
  if (msSinceFirstByte !== undefined && msSinceFirstByte >= ESTIMATE_SETTLE_MS) return p;
  return { ...p, bytesPerSecond: 0, etaSeconds: undefined };
}

/** Percentage of bytes, or of files when the batch has no bytes (empty files). */
export function progressPercent(p: TransferProgress): number {
  if (p.bytesTotal > 0) return Math.min(100, (100 * p.bytesDone) / p.bytesTotal);
  return p.filesTotal > 0 ? Math.min(100, (100 * p.filesDone) / p.filesTotal) : 100;
}

/**
 * "a, b, c and 4 more" — keeps a notification readable for big batches. `more` words the rest;
 * the glue passes a localized one (core text is English).
 */
export function listSome(items: readonly string[], max = 3, more: (n: number) => string = (n) => `and ${n} more`): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} ${more(items.length - max)}`;
}

/**
 * "1 part", "3 parts". For the log's English; user-facing counts are localized whole phrases in
 * the glue (`vscode.l10n.t`), since word order and plural rules differ between languages.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
