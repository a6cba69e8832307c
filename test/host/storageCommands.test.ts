// Storage commands in the real extension host against a local s3rver: the access check, the
// add-input wizard (Back, bucket-name validation), remove with confirmation, and the copy
// commands. QuickInputs are answered by a scripted prompter installed through the API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { logSince } from './support/api';
import type { Notified } from './support/notifications';
import { BACK, runScripted, ScriptedPrompter } from './support/scriptedPrompter';
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

  /**
   * Runs the check on the node at `names`; what the user was told, and its steps as the log lists
   * them ("head-bucket:passed"), each with the lines under it (the S3 error, the Bitmovin code).
   */
  const check = async (...names: string[]): Promise<{ told: Notified[]; steps: string[]; details: string[] }> => {
    const { a } = fx();
    const mark = a.logger.written;
    const prompter = await runScripted(a, [], 'mediaStorage.checkAccess', await path(a, ...names));
    assert.deepStrictEqual(
      prompter.progresses.map((p) => [p.id, p.cancellable, p.ended]),
      [['access.check', true, true]],
      'the check shows a cancellable progress',
    );
    // The check's own block (its heading ends "passed" or "FAILED"), not the decoded error's after it.
    const blocks = a.logger.since(mark).filter((l) => /\nAccess check for .* on ".*": (passed|FAILED)\n/.test(l));
    assert.strictEqual(blocks.length, 1, logSince(a, mark));
    const steps: string[] = [];
    const details: string[] = [];
    for (const line of blocks[0].split('\n')) {
      const step = /^ {2}[✓✗–] (\S+).*: (passed|failed|skipped)$/.exec(line);
      if (step) steps.push(`${step[1]}:${step[2]}`);
      else if (line.startsWith('      ')) details.push(`${steps.at(-1) ?? ''} ${line.trim()}`);
    }
    return { told: prompter.notifications, steps, details };
  };

  it('Check Access passes for an input and an output, step by step', async () => {
    const { a } = fx();
    const mark = a.logger.written;
    const input = await check('Inputs', 'mezzanine');
    assert.deepStrictEqual(input.steps, ['head-bucket:passed', 'list:passed', 'read:passed']);
    assert.deepStrictEqual(
      input.told.map((n) => `${n.level}: ${n.message}`),
      [`info: Access check passed for input "mezzanine" (s3://${fx().inBucket}/sources/): head-bucket, list, read.`],
    );
    const output = await check('Outputs', 'renditions');
    assert.deepStrictEqual(
      output.told.map((n) => `${n.level}: ${n.message}`),
      [`info: Access check passed for output "renditions" (s3://${fx().outBucket}/): head-bucket, put-probe, read-probe, delete-probe.`],
    );
    assert.deepStrictEqual(output.steps, ['head-bucket:passed', 'put-probe:passed', 'read-probe:passed', 'delete-probe:passed']);
    const log = logSince(a, mark);
    assert.match(log, /Access check for input "mezzanine" .*: passed/);
    assert.match(log, /✓ read sources\//);
    assert.match(log, /Access check for output "renditions" .*: passed/);
  });

  it('Check Access fails at head-bucket with Bitmovin 2101 (input) and 2200 (output) for a missing bucket', async () => {
    const { a } = fx();
    const mark = a.logger.written;
    const input = await check('Inputs', 'ghost');
    assert.deepStrictEqual(input.steps, ['head-bucket:failed', 'list:skipped', 'read:skipped']);
    assert.ok(
      input.details.some((d) => /^head-bucket:failed Bitmovin 2101: Bucket not found\b/.test(d)),
      input.details.join('\n'),
    );
    assert.strictEqual(input.told.length, 1, input.told.map((n) => n.message).join('\n'));
    assert.match(input.told[0].message, /^Access check for input "ghost" .* failed at step "head-bucket" — Bitmovin 2101: /);
    const reveals = a.logger.revealCount;
    const output = await check('Outputs', 'ghost-out');
    assert.strictEqual(output.steps[0], 'head-bucket:failed');
    assert.ok(
      output.details.some((d) => /^head-bucket:failed Bitmovin 2200\b/.test(d)),
      output.details.join('\n'),
    );
    const { told } = output;
    assert.strictEqual(told.length, 1);
    assert.strictEqual(told[0].level, 'error');
    assert.match(told[0].message, /^Access check for output "ghost-out" .* failed at step "head-bucket" — Bitmovin 2200: /);
    assert.deepStrictEqual(told[0].actions, ['Show Log']);
    assert.strictEqual(a.logger.revealCount, reveals, 'the log opens only from "Show Log"');
    const log = logSince(a, mark);
    assert.match(log, /✗ head-bucket .*: failed[\s\S]*Bitmovin 2101/);
    assert.match(log, /failed at step "head-bucket" — Bitmovin 2200/);
  });

  it('adds an input with the multi-step wizard: Back works and bucket names are checked by S3 rules', async () => {
    const { a, inBucket } = fx();
    const prompter = new ScriptedPrompter([
      ['location.connection', CONNECTION_LABEL],
      ['location.name', 'first-name'],
      ['location.bucketPick', BACK],
      ['location.name', 'trailers'],
      ['location.bucketPick', 'Type a bucket name…'],
      ['location.bucket', 'Bad_Bucket'],
      ['location.bucket', 'ab'],
      ['location.bucket', '192.168.0.1'],
      ['location.bucket', inBucket],
      ['location.prefix', '/abs'],
      // typed without the trailing "/", stored with it
      ['location.prefix', 'sources'],
      ['location.target', 'Workspace: workspace'],
    ]);
    await runScripted(a, prompter, 'mediaStorage.addInput');
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
    assert.strictEqual(a.registry.model.inputs.find((e) => e.location.name === 'trailers')?.location.prefix, 'sources/');
    assert.ok((await labels(a, await path(a, 'Inputs'))).includes('trailers'));
    assert.ok((await labels(a, await path(a, 'Inputs', 'trailers'))).includes('clip.mp4'));

    // removing asks first; declining keeps the entry
    const declined = await runScripted(a, [['confirm.remove', false]], 'mediaStorage.remove', await path(a, 'Inputs', 'trailers'));
    assert.strictEqual(declined.asked[0].title, 'Remove input "trailers" from workspace?');
    assert.match(await readRegistryText(), /"trailers"/);
    assert.ok((await labels(a, await path(a, 'Inputs'))).includes('trailers'));
    await runScripted(a, [['confirm.remove', 'Remove']], 'mediaStorage.remove', await path(a, 'Inputs', 'trailers'));
    assert.doesNotMatch(await readRegistryText(), /"trailers"/);
    assert.ok(!(await labels(a, await path(a, 'Inputs'))).includes('trailers'));
  });

  it('copies the s3:// URI, HTTPS URL and ARN of a location and of an object', async () => {
    const { a, inBucket, server } = fx();
    const copied = async (command: string, node: unknown): Promise<string> => {
      await vscode.env.clipboard.writeText('');
      await runScripted(a, [], command, node);
      return vscode.env.clipboard.readText();
    };
    const mezz = await path(a, 'Inputs', 'mezzanine');
    assert.strictEqual(await copied('mediaStorage.copyS3Uri', mezz), `s3://${inBucket}/sources/`);
    assert.strictEqual(await copied('mediaStorage.copyHttpsUrl', mezz), `${server.endpoint}/${inBucket}/sources/`);
    assert.strictEqual(await copied('mediaStorage.copyArn', mezz), `arn:aws:s3:::${inBucket}/sources/`);
    const clip = await path(a, 'Inputs', 'mezzanine', 'clip.mp4');
    assert.strictEqual(await copied('mediaStorage.copyS3Uri', clip), `s3://${inBucket}/sources/clip.mp4`);
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
