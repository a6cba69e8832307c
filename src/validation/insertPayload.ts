import * as vscode from 'vscode';
import { parseExpiry } from '../core/transfer/expiry';
import { presignGet, presignPut } from '../lazyTransfer';
import { bitmovinGenericS3Payload, bitmovinS3Payload, dolbyJob, impossibleDestination, qencodeDestination, toJsonText } from '../core/validation/generators';
import type { Kind } from '../core/validation/kinds';
import { defaultExpiryText } from '../transfer/settings';
import { clientFor, pickLocation, type Place, type TransferDeps } from '../transfer/targets';
import { BACK } from '../ui/prompter';
import type { KindResolver } from './kindResolver';

function endpointOf(place: Place): string {
  const c = place.connection.connection;
  return c.endpoint ?? `https://s3.${c.region}.amazonaws.com`;
}

function kindChoices(place: Place): { label: string; kind: Kind }[] {
  const output = place.location?.location.role === 'output';
  const aws = place.connection.connection.kind === 'aws';
  const out: { label: string; kind: Kind }[] = [
    aws
      ? output
        ? { label: vscode.l10n.t('Bitmovin S3 output'), kind: 'bitmovin-s3-output' }
        : { label: vscode.l10n.t('Bitmovin S3 input'), kind: 'bitmovin-s3-input' }
      : output
        ? { label: vscode.l10n.t('Bitmovin generic S3 output'), kind: 'bitmovin-generic-s3-output' }
        : { label: vscode.l10n.t('Bitmovin generic S3 input'), kind: 'bitmovin-generic-s3-input' },
  ];
  if (output) {
    out.push(
      { label: vscode.l10n.t('Qencode S3 destination'), kind: 'qencode-destination' },
      { label: vscode.l10n.t('Impossible Software S3 destination'), kind: 'impossible-destination' },
    );
  }
  out.push({ label: vscode.l10n.t('Dolby.io job (presigned input and output URLs)'), kind: 'dolby-job' });
  return out;
}

async function askKey(deps: TransferDeps, id: string, place: Place, prompt: string, fallback: string): Promise<string | undefined> {
  const answer = await deps.prompters.current.input({
    id,
    prompt,
    value: `${place.prefix}${fallback}`,
    validate: (v) => (v.trim() && !v.endsWith('/') ? undefined : vscode.l10n.t('Enter an object key (not a folder)')),
  });
  return answer === BACK ? undefined : answer;
}

/** The Dolby pair: the service GETs the input and PUTs the output, each from its own location. */
async function dolbyPayload(deps: TransferDeps, place: Place): Promise<Record<string, unknown> | undefined> {
  const pickedOutput = place.location?.location.role === 'output';
  const other = await pickLocation(deps, {
    id: 'payload.dolby.otherLocation',
    placeholder: pickedOutput ? vscode.l10n.t('Which input does the job read from?') : vscode.l10n.t('Which output does the job write to?'),
    roles: [pickedOutput ? 'input' : 'output'],
  });
  if (!other) return undefined;
  const [input, output] = pickedOutput ? [other, place] : [place, other];
  const inputKey = await askKey(deps, 'payload.dolby.inputKey', input, vscode.l10n.t('Key of the media the job reads'), 'source.mp4');
  if (inputKey === undefined) return undefined;
  const outputKey = await askKey(deps, 'payload.dolby.outputKey', output, vscode.l10n.t('Key the job writes'), 'output.mp4');
  if (outputKey === undefined) return undefined;
  const parsed = parseExpiry(defaultExpiryText(deps.log));
  const seconds = parsed.ok ? parsed.seconds : 7200;
  const [get, put] = await Promise.all([
    presignGet(await clientFor(deps, input.connection), { bucket: input.bucket, key: inputKey, expiresInSeconds: seconds }),
    presignPut(await clientFor(deps, output.connection), { bucket: output.bucket, key: outputKey, expiresInSeconds: seconds }),
  ]);
  return dolbyJob(get.url, put.url);
}

function payloadFor(kind: Kind, place: Place): Record<string, unknown> {
  const c = place.connection.connection;
  const name = place.location?.location.name;
  const dir = kind.endsWith('-input') ? 'input' : 'output';
  switch (kind) {
    case 'bitmovin-s3-input':
    case 'bitmovin-s3-output':
      return bitmovinS3Payload(dir, { bucket: place.bucket, region: c.region, ...(name ? { name } : {}) });
    case 'bitmovin-generic-s3-input':
    case 'bitmovin-generic-s3-output':
      return bitmovinGenericS3Payload(dir, {
        bucket: place.bucket,
        endpoint: endpointOf(place),
        forcePathStyle: c.forcePathStyle ?? true,
        ...(name ? { name } : {}),
      });
    case 'qencode-destination':
      return qencodeDestination({ endpoint: endpointOf(place), bucket: place.bucket, path: place.prefix });
    case 'impossible-destination':
      return impossibleDestination({
        bucket: place.bucket,
        filename: `${place.prefix}output.mp4`,
        ...(c.kind === 'aws' ? { s3host: `s3.${c.region}.amazonaws.com` } : {}),
      });
    default:
      throw new Error(`no generator for ${kind}`);
  }
}

/**
 * Generates a valid payload of a chosen kind for a registered location, inserted at the cursor
 * or opened as a new untitled JSON document. Secret fields get placeholders: the text lands in
 * files that end up in version control.
 */
export async function insertPayloadCommand(deps: TransferDeps, kinds: KindResolver): Promise<void> {
  const place = await pickLocation(deps, {
    id: 'payload.location',
    placeholder: vscode.l10n.t('Generate a payload for which input or output?'),
    roles: ['output', 'input'],
  });
  if (!place) return;
  const choices = kindChoices(place);
  const kind = await deps.prompters.current.pick<Kind>({
    id: 'payload.kind',
    placeholder: vscode.l10n.t('Which payload?'),
    items: choices.map((c) => ({ label: c.label, value: c.kind })),
  });
  if (kind === undefined || kind === BACK) return;
  const value = kind === 'dolby-job' ? await dolbyPayload(deps, place) : payloadFor(kind, place);
  if (!value) return;
  const text = toJsonText(value);

  const editor = vscode.window.activeTextEditor;
  let where: 'cursor' | 'new' = 'new';
  if (editor && !editor.document.isClosed) {
    const answer = await deps.prompters.current.pick<'cursor' | 'new'>({
      id: 'payload.target',
      placeholder: vscode.l10n.t('Where should the payload go?'),
      items: [
        { label: vscode.l10n.t('Insert at the cursor'), description: vscode.workspace.asRelativePath(editor.document.uri), value: 'cursor' },
        { label: vscode.l10n.t('New untitled JSON document'), value: 'new' },
      ],
    });
    if (answer === undefined || answer === BACK) return;
    where = answer;
  }
  if (where === 'cursor' && editor) {
    const ok = await editor.edit((e) => e.replace(editor.selection, text.trimEnd()));
    if (!ok) throw new Error('the editor refused the insertion (is it read-only?)');
    return;
  }
  // Content alone cannot tell a Bitmovin input from an output: the new buffer carries its kind.
  await kinds.openGenerated(place.location?.location.name ?? place.bucket, kind, text);
}
