import * as vscode from 'vscode';
import { settingProblem, SETTINGS_SECTION, type FlagSetting, type ScalarSetting, type TextSetting, type WholeNumberSetting } from './core/settings';
import type { Logger } from './logger';

/**
 * A setting's value, or its default with a warning in the log when the value cannot be used:
 * the manifest's bounds only guide the Settings editor, settings.json can hold anything, and a
 * bad value should not fail the operation that reads it.
 */
export function readSetting(log: Logger, setting: WholeNumberSetting): number;
export function readSetting(log: Logger, setting: FlagSetting): boolean;
export function readSetting(log: Logger, setting: TextSetting): string;
export function readSetting(log: Logger, setting: ScalarSetting): number | boolean | string {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(setting.key, setting.default);
  const problem = settingProblem(setting, value);
  if (problem === undefined) return value as number | boolean | string;
  log.warn(`${SETTINGS_SECTION}.${setting.key} ${JSON.stringify(value)} ${problem}; using ${JSON.stringify(setting.default)}`);
  return setting.default;
}
