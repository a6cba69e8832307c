import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as vscode from 'vscode';
import { impossibleBucketPolicy, inputReadPolicy, outputWritePolicy, playbackCors, toJsonText } from '../core/validation/generators';
import type { Kind } from '../core/validation/kinds';
import { toCorsConfiguration, validate } from './lazyValidate';
import { clientFor, pickLocation, placeFromLocation, UserFacingError, type Place, type TransferDeps } from '../transfer/targets';
import { BACK } from '../ui/prompter';
import type { KindResolver } from './kindResolver';
import { bucketFromFileName, registeredBucketInPolicy } from './validationContext';

type Template = 'impossible' | 'input-read' | 'output-write' | 'cors';
type BucketDocKind = Extract<Kind, 's3-bucket-policy' | 's3-cors'>;

// A 12-digit account id or an IAM user/role ARN, the principals an encoding service runs as.
const PRINCIPAL = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+)$/;

/**
 * "Media Storage: Generate Bucket Policy": Impossible Software's canonical-user grant, read
 * access for an input or write access for an output for an IAM principal, or a CORS
 * configuration for playback; opened as a new document and, if the user wants, applied.
 */
export async function generateBucketPolicyCommand(deps: TransferDeps, kinds: KindResolver): Promise<void> {
  const prompter = deps.prompters.current;
  const template = await prompter.pick<Template>({
    id: 'policy.template',
    placeholder: vscode.l10n.t('Which policy or configuration?'),
    items: [
      { label: vscode.l10n.t('Read access for an input'), description: vscode.l10n.t('ListBucket on the prefix, GetObject'), value: 'input-read' },
      {
        label: vscode.l10n.t('Write access for an output'),
        description: vscode.l10n.t('ListBucket on the prefix, PutObject and PutObjectAcl'),
        value: 'output-write',
      },
      { label: vscode.l10n.t('Impossible Software upload'), description: vscode.l10n.t("grant to Impossible Software's canonical user"), value: 'impossible' },
      { label: vscode.l10n.t('CORS for player playback'), description: vscode.l10n.t('GET/HEAD from the player origins'), value: 'cors' },
    ],
  });
  if (template === undefined || template === BACK) return;
  const roles: Array<'input' | 'output'> = template === 'input-read' ? ['input'] : template === 'cors' ? ['output', 'input'] : ['output'];
  const place = await pickLocation(deps, { id: 'policy.location', placeholder: vscode.l10n.t('For which location’s bucket?'), roles });
  if (!place) return;

  let doc: unknown;
  if (template === 'impossible') {
    doc = impossibleBucketPolicy(place.bucket);
  } else if (template === 'cors') {
    const origins = await prompter.input({
      id: 'policy.origins',
      prompt: vscode.l10n.t('Origins of the player, comma-separated (* for any)'),
      value: '*',
      validate: (v) => (v.split(',').some((o) => o.trim()) ? undefined : vscode.l10n.t('Enter at least one origin')),
    });
    if (origins === undefined || origins === BACK) return;
    doc = playbackCors(
      origins
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    );
  } else {
    const principal = await prompter.input({
      id: 'policy.principal',
      prompt: vscode.l10n.t('IAM principal of the encoding service: a role or user ARN, or a 12-digit account id'),
      placeholder: 'arn:aws:iam::123456789012:role/encoder',
      validate: (v) =>
        PRINCIPAL.test(v.trim()) ? undefined : vscode.l10n.t('Expected arn:aws:iam::<12-digit account>:role/<name> (or user/<name>), or a 12-digit account id'),
    });
    if (principal === undefined || principal === BACK) return;
    const o = { bucket: place.bucket, principal: principal.trim(), prefix: place.prefix };
    doc = template === 'input-read' ? inputReadPolicy(o) : outputWritePolicy(o);
  }
  const kind: BucketDocKind = template === 'cors' ? 's3-cors' : 's3-bucket-policy';
  const text = toJsonText(doc);
  await kinds.openGenerated(`${place.bucket} ${kind === 's3-cors' ? 'playback origins' : 'policy'}`, kind, text);

  const next = await prompter.pick<'apply' | 'open'>({
    id: 'policy.next',
    placeholder: vscode.l10n.t('Apply it to the bucket now?'),
    items: [
      { label: vscode.l10n.t('Apply to bucket "{0}"…', place.bucket), description: place.connection.connection.label, value: 'apply' },
      { label: vscode.l10n.t('Not now: keep it in the editor'), value: 'open' },
    ],
  });
  if (next === 'apply') await applyToBucket(deps, kind, text, place);
}

/**
 * Puts a bucket policy or CORS configuration on the bucket, after asking: it replaces what the
 * bucket has now. A refusal is decoded and shown through the ErrorReporter.
 */
export async function applyToBucket(deps: TransferDeps, kind: BucketDocKind, text: string, place: Place): Promise<void> {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0 || typeof value !== 'object' || value === null) {
    const first = errors[0];
    const cors = kind === 's3-cors';
    throw new UserFacingError(
      first
        ? cors
          ? vscode.l10n.t('The CORS configuration is not valid JSON ({0} at offset {1}); nothing was sent.', printParseErrorCode(first.error), first.offset)
          : vscode.l10n.t('The policy is not valid JSON ({0} at offset {1}); nothing was sent.', printParseErrorCode(first.error), first.offset)
        : cors
          ? vscode.l10n.t('The CORS configuration is not valid JSON; nothing was sent.')
          : vscode.l10n.t('The policy is not valid JSON; nothing was sent.'),
    );
  }
  const cors = kind === 's3-cors';
  // English, for the log.
  const what = cors ? 'CORS configuration' : 'bucket policy';
  const problems = validate(text, kind, { bucket: place.bucket, workspaceFile: false }).filter((d) => d.severity === 'error');
  const label = place.connection.connection.label;
  const replaced = cors
    ? vscode.l10n.t("The bucket's current CORS configuration is replaced, not merged.")
    : vscode.l10n.t("The bucket's current bucket policy is replaced, not merged.");
  const ok = await deps.prompters.current.confirm({
    id: 'policy.applyConfirm',
    message: cors
      ? vscode.l10n.t('Replace the CORS configuration of bucket "{0}" on {1}?', place.bucket, label)
      : vscode.l10n.t('Replace the bucket policy of bucket "{0}" on {1}?', place.bucket, label),
    detail: problems.length
      ? `${replaced} ${problems.length === 1 ? vscode.l10n.t('The checks found 1 error in it; S3 will probably refuse it.') : vscode.l10n.t('The checks found {0} errors in it; S3 will probably refuse it.', problems.length)}`
      : replaced,
    confirmLabel: vscode.l10n.t('Apply'),
  });
  if (!ok) return;
  const operation = cors ? vscode.l10n.t('Apply CORS configuration to {0}', place.bucket) : vscode.l10n.t('Apply bucket policy to {0}', place.bucket);
  try {
    const client = await clientFor(deps, place.connection);
    const s3 = await import('@aws-sdk/client-s3');
    if (kind === 's3-cors') {
      // The console's bare list of rules and the API's { CORSRules } are one configuration.
      const config = toCorsConfiguration(value);
      if (!config) throw new UserFacingError(vscode.l10n.t('This is no CORS configuration: expected {"CORSRules": [...]} or a list of rules.'));
      await client.send(new s3.PutBucketCorsCommand({ Bucket: place.bucket, CORSConfiguration: { CORSRules: config.CORSRules as never } }));
    } else {
      // Comments are fine in the editor but not in S3's policy grammar: send the plain JSON.
      await client.send(new s3.PutBucketPolicyCommand({ Bucket: place.bucket, Policy: JSON.stringify(value) }));
    }
  } catch (err) {
    deps.errors.report(err, operation);
    return;
  }
  deps.log.info(`Apply ${what} to ${place.bucket}: done`);
  void deps.prompters.current.info(
    cors
      ? vscode.l10n.t('The CORS configuration of bucket "{0}" was replaced.', place.bucket)
      : vscode.l10n.t('The bucket policy of bucket "{0}" was replaced.', place.bucket),
  );
}

/** "Apply Bucket Policy or CORS to Bucket…" for the policy or CORS document in the editor. */
export async function applyDocumentCommand(deps: TransferDeps, kinds: KindResolver, arg?: unknown): Promise<void> {
  const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
  if (!doc) throw new UserFacingError(vscode.l10n.t('Open a bucket policy or CORS configuration in an editor first.'));
  const kind = kinds.resolve(doc)?.kind;
  if (kind !== 's3-bucket-policy' && kind !== 's3-cors') {
    throw new UserFacingError(vscode.l10n.t('This document is not a bucket policy or CORS configuration (see "Set Payload Kind…").'));
  }
  const text = doc.getText();
  const model = deps.registry.model;
  const bucket = bucketFromFileName(doc.uri) ?? (kind === 's3-bucket-policy' ? registeredBucketInPolicy(text, deps.registry) : undefined);
  const matching = [...model.outputs, ...model.inputs].filter((l) => l.location.bucket === bucket && l.connection);
  let place: Place | undefined;
  const [only] = matching;
  if (only && matching.length === 1) {
    place = placeFromLocation(deps, only);
  } else {
    place = await pickLocation(deps, { id: 'policy.location', placeholder: vscode.l10n.t('Apply it to which location’s bucket?'), roles: ['output', 'input'] });
  }
  if (!place) return;
  await applyToBucket(deps, kind, text, place);
}
