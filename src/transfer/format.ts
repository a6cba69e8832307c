/**
 * Text for transfer progress and summaries. No `vscode` import, so it is unit-tested in plain
 * Node like the core.
 */
import type { TransferProgress } from '../core/transfer/progress';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as storage consoles and network rates are quoted. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
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

/** Percentage of bytes, or of files when the batch has no bytes (empty files). */
export function progressPercent(p: TransferProgress): number {
  if (p.bytesTotal > 0) return Math.min(100, (100 * p.bytesDone) / p.bytesTotal);
  return p.filesTotal > 0 ? Math.min(100, (100 * p.filesDone) / p.filesTotal) : 100;
}

/** "a, b, c and 4 more" — keeps a notification readable for big batches. */
export function listSome(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
