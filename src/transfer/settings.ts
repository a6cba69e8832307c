import * as vscode from 'vscode';
import { SETTINGS } from '../core/settings';
import { parseExpiry } from '../core/transfer/expiry';
import type { Logger } from '../logger';
import { readSetting } from '../settings';
import { SETTINGS_SECTION, TransferSettingKeys as K } from '../settingKeys';

const MiB = 1024 * 1024;

export interface UploadSettings {
  partSizeBytes: number;
  queueSize: number;
  concurrency: number;
  multipartThresholdBytes: number;
  followSymlinks: boolean;
}

export function uploadSettings(log: Logger): UploadSettings {
  return {
    partSizeBytes: readSetting(log, SETTINGS.partSizeMiB) * MiB,
    queueSize: readSetting(log, SETTINGS.queueSize),
    concurrency: readSetting(log, SETTINGS.fileConcurrency),
    multipartThresholdBytes: readSetting(log, SETTINGS.multipartThresholdMiB) * MiB,
    followSymlinks: readSetting(log, SETTINGS.followSymlinks),
  };
}

export function openMaxSizeBytes(log: Logger): number {
  return readSetting(log, SETTINGS.openMaxSizeMiB) * MiB;
}

/** The default lifetime text, checked: an invalid setting must not become the suggested answer. */
export function defaultExpiryText(log: Logger): string {
  const fallback = SETTINGS.defaultExpiry.default;
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(K.defaultExpiry, fallback);
  if (typeof value === 'string' && parseExpiry(value).ok) return value;
  const why = typeof value === 'string' ? (parseExpiry(value) as { reason: string }).reason : 'it is not text';
  log.warn(`${SETTINGS_SECTION}.${K.defaultExpiry} ${JSON.stringify(value)} is not usable (${why}); using ${fallback}`);
  return fallback;
}
