// Four settings lost their "MiB" suffix (the Settings editor titled them "Max Size Mi B"); values
// users set under the old keys move to the new ones, and nothing else changes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { migrateRenamedSettings } from '../../src/settings';
import type { Logger } from '../../src/logger';
import { api, type TestApi } from './support/api';

describe('Renamed settings', function () {
  let a: TestApi;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
  const keys = ['upload.partSize', 'upload.partSizeMiB', 'open.maxSize', 'open.maxSizeMiB', 'copy.multipartThreshold', 'copy.multipartThresholdMiB'];

  before(async () => {
    a = await api();
  });

  afterEach(async () => {
    for (const k of keys) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
  });

  it('moves a value set under an old key to the new key and removes the old one; a value already under the new key wins', async () => {
    await config().update('upload.partSizeMiB', 32, vscode.ConfigurationTarget.Global);
    await config().update('open.maxSizeMiB', 3, vscode.ConfigurationTarget.Global);
    await config().update('open.maxSize', 7, vscode.ConfigurationTarget.Global);
    const mark = a.logger.written;
    await migrateRenamedSettings(a.logger as unknown as Logger);
    assert.strictEqual(config().inspect('upload.partSize')?.globalValue, 32);
    assert.strictEqual(config().inspect('upload.partSizeMiB')?.globalValue, undefined);
    // Both set: the new one is the user's later choice, and the old one is left for them to see.
    assert.strictEqual(config().inspect('open.maxSize')?.globalValue, 7);
    assert.strictEqual(config().inspect('open.maxSizeMiB')?.globalValue, 3);
    assert.strictEqual(config().inspect('copy.multipartThreshold')?.globalValue, undefined, 'an unset setting stays unset');
    assert.deepStrictEqual(
      a.logger
        .since(mark)
        .filter((l) => l.includes('Moved the setting'))
        .map((l) => l.replace(/^.*?Moved/, 'Moved')),
      ['Moved the setting mediaStorage.upload.partSizeMiB (32) to its new name mediaStorage.upload.partSize'],
    );
  });
});
