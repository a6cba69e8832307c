// A workspace registry file is written by whoever gets a change into the repository. Here one
// reuses the id of the user's own connection "r2" and points it at an "attacker" endpoint on
// loopback that records every request. In a trusted workspace the user's stored keys must never
// go there, and the user's own AWS credentials (default chain, or a profile whose
// credential_process runs on use) only after the user said yes: not when a payload naming the
// workspace's bucket is opened, not while the question is open, not after "Don't Allow".
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { ConnectionEntry } from '../../src/storage/storageModel';
import type { TreeNode } from '../../src/tree/nodes';
import { makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../s3/servers';
import { logSince, workspaceFile, sleep, waitFor } from './support/api';
import { HeldPrompter, type HeldQuestion } from './support/heldPrompter';
import { runScripted } from './support/scriptedPrompter';
import { children, description, label, labels, path as treePath, removeRegistry, tooltip, writeRegistry } from './support/storage';
import { validationApi, type ValidationTestApi } from './support/validation';

const USER_LABEL = 'My R2';
const TEAM_LABEL = 'Team R2';
const RESET = 'mediaStorage.resetCredentialPermissions';
const CHAIN_KEY_ID = 'AKIAWSCHAINCONSENT01';
const PROCESS_KEY_ID = 'AKIAPROCESSCONSENT01';
const PROFILE = 'msw-consent-probe';
const PAYLOAD = 'consent-output.json';

interface Seen {
  method: string;
  url: string;
  authorization: string;
  /** when it arrived, to tell a late request of an earlier test from one of this test */
  at: string;
}

interface Attacker {
  endpoint: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

/** Records every request and answers like a store with one bucket, so a listing that gets through shows. */
async function startAttacker(): Promise<Attacker> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: String(req.headers.authorization ?? ''), at: new Date().toISOString() });
    req.resume();
    res.setHeader('content-type', 'application/xml');
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>x</ID></Owner><Buckets><Bucket><Name>bait</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>',
      );
      return;
    }
    res.statusCode = 403;
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Workspace connections and your credentials (trusted workspace)', function () {
  this.timeout(120_000);
  let a: ValidationTestApi;
  let server: S3TestServer | undefined;
  let attacker: Attacker | undefined;
  let tmp = '';
  let marker = '';
  const userBucket = uniqueBucket('mine');
  const teamBucket = uniqueBucket('team');
  // s3rver's own keys (it refuses other key ids): what the user stored for their r2.
  let userKeys = { accessKeyId: '', secretAccessKey: '' };
  const savedEnv: Record<string, string | undefined> = {};
  const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
  const atk = (): Attacker => {
    assert.ok(attacker, 'attacker endpoint not started');
    return attacker;
  };
  const s3 = (): S3TestServer => {
    assert.ok(server, 's3rver not started');
    return server;
  };

  const teamConnection = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'r2',
    label: TEAM_LABEL,
    kind: 's3-compatible',
    region: 'us-east-1',
    endpoint: atk().endpoint,
    forcePathStyle: true,
    ...extra,
  });
  const writeTeam = (extra: Record<string, unknown> = {}): Promise<void> =>
    writeRegistry(a, { connections: [teamConnection(extra)], inputs: [], outputs: [{ name: 'team-out', connection: 'r2', bucket: teamBucket }] });

  const userEntry = (): ConnectionEntry => {
    const entry = a.registry.model.connections.find((c) => c.source.kind === 'user' && c.connection.id === 'r2');
    assert.ok(entry, 'the user connection r2 is registered');
    return entry;
  };

  const errorOf = (kids: TreeNode[]): TreeNode => {
    const node = kids.find((n) => n.kind === 'error');
    assert.ok(node, `no error node: ${kids.map((n) => label(a, n)).join(', ')}`);
    return node;
  };

  /** What the user's own connection lists, on its own endpoint, throughout. */
  const assertUserConnectionWorks = async (): Promise<void> => {
    const listed = await labels(a, await treePath(a, 'Buckets', USER_LABEL));
    assert.ok(listed.includes(userBucket), `the user connection r2 lists its bucket; it shows: ${listed.join(', ')}`);
  };

  /** Opens a payload that names the workspace location's bucket with a public ACL, which makes validation look up its Block Public Access. */
  const openPayload = async (): Promise<void> => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const file = workspaceFile(PAYLOAD);
    // A public ACL on a bucket the registry knows makes the checks ask whether the bucket blocks
    // public access (Bitmovin outputs ignore their acl, so an Impossible Software destination).
    const payload = { type: 's3', bucket: teamBucket, filename: 'renditions/out.mp4', acl: 'public-read', aws_use_policy: true };
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(payload, null, 2) + '\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  };

  /** Expands the workspace connection and answers the consent question, checking nothing was sent while it was open. */
  const expandAndAnswer = async (prompter: HeldPrompter, yes: boolean): Promise<{ question: HeldQuestion; kids: TreeNode[] }> => {
    const before = atk().seen.length;
    const pending = children(a, await treePath(a, 'Buckets', TEAM_LABEL));
    const question = await prompter.next();
    // The provider would have run by now if it were made before the answer.
    await sleep(500);
    assert.strictEqual(atk().seen.length, before, 'no request reaches the workspace endpoint while the question is open');
    if (marker) assert.ok(!fs.existsSync(marker), 'the profile’s credential_process has not run while the question is open');
    question.answer(yes);
    return { question, kids: await pending };
  };

  before(async function () {
    this.timeout(180_000);
    a = await validationApi();
    for (const k of ENV) savedEnv[k] = process.env[k];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-consent-'));
    // The default chain of this extension host: keys in the environment, and AWS files of the
    // test's own (the profile's credential_process leaves a marker when it runs).
    marker = path.join(tmp, 'credential-process-ran');
    const script = path.join(tmp, 'credential-process.sh');
    fs.writeFileSync(
      script,
      `#!/bin/sh\necho ran >> '${marker}'\nprintf '{"Version":1,"AccessKeyId":"${PROCESS_KEY_ID}","SecretAccessKey":"Pn6Vx1Cb8Mz3Kq9Lw4Rt7Yh2Sd5Fj0Ga1Ue3Io"}'\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(tmp, 'config'), `[profile ${PROFILE}]\nregion = us-east-1\ncredential_process = /bin/sh ${script}\n`);
    fs.writeFileSync(path.join(tmp, 'credentials'), '');
    process.env.AWS_CONFIG_FILE = path.join(tmp, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, 'credentials');
    process.env.AWS_ACCESS_KEY_ID = CHAIN_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = 'Zp3Kq8Wm1Rt6Yv9Bn4Xc7Ls2Dh5Fg0Ja3Qe8Uo';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    server = await startS3rver();
    userKeys = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
    const direct = makeClient(server);
    await direct.send(new CreateBucketCommand({ Bucket: userBucket }));
    direct.destroy();
    attacker = await startAttacker();

    await removeRegistry(a);
    await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
    await a.registry.reload();
    await vscode.commands.executeCommand(RESET);
    // Stored the way keys were before they were bound to a destination: by the id alone.
    await a.credentials.set('r2', userKeys);
    await config().update(
      'connections',
      [{ id: 'r2', label: USER_LABEL, kind: 's3-compatible', region: s3().region, endpoint: s3().endpoint, forcePathStyle: true }],
      vscode.ConfigurationTarget.Global,
    );
    await writeTeam();
  });

  afterEach(async () => {
    a.setPrompter(undefined);
    // An open payload is validated again on every registry change, in the background.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async function () {
    this.timeout(60_000);
    a.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.workspace.fs.delete(workspaceFile(PAYLOAD));
    } catch {
      // not written
    }
    if (a.registry.model.connections.some((c) => c.source.kind === 'user' && c.connection.id === 'r2')) await a.credentials.clear(userEntry());
    await removeRegistry(a);
    await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
    await a.registry.reload();
    // With nothing registered as r2 the id names the legacy slot, in case no test used it.
    await a.credentials.clear('r2');
    await vscode.commands.executeCommand(RESET);
    for (const k of ENV) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await attacker?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the user connection takes over the keys stored by id and lists its own endpoint with them', async () => {
    const mark = a.logger.written;
    await assertUserConnectionWorks();
    const log = logSince(a, mark);
    assert.match(log, new RegExp(`The stored keys of user connection "r2" are now bound to ${s3().endpoint.replace(/[.]/g, '\\.')}`));
    assert.ok(log.includes(`Connecting user connection 'r2' (user settings) to ${s3().endpoint} with keys you set for it`), log);
    assert.deepStrictEqual(await a.credentials.get(userEntry()), userKeys);
    assert.strictEqual(atk().seen.length, 0);
  });

  it('opening a payload that names the workspace bucket sends nothing and logs why it skipped the lookup', async () => {
    const mark = a.logger.written;
    await openPayload();
    const line = `Skipped the Block Public Access lookup of "${teamBucket}" for workspace connection 'r2': it has not been allowed to use your credentials yet`;
    await waitFor(`the log says "${line}"`, () => logSince(a, mark).includes(line));
    await sleep(500);
    assert.deepStrictEqual(atk().seen, [], 'nothing reached the workspace endpoint');
  });

  it('expanding the workspace connection asks first; after "Don\'t Allow" nothing is sent and the tree says why', async () => {
    const prompter = new HeldPrompter();
    a.setPrompter(prompter);
    const { question, kids } = await expandAndAnswer(prompter, false);
    assert.strictEqual(question.options.id, 'credentials.consent');
    assert.strictEqual(question.options.message, `The workspace connection 'r2' wants to use your default AWS credentials with ${atk().endpoint}. Allow?`);
    assert.strictEqual(question.options.confirmLabel, 'Allow');
    assert.strictEqual(question.options.declineLabel, "Don't Allow");
    const error = errorOf(kids);
    assert.strictEqual(label(a, error), "Not connected: you chose Don't Allow for your credentials");
    assert.strictEqual(description(a, error), 'Credentials not allowed');
    const item = a.explorer.getTreeItem(error);
    assert.strictEqual(item.contextValue, 'msw.error.consent');
    assert.strictEqual(item.command?.command, RESET, 'a click forgets the answer, so the next use asks again');
    assert.ok(
      tooltip(a, error).includes(
        `Not connected: you did not allow the workspace connection 'r2' (${atk().endpoint}) to use your default AWS credentials. Run 'Media Storage: Reset Credential Permissions' to be asked again.`,
      ),
      tooltip(a, error),
    );
    // The answer stands for the location too, without asking again.
    assert.ok(errorOf(await children(a, await treePath(a, 'Outputs', 'team-out'))));
    assert.strictEqual(prompter.asked.length, 1, 'asked once');

    const mark = a.logger.written;
    await a.registry.reload(); // forgets what validation learnt, so the payload is looked at again
    await openPayload();
    const line = `Skipped the Block Public Access lookup of "${teamBucket}" for workspace connection 'r2': you did not allow it to use your credentials`;
    await waitFor(`the log says "${line}"`, () => logSince(a, mark).includes(line));
    await sleep(500);
    assert.deepStrictEqual(atk().seen, [], 'nothing reached the workspace endpoint');
    await assertUserConnectionWorks();
  });

  it('after Reset and "Allow" the workspace connection uses the default chain, never the user’s stored key, and is not asked again', async () => {
    const reset = await runScripted(a, [], RESET);
    assert.deepStrictEqual(
      reset.notifications.map((n) => n.level),
      ['info'],
    );
    assert.match(
      reset.notifications[0].message,
      /^Forgot (1 answer about workspace connections using your credentials; it asks|[2-9]\d* answers about workspace connections using your credentials; each asks) again when next used\.$/,
    );
    const prompter = new HeldPrompter();
    a.setPrompter(prompter);
    const mark = a.logger.written;
    const { kids } = await expandAndAnswer(prompter, true);
    assert.deepStrictEqual(
      kids.map((n) => label(a, n)),
      ['bait'],
    );
    assert.ok(atk().seen.length > 0, 'requests flow after Allow');
    for (const req of atk().seen) {
      assert.match(req.authorization, new RegExp(`Credential=${CHAIN_KEY_ID}/`), 'signed with the default chain');
      assert.ok(!req.authorization.includes(userKeys.accessKeyId), 'never with the key stored for the user’s r2');
    }
    assert.match(
      logSince(a, mark),
      /Connecting workspace connection 'r2' \([^)]*\.vscode\/media-storage\.json\) to http:\/\/127\.0\.0\.1:\d+ with your default AWS credentials, allowed on \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );

    // A change that is not the identity (the label) makes a new client, which finds the answer.
    await writeTeam({ label: `${TEAM_LABEL} ` });
    await writeTeam();
    const again = await children(a, await treePath(a, 'Buckets', TEAM_LABEL));
    assert.deepStrictEqual(
      again.map((n) => label(a, n)),
      ['bait'],
    );
    assert.strictEqual(prompter.asked.length, 1, 'the answer is remembered');
    await assertUserConnectionWorks();
  });

  it('a changed endpoint is another identity and asks again', async () => {
    const prompter = new HeldPrompter();
    a.setPrompter(prompter);
    await writeTeam({ endpoint: `http://localhost:${atk().port}` });
    const before = atk().seen.length;
    const { question, kids } = await expandAndAnswer(prompter, false);
    assert.strictEqual(
      question.options.message,
      `The workspace connection 'r2' wants to use your default AWS credentials with http://localhost:${atk().port}. Allow?`,
    );
    assert.match(tooltip(a, errorOf(kids)), /you did not allow the workspace connection 'r2' \(http:\/\/localhost:\d+\)/);
    assert.strictEqual(atk().seen.length, before, 'nothing sent after "Don\'t Allow"');
    await writeTeam();
    await assertUserConnectionWorks();
  });

  it('Set Credentials keeps working keys unless told otherwise; keys set for the workspace connection are its own and need no consent', async () => {
    const redrawn = (): Promise<void> =>
      new Promise((resolve) => {
        const sub = a.explorer.onDidChangeTreeData(() => {
          sub.dispose();
          resolve();
        });
      });
    const kept = await runScripted(a, [['credentials.replace', (v) => v === false]], 'mediaStorage.setCredentials', await treePath(a, 'Buckets', USER_LABEL));
    assert.deepStrictEqual(
      kept.asked.map((q) => q.id),
      ['credentials.replace'],
      'keeping the keys ends the flow',
    );
    assert.strictEqual(kept.asked[0].title, `Credentials for ${USER_LABEL}`);
    assert.deepStrictEqual(kept.asked[0].items, [`Keep access key ID ${userKeys.accessKeyId}`, `Replace access key ID ${userKeys.accessKeyId}…`]);
    assert.deepStrictEqual(await a.credentials.get(userEntry()), userKeys, 'kept');

    const ownKeyId = 'AKIAWSOWNCONSENTKEY1';
    const changed = redrawn();
    const ownSecret = 'Wq7Rk2Vb9Lp4Xz1Nc8Ty5Hd3Mf6Gj0Sa2Ue4Io';
    await runScripted(
      a,
      [
        ['credentials.accessKeyId', ownKeyId],
        ['credentials.secretAccessKey', ownSecret],
      ],
      'mediaStorage.setCredentials',
      await treePath(a, 'Buckets', TEAM_LABEL),
    );
    await changed;
    assert.deepStrictEqual(await a.credentials.get(userEntry()), userKeys, 'the user’s r2 keeps its keys');

    const prompter = new HeldPrompter();
    a.setPrompter(prompter);
    const sent = atk().seen.length;
    const mark = a.logger.written;
    assert.deepStrictEqual(await labels(a, await treePath(a, 'Buckets', TEAM_LABEL)), ['bait']);
    assert.strictEqual(prompter.asked.length, 0, 'keys set for exactly this connection need no consent');
    assert.ok(
      atk()
        .seen.slice(sent)
        .every((r) => r.authorization.includes(`Credential=${ownKeyId}/`)),
      'signed with its own keys',
    );
    assert.match(logSince(a, mark), /Connecting workspace connection 'r2' \([^)]*media-storage\.json\) to http:\/\/127\.0\.0\.1:\d+ with keys you set for it/);
    const team = a.registry.model.connections.find((c) => c.source.kind === 'workspace' && c.connection.id === 'r2');
    assert.ok(team, 'the workspace connection r2 is registered');
    assert.deepStrictEqual(await a.credentials.get(team), { accessKeyId: ownKeyId, secretAccessKey: ownSecret }, 'stored for the workspace connection');

    const cleared = redrawn();
    await vscode.commands.executeCommand('mediaStorage.clearCredentials', await treePath(a, 'Buckets', TEAM_LABEL));
    await cleared;
    assert.deepStrictEqual(await a.credentials.get(userEntry()), userKeys, 'clearing the workspace connection’s keys leaves the user’s');
    await assertUserConnectionWorks();
  });

  it('a workspace connection naming a profile runs its credential_process only after "Allow"', async () => {
    await vscode.commands.executeCommand(RESET);
    await writeTeam({ profile: PROFILE });
    const sent = atk().seen.length;
    const mark = a.logger.written;
    await a.registry.reload();
    await openPayload();
    await waitFor('the lookup is skipped', () =>
      logSince(a, mark).includes(`Skipped the Block Public Access lookup of "${teamBucket}" for workspace connection 'r2'`),
    );
    await sleep(500);
    assert.ok(!fs.existsSync(marker), 'not run for a payload that was opened');
    assert.deepStrictEqual(atk().seen.slice(sent), [], 'nothing sent for a payload that was opened');

    const prompter = new HeldPrompter();
    a.setPrompter(prompter);
    const declined = await expandAndAnswer(prompter, false);
    assert.strictEqual(
      declined.question.options.message,
      `The workspace connection 'r2' wants to use your AWS profile '${PROFILE}' with ${atk().endpoint}. Allow?`,
    );
    assert.match(tooltip(a, errorOf(declined.kids)), new RegExp(`to use your AWS profile '${PROFILE}'`));
    await sleep(500);
    assert.ok(!fs.existsSync(marker), 'not run after "Don\'t Allow"');
    assert.deepStrictEqual(atk().seen.slice(sent), [], 'nothing sent after "Don\'t Allow"');

    await vscode.commands.executeCommand(RESET);
    const allowed = await expandAndAnswer(prompter, true);
    assert.deepStrictEqual(
      allowed.kids.map((n) => label(a, n)),
      ['bait'],
    );
    assert.ok(fs.existsSync(marker), 'run after "Allow"');
    const mine = atk().seen.slice(sent);
    assert.ok(mine.length > 0 && mine.every((r) => r.authorization.includes(`Credential=${PROCESS_KEY_ID}/`)), 'signed with the profile’s keys');
    assert.ok(
      atk().seen.every((r) => !r.authorization.includes(userKeys.accessKeyId)),
      'the user’s stored key never left for the workspace endpoint',
    );
    await assertUserConnectionWorks();
  });
});
