import * as vscode from 'vscode';
import { parseExpiry } from '../core/transfer/expiry';
import type { Logger } from '../logger';
import { SETTINGS_SECTION, TransferSettingKeys as K } from '../settingKeys';

const MiB = 1024 * 1024;

export const TRANSFER_DEFAULTS = {
  defaultExpiry: '2h',
  // Measured (bench/README-section.md); package.json's setting defaults are the same.
  partSizeMiB: 16,
  queueSize: 8,
  fileConcurrency: 16,
  multipartThresholdMiB: 256,
  openMaxSizeMiB: 10,
  followSymlinks: false,
} as const;

export interface UploadSettings {
  partSizeBytes: number;
  queueSize: number;
  concurrency: number;
  multipartThresholdBytes: number;
  followSymlinks: boolean;
}

/**
 * A bad value falls back to the default with a warning in the log, rather than failing the
 * transfer: the manifest's minimum/maximum only guide the Settings editor, settings.json can
 * hold anything.
 */
function wholeNumber(log: Logger, key: string, fallback: number, min: number, max: number): number {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(key, fallback);
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  log.warn(`${SETTINGS_SECTION}.${key} ${JSON.stringify(value)} is not a whole number from ${min} to ${max}; using ${fallback}`);
  return fallback;
}

/** Anything but a real boolean is the default: a mistyped "true" must not turn a safety off. */
function flag(log: Logger, key: string, fallback: boolean): boolean {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(key, fallback);
  if (typeof value === 'boolean') return value;
  log.warn(`${SETTINGS_SECTION}.${key} ${JSON.stringify(value)} is not true or false; using ${fallback}`);
  return fallback;
}

export function uploadSettings(log: Logger): UploadSettings {
  return {
    // S3 refuses parts under 5 MiB (except the last) and more than 10,000 parts.
    partSizeBytes: wholeNumber(log, K.partSizeMiB, TRANSFER_DEFAULTS.partSizeMiB, 5, 5120) * MiB,
    queueSize: wholeNumber(log, K.queueSize, TRANSFER_DEFAULTS.queueSize, 1, 64),
    concurrency: wholeNumber(log, K.fileConcurrency, TRANSFER_DEFAULTS.fileConcurrency, 1, 32),
    multipartThresholdBytes: wholeNumber(log, K.multipartThresholdMiB, TRANSFER_DEFAULTS.multipartThresholdMiB, 5, 5120) * MiB,
    followSymlinks: flag(log, K.followSymlinks, TRANSFER_DEFAULTS.followSymlinks),
  };
}

export function openMaxSizeBytes(log: Logger): number {
  return wholeNumber(log, K.openMaxSizeMiB, TRANSFER_DEFAULTS.openMaxSizeMiB, 1, 1024) * MiB;
}

/** The default lifetime text, checked: an invalid setting must not become the suggested answer. */
export function defaultExpiryText(log: Logger): string {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(K.defaultExpiry, TRANSFER_DEFAULTS.defaultExpiry);
  if (typeof value === 'string' && parseExpiry(value).ok) return value;
  const why = typeof value === 'string' ? (parseExpiry(value) as { reason: string }).reason : 'it is not text';
  log.warn(`${SETTINGS_SECTION}.${K.defaultExpiry} ${JSON.stringify(value)} is not usable (${why}); using ${TRANSFER_DEFAULTS.defaultExpiry}`);
  return TRANSFER_DEFAULTS.defaultExpiry;
}
