// Bucket policies and CORS applied to a real bucket on Ceph RADOS Gateway, which accepts a valid
// policy and refuses an invalid one with 400 InvalidArgument: the refusal is decoded in the
// Media Storage channel. Also: completion offers the buckets the tree listed (ListBuckets), and
// a public ACL is flagged once the bucket's Block Public Access setting is known.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateBucketCommand, GetBucketCorsCommand, GetBucketPolicyCommand, PutPublicAccessBlockCommand, type S3Client } from '@aws-sdk/client-s3';
import { cephAvailability, makeClient, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { logSince } from './support/api';
import { runScripted } from './support/scriptedPrompter';
import { children, path as treePath, removeRegistry, writeRegistry } from './support/storage';
import { codeOf, completionLabels, ours, rangeOf, validationApi, waitForDiagnostics, type ValidationTestApi } from './support/validation';

const availability = cephAvailability();
const describeCeph = availability.available || process.env.CI === 'true' ? describe : describe.skip;

describeCeph(`Bucket policy and CORS [ceph]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
  this.timeout(120_000);
  let a: ValidationTestApi;
  let server: S3TestServer | undefined;
  let client: S3Client | undefined;
  let outBucket = '';
  let unregistered = '';

  /** The generated document the command opened, and the kind it was associated with. */
  const generated = (): { kind: string | undefined; text: string } => {
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'no active editor');
    return { kind: a.validation.kinds.explicitKind(doc.uri), text: doc.getText() };
  };

  before(async function () {
    this.timeout(240_000);
    a = await validationApi();
    server = await startCeph();
    client = makeClient(server);
    outBucket = uniqueBucket('pol-out');
    unregistered = uniqueBucket('listed');
    for (const b of [outBucket, unregistered]) await client.send(new CreateBucketCommand({ Bucket: b }));
    await writeRegistry(a, {
      connections: [{ id: 'cephpol', label: 'Ceph policies', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true }],
      inputs: [],
      outputs: [{ name: 'ceph-out', connection: 'cephpol', bucket: outBucket, prefix: 'renditions/' }],
    });
    // Keys belong to a registered connection (its identity), so they are set once it exists.
    await a.credentials.set('cephpol', { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  });

  after(async function () {
    this.timeout(60_000);
    a.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await a.credentials.clear('cephpol');
    await removeRegistry(a);
    client?.destroy();
    await server?.stop();
  });

  it('"Generate Bucket Policy" writes output access for a principal, and applies it after asking', async () => {
    const told = await runScripted(
      a,
      [
        ['policy.template', 'Write access for an output'],
        ['policy.location', 'ceph-out'],
        ['policy.principal', 'arn:aws:iam::123456789012:user/encoder'],
        ['policy.next', (v) => v === 'apply'],
        ['policy.applyConfirm', true],
      ],
      'mediaStorage.generateBucketPolicy',
    );
    const doc = generated();
    assert.strictEqual(doc.kind, 's3-bucket-policy');
    assert.deepStrictEqual(told.notifications, [{ level: 'info', message: `The bucket policy of bucket "${outBucket}" was replaced.`, actions: [] }]);
    const stored = await (client as S3Client).send(new GetBucketPolicyCommand({ Bucket: outBucket }));
    const policy = JSON.parse(stored.Policy ?? '{}') as { Statement: { Sid: string; Resource: string }[] };
    assert.deepStrictEqual(
      policy.Statement.map((s) => s.Sid),
      ['EncoderListOutput', 'EncoderWriteOutput'],
    );
    assert.strictEqual(policy.Statement[1].Resource, `arn:aws:s3:::${outBucket}/renditions/*`);
    assert.deepStrictEqual(
      (JSON.parse(doc.text) as typeof policy).Statement.map((s) => s.Sid),
      ['EncoderListOutput', 'EncoderWriteOutput'],
      'what the editor shows is what was applied',
    );
  });

  it('a declined confirmation sends nothing', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: JSON.stringify({ CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://player.example.com'] }] }, null, 2),
    });
    await vscode.window.showTextDocument(doc);
    const declined = await runScripted(
      a,
      [
        ['policy.location', 'ceph-out'],
        ['policy.applyConfirm', false],
      ],
      'mediaStorage.applyToBucket',
    );
    assert.deepStrictEqual(declined.notifications, []);
    await assert.rejects((client as S3Client).send(new GetBucketCorsCommand({ Bucket: outBucket })), /NoSuchCORSConfiguration|CORS/);
  });

  it('applies a generated playback CORS configuration', async () => {
    const told = await runScripted(
      a,
      [
        ['policy.template', 'CORS for player playback'],
        ['policy.location', 'ceph-out'],
        ['policy.origins', 'https://player.example.com'],
        ['policy.next', (v) => v === 'apply'],
        ['policy.applyConfirm', true],
      ],
      'mediaStorage.generateBucketPolicy',
    );
    assert.strictEqual(generated().kind, 's3-cors');
    assert.deepStrictEqual(told.notifications, [{ level: 'info', message: `The CORS configuration of bucket "${outBucket}" was replaced.`, actions: [] }]);
    const cors = await (client as S3Client).send(new GetBucketCorsCommand({ Bucket: outBucket }));
    assert.deepStrictEqual(cors.CORSRules?.[0]?.AllowedOrigins, ['https://player.example.com']);
  });

  it('shows the decoded S3 error when the bucket refuses an invalid policy', async () => {
    const invalid = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Bad',
          Effect: 'allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:user/encoder' },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${outBucket}/*`,
        },
      ],
    };
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(invalid, null, 2) });
    await vscode.window.showTextDocument(doc);
    // The editor already says what is wrong before anything is sent.
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d).startsWith('schema/')), 'the lowercase Effect is reported');
    const mark = a.logger.written;
    // The bucket is found from the policy's ARN (the one registered bucket it names): no pick.
    const refused = await runScripted(a, [['policy.applyConfirm', true]], 'mediaStorage.applyToBucket');
    assert.strictEqual(refused.notifications.length, 1, refused.describe());
    const [told] = refused.notifications;
    assert.strictEqual(told.level, 'error');
    assert.deepStrictEqual(told.actions, ['Show Log']);
    assert.ok(told.message.startsWith(`Apply bucket policy to ${outBucket}: S3 InvalidArgument (`), told.message);
    const log = logSince(a, mark);
    assert.match(log, new RegExp(`Apply bucket policy to ${outBucket}\\n[\\s\\S]*InvalidArgument[\\s\\S]*HTTP status: 400\\b`));
    // The policy applied before is still in place.
    const stored = await (client as S3Client).send(new GetBucketPolicyCommand({ Bucket: outBucket }));
    assert.match(stored.Policy ?? '', /EncoderWriteOutput/);
  });

  it('completes bucket names the tree listed with ListBuckets', async () => {
    // Expanding the connection lists its buckets, as the user would by opening it in the view.
    const listed = (await children(a, await treePath(a, 'Buckets', 'Ceph policies'))).map((n) => a.explorer.getTreeItem(n).label);
    assert.ok(listed.includes(unregistered), `tree lists: ${listed.join(', ')}`);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  "type": "s3",\n  "bucket": "",\n  "filename": "out.mp4"\n}\n' });
    const items = completionLabels(
      await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        rangeOf(doc, '"bucket": ""').end.translate(0, -1),
      ),
    );
    assert.ok(items.includes(unregistered), `bucket items: ${items.join(', ')}`);
    assert.ok(items.includes(outBucket), 'and the registered output’s bucket');
  });

  it('flags a public ACL once the bucket is known to block public access', async () => {
    await (client as S3Client).send(
      new PutPublicAccessBlockCommand({
        Bucket: outBucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
    );
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: JSON.stringify({ type: 's3', bucket: outBucket, filename: 'renditions/out.mp4', aws_use_policy: true, acl: 'public-read' }, null, 2),
    });
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'payload/public-acl-blocked'), 'public ACL on a blocked bucket', 30_000);
    const diag = ours(doc.uri).find((d) => codeOf(d) === 'payload/public-acl-blocked') as vscode.Diagnostic;
    assert.deepStrictEqual(diag.range, rangeOf(doc, '"public-read"'));
  });
});
