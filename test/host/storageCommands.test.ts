// Storage commands in the real extension host against a local s3rver: the access check, the
// add-input wizard (Back, bucket-name validation), remove with confirmation, and the copy
// commands. QuickInputs are answered by a scripted prompter installed through the API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AccessCheckResult } from '../../src/core/storage/accessCheck';
import { logSince } from './support/api';
import type { Notified } from './support/notifications';
import { BACK, ScriptedPrompter } from './support/scriptedPrompter';
import { labels, path, readRegistryText } from './support/storage';
import { CONNECTION_LABEL, startLocalStorage, stopLocalStorage, type LocalStorage } from './support/storageFixture';

describe('Media Storage commands [s3rver]', function () {
  let s: LocalStorage | undefined;
  const fx = (): LocalStorage => {
    assert.ok(s, 'fixture not started');
    return s;
  };
  before(async function () {
    this.timeout(120_000);
    s = await startLocalStorage();
  });
  after(async () => {
    await stopLocalStorage(s);
  });
  afterEach(() => fx().a.setPrompter(undefined));

  /** The check's result, and what the user was told of it. */
  const checkAndTell = async (...names: string[]): Promise<{ result: AccessCheckResult; told: Notified[] }> => {
    const prompter = new ScriptedPrompter();
    fx().a.setPrompter(prompter);
    const result = await vscode.commands.executeCommand<AccessCheckResult | undefined>('mediaStorage.checkAccess', await path(fx().a, ...names));
    fx().a.setPrompter(undefined);
    assert.ok(result, 'the check ran');
    return { result, told: prompter.notifications };
  };
  const check = async (...names: string[]): Promise<AccessCheckResult> => (await checkAndTell(...names)).result;

  it('Check Access passes for an input and an output, step by step', async () => {
    const { a } = fx();
    const mark = a.logger.recent.length;
    const input = await check('Inputs', 'mezzanine');
    assert.strictEqual(input.ok, true, JSON.stringify(input.steps));
    assert.deepStrictEqual(
      input.steps.map((x) => `${x.name}:${x.status}`),
      ['head-bucket:passed', 'list:passed', 'read:passed'],
    );
    const { result: output, told } = await checkAndTell('Outputs', 'renditions');
    assert.strictEqual(output.ok, true, JSON.stringify(output.steps));
    assert.deepStrictEqual(
      told.map((n) => `${n.level}: ${n.message}`),
      [`info: Access check passed for output "renditions" (s3://${fx().outBucket}/): head-bucket, put-probe, read-probe, delete-probe.`],
    );
    assert.deepStrictEqual(
      output.steps.map((x) => `${x.name}:${x.status}`),
      ['head-bucket:passed', 'put-probe:passed', 'read-probe:passed', 'delete-probe:passed'],
    );
    const log = logSince(a, mark);
    assert.match(log, /Access check for input "mezzanine" .*: passed/);
    assert.match(log, /✓ read sources\//);
    assert.match(log, /Access check for output "renditions" .*: passed/);
  });

  it('Check Access fails at head-bucket with Bitmovin 2101 (input) and 2200 (output) for a missing bucket', async () => {
    const { a } = fx();
    const mark = a.logger.recent.length;
    const input = await check('Inputs', 'ghost');
    assert.strictEqual(input.ok, false);
    assert.strictEqual(input.steps[0].name, 'head-bucket');
    assert.strictEqual(input.steps[0].status, 'failed');
    assert.strictEqual(input.steps[0].bitmovinCode, 2101);
    assert.deepStrictEqual(
      input.steps.slice(1).map((x) => x.status),
      ['skipped', 'skipped'],
    );
    const reveals = a.logger.revealCount;
    const { result: output, told } = await checkAndTell('Outputs', 'ghost-out');
    assert.strictEqual(output.steps[0].status, 'failed');
    assert.strictEqual(told.length, 1);
    assert.strictEqual(told[0].level, 'error');
    assert.match(told[0].message, /^Access check for output "ghost-out" .* failed at step "head-bucket" — Bitmovin 2200: /);
    assert.deepStrictEqual(told[0].actions, ['Show Log']);
    assert.strictEqual(a.logger.revealCount, reveals, 'the log opens only from "Show Log"');
    assert.strictEqual(output.steps[0].bitmovinCode, 2200);
    const log = logSince(a, mark);
    assert.match(log, /✗ head-bucket .*: failed[\s\S]*Bitmovin 2101/);
    assert.match(log, /failed at step "head-bucket" — Bitmovin 2200/);
  });

  it('adds an input with the multi-step wizard: Back works and bucket names are checked by S3 rules', async () => {
    const { a, inBucket } = fx();
    const prompter = new ScriptedPrompter([
      ['location.connection', CONNECTION_LABEL],
      ['location.name', 'first-name'],
      ['location.bucket', BACK],
      ['location.name', 'trailers'],
      ['location.bucket', 'Bad_Bucket'],
      ['location.bucket', 'ab'],
      ['location.bucket', '192.168.0.1'],
      ['location.bucket', inBucket],
      ['location.prefix', '/abs'],
      ['location.prefix', 'sources/'],
      ['location.target', 'Workspace: workspace'],
    ]);
    a.setPrompter(prompter);
    const added = await vscode.commands.executeCommand<{ name: string } | undefined>('mediaStorage.addInput');
    assert.strictEqual(prompter.remaining, 0);
    assert.strictEqual(added?.name, 'trailers');
    const bucketStep = prompter.asked.filter((x) => x.id === 'location.bucket').pop();
    assert.deepStrictEqual(
      bucketStep?.rejected.map((r) => r.value),
      ['Bad_Bucket', 'ab', '192.168.0.1'],
    );
    assert.match(bucketStep?.rejected[0].message ?? '', /uppercase/);
    assert.match(bucketStep?.rejected[1].message ?? '', /shorter than 3/);
    assert.match(bucketStep?.rejected[2].message ?? '', /IP address/);
    assert.deepStrictEqual(prompter.asked.map((x) => `${x.step}/${x.totalSteps}`).slice(0, 4), ['1/5', '2/5', '3/5', '2/5']);
    const text = await readRegistryText();
    assert.match(text, /"name": "trailers"/);
    assert.ok((await labels(a, await path(a, 'Inputs'))).includes('trailers'));
    assert.ok((await labels(a, await path(a, 'Inputs', 'trailers'))).includes('clip.mp4'));

    // removing asks first; declining keeps the entry
    a.setPrompter(new ScriptedPrompter([['confirm.remove', false]]));
    assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.remove', await path(a, 'Inputs', 'trailers')), false);
    assert.match(await readRegistryText(), /"trailers"/);
    a.setPrompter(new ScriptedPrompter([['confirm.remove', 'Remove']]));
    assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.remove', await path(a, 'Inputs', 'trailers')), true);
    assert.doesNotMatch(await readRegistryText(), /"trailers"/);
    assert.ok(!(await labels(a, await path(a, 'Inputs'))).includes('trailers'));
  });

  it('copies the s3:// URI, HTTPS URL and ARN of a location and of an object', async () => {
    const { a, inBucket, server } = fx();
    const mezz = await path(a, 'Inputs', 'mezzanine');
    assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.copyS3Uri', mezz), `s3://${inBucket}/sources/`);
    assert.strictEqual(await vscode.env.clipboard.readText(), `s3://${inBucket}/sources/`);
    assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.copyHttpsUrl', mezz), `${server.endpoint}/${inBucket}/sources/`);
    assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.copyArn', mezz), `arn:aws:s3:::${inBucket}/sources/`);
    const clip = await path(a, 'Inputs', 'mezzanine', 'clip.mp4');
    assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.copyS3Uri', clip), `s3://${inBucket}/sources/clip.mp4`);
  });

  it('reveals an entry in the registry file with the entry selected', async () => {
    const { a } = fx();
    await vscode.commands.executeCommand('mediaStorage.revealInRegistry', await path(a, 'Outputs', 'renditions'));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.ok(editor.document.uri.path.endsWith('.vscode/media-storage.json'), editor.document.uri.path);
    assert.match(editor.document.getText(editor.selection), /^\{[\s\S]*"name": "renditions"[\s\S]*\}$/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
