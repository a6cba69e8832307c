import * as vscode from 'vscode';
import {
  settingProblem,
  SETTINGS,
  SETTINGS_SECTION,
  type FlagSetting,
  type ScalarSetting,
  type Setting,
  type TextSetting,
  type WholeNumberSetting,
} from './core/settings';
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
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  // Until the migration below has run (or where it could not write), a value under the old key counts.
  const value =
    setting.renamedFrom !== undefined && !isSet(config, setting.key) && isSet(config, setting.renamedFrom)
      ? config.get<unknown>(setting.renamedFrom)
      : config.get<unknown>(setting.key, setting.default);
  const problem = settingProblem(setting, value);
  if (problem === undefined) return value as number | boolean | string;
  log.warn(`${SETTINGS_SECTION}.${setting.key} ${JSON.stringify(value)} ${problem}; using ${JSON.stringify(setting.default)}`);
  return setting.default;
}

function isSet(config: vscode.WorkspaceConfiguration, key: string): boolean {
  const i = config.inspect(key);
  return i !== undefined && (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined);
}

/**
 * Moves values set under a renamed setting's old key to its new key, at every level where the
 * new key is not set yet (user, workspace, each folder), and removes the old one there. A level
 * that cannot be written (a read-only settings file) keeps its value, which readSetting still reads.
 */
export async function migrateRenamedSettings(log: Logger): Promise<void> {
  const renamed = (Object.values(SETTINGS) as Setting[]).filter((s): s is Setting & { renamedFrom: string } => s.renamedFrom !== undefined);
  const scopes: {
    scope: vscode.ConfigurationScope | undefined;
    target: vscode.ConfigurationTarget;
    field: 'globalValue' | 'workspaceValue' | 'workspaceFolderValue';
  }[] = [
    { scope: undefined, target: vscode.ConfigurationTarget.Global, field: 'globalValue' },
    { scope: undefined, target: vscode.ConfigurationTarget.Workspace, field: 'workspaceValue' },
    ...(vscode.workspace.workspaceFolders ?? []).map((f) => ({
      scope: f.uri,
      target: vscode.ConfigurationTarget.WorkspaceFolder,
      field: 'workspaceFolderValue' as const,
    })),
  ];
  for (const s of renamed) {
    for (const { scope, target, field } of scopes) {
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
      const old = config.inspect(s.renamedFrom)?.[field];
      if (old === undefined || config.inspect(s.key)?.[field] !== undefined) continue;
      try {
        await config.update(s.key, old, target);
        await config.update(s.renamedFrom, undefined, target);
        log.info(`Moved the setting ${SETTINGS_SECTION}.${s.renamedFrom} (${JSON.stringify(old)}) to its new name ${SETTINGS_SECTION}.${s.key}`);
      } catch (err) {
        log.warn(
          `Could not move ${SETTINGS_SECTION}.${s.renamedFrom} to ${SETTINGS_SECTION}.${s.key}: ${err instanceof Error ? err.message : String(err)}; the old value is still used`,
        );
      }
    }
  }
}
