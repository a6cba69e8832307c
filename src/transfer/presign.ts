import * as path from 'node:path';
import * as vscode from 'vscode';
import { adviseOutputExpiry, formatExpiry, OUTPUT_EXPIRY_GUIDANCE, parseExpiry } from '../core/transfer/expiry';
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from '../core/transfer/mime';
import type { PresignedRequest } from '../core/transfer/presign';
import { dolbyAuthLocation, presignGet, presignPut } from '../lazyTransfer';
import { toS3Uri } from '../core/storage/s3url';
import { ObjectNode, type TreeNode } from '../tree/nodes';
import { BACK, type PickItem } from '../ui/prompter';
import { defaultExpiryText } from './settings';
import { clientFor, objectFromNode, pickLocation, placeFromNode, UserFacingError, type ObjectPlace, type Place, type TransferDeps } from './targets';

type Method = 'GET' | 'PUT';
type Action = 'copy' | 'insert' | 'pair' | 'curl';

// Every question of these flows is titled, so a quick pick never shows a blank title bar and the
// user sees which command is asking.
const presignTitle = (): string => vscode.l10n.t('Presigned URL');
const dolbyTitle = (): string => vscode.l10n.t('Dolby.io Location with Credentials');

/** From an object, a location/folder, or the palette (then a registered location is picked). */
export async function presignCommand(deps: TransferDeps, arg?: unknown): Promise<void> {
  const node = arg as TreeNode | undefined;
  let object: ObjectPlace | undefined;
  let place: Place | undefined;
  if (node instanceof ObjectNode) object = objectFromNode(deps, node);
  else if (node) place = placeFromNode(deps, node);
  else {
    place = await pickLocation(deps, {
      id: 'presign.location',
      title: presignTitle(),
      placeholder: vscode.l10n.t('Presign a URL in which input or output?'),
      roles: ['input', 'output'],
    });
  }
  const base = object ?? place;
  if (!base) return;

  const { connection, bucket, location } = base;
  const role = location?.location.role;
  const method = await askMethod(deps, object ? 'GET' : role === 'output' ? 'PUT' : 'GET');
  if (!method) return;
  const key =
    object?.key ??
    (await askKey(deps, 'presign.key', base as Place, (where) =>
      method === 'GET' ? vscode.l10n.t('Key of the object the service reads in {0}', where) : vscode.l10n.t('Key the service writes to in {0}', where),
    ));
  if (key === undefined) return;
  let contentType: string | undefined;
  if (method === 'PUT') {
    const chosen = await askContentType(deps, key, location?.location.contentType);
    if (chosen === undefined) return;
    contentType = chosen || undefined;
  }
  await finish(deps, { connection, bucket, key, method, contentType, localFile: undefined });
}

/** "Presign an upload of this file to output X", from the Explorer. */
export async function presignUploadOfFileCommand(deps: TransferDeps, uri?: unknown): Promise<void> {
  if (!(uri instanceof vscode.Uri)) throw new UserFacingError(vscode.l10n.t('Use this command from a file in the Explorer.'));
  const name = path.posix.basename(uri.path);
  const place = await pickLocation(deps, {
    id: 'presign.location',
    title: presignTitle(),
    placeholder: vscode.l10n.t('Presign an upload of {0} to which output?', name),
    roles: ['output', 'input'],
  });
  if (!place) return;
  const key = await askKey(deps, 'presign.key', place, (where) => vscode.l10n.t('Key for {0} in {1}', name, where), `${place.prefix}${name}`);
  if (key === undefined) return;
  const contentType = await askContentType(deps, key, contentTypeFor(name));
  if (contentType === undefined) return;
  await finish(deps, { connection: place.connection, bucket: place.bucket, key, method: 'PUT', contentType: contentType || undefined, localFile: uri });
}

interface Request {
  connection: Place['connection'];
  bucket: string;
  key: string;
  method: Method;
  contentType: string | undefined;
  localFile: vscode.Uri | undefined;
}

async function finish(deps: TransferDeps, req: Request): Promise<void> {
  const seconds = await askExpiry(deps, req.method);
  if (seconds === undefined) return;
  const action = await askAction(deps, req.method);
  if (!action) return;

  const client = await clientFor(deps, req.connection);
  const signed: PresignedRequest =
    req.method === 'GET'
      ? await presignGet(client, { bucket: req.bucket, key: req.key, expiresInSeconds: seconds })
      : await presignPut(client, { bucket: req.bucket, key: req.key, expiresInSeconds: seconds, ...(req.contentType ? { contentType: req.contentType } : {}) });
  const warning = req.method === 'PUT' ? adviseOutputExpiry({ chosenSeconds: seconds }).warning : undefined;

  let text: string;
  if (action === 'pair') {
    const other = await presignCounterpart(deps, req, seconds);
    if (other === undefined) return;
    const pair = req.method === 'GET' ? { input: signed.url, output: other } : { input: other, output: signed.url };
    text = JSON.stringify(pair, null, 2);
  } else if (action === 'curl') {
    text = curlCommand(signed, req.localFile);
  } else {
    text = signed.url;
  }

  if (action === 'insert') {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new UserFacingError(vscode.l10n.t('There is no editor to insert the URL into; it was not copied either.'));
    const ok = await editor.edit((edit) => editor.selections.forEach((s) => edit.replace(s, text)));
    if (!ok) throw new UserFacingError(vscode.l10n.t('The editor refused the insertion (is it read-only?).'));
  } else {
    await vscode.env.clipboard.writeText(text);
  }

  const where = toS3Uri(req.bucket, req.key);
  const lifetime = formatExpiry(seconds);
  deps.log.info(`Presigned ${req.method} ${where} for ${lifetime}${req.contentType ? ` (Content-Type ${req.contentType})` : ''}; ${describe(action)}`);
  if (warning) deps.log.warn(warning);
  const header = req.contentType ? ` ${vscode.l10n.t('The uploader must send Content-Type: {0}.', req.contentType)}` : '';
  const message = `${doneMessage(action, req.method, where, lifetime, signed.expiresAt.toLocaleString())}${header}`;
  void (warning ? deps.prompters.current.warn(`${message} ${warning}`) : deps.prompters.current.info(message));
}

/** The notification's first sentence, one per action. */
function doneMessage(action: Action, method: Method, where: string, lifetime: string, until: string): string {
  switch (action) {
    case 'copy':
      return vscode.l10n.t('{0} URL for {1}, valid {2} (until {3}): copied to the clipboard.', method, where, lifetime, until);
    case 'insert':
      return vscode.l10n.t('{0} URL for {1}, valid {2} (until {3}): inserted at the cursor.', method, where, lifetime, until);
    case 'pair':
      return vscode.l10n.t('{0} URL for {1}, valid {2} (until {3}): request pair copied to the clipboard.', method, where, lifetime, until);
    case 'curl':
      return vscode.l10n.t('{0} URL for {1}, valid {2} (until {3}): curl command copied to the clipboard.', method, where, lifetime, until);
  }
}

/** For the log, which stays English. */
function describe(action: Action): string {
  return {
    copy: 'copied to the clipboard',
    insert: 'inserted at the cursor',
    pair: 'request pair copied to the clipboard',
    curl: 'curl command copied to the clipboard',
  }[action];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function curlCommand(signed: PresignedRequest, file: vscode.Uri | undefined): string {
  const headers = Object.entries(signed.headers)
    .map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)} `)
    .join('');
  const body = signed.method === 'PUT' ? `--upload-file ${file ? shellQuote(file.fsPath) : 'FILE'} ` : '';
  return `curl --fail -X ${signed.method} ${headers}${body}${shellQuote(signed.url)}`;
}

/** The other half of a Dolby.io { input, output } pair, with the same lifetime. */
async function presignCounterpart(deps: TransferDeps, req: Request, seconds: number): Promise<string | undefined> {
  const wantOutput = req.method === 'GET';
  const place = await pickLocation(deps, {
    id: wantOutput ? 'presign.pair.output' : 'presign.pair.input',
    title: presignTitle(),
    placeholder: wantOutput ? vscode.l10n.t('Where does the service write its output?') : vscode.l10n.t('Which input does the service read?'),
    roles: [wantOutput ? 'output' : 'input'],
  });
  if (!place) return undefined;
  const suggestion = wantOutput ? `${place.prefix}${path.posix.basename(req.key)}` : place.prefix;
  const key = await askKey(
    deps,
    wantOutput ? 'presign.pair.outputKey' : 'presign.pair.inputKey',
    place,
    (where) => (wantOutput ? vscode.l10n.t('Key of the output in {0}', where) : vscode.l10n.t('Key of the input object in {0}', where)),
    suggestion,
  );
  if (key === undefined) return undefined;
  const client = await clientFor(deps, place.connection);
  // No content type on the output: the service decides what it sends (see presignDolbyPair).
  const signed = wantOutput
    ? await presignPut(client, { bucket: place.bucket, key, expiresInSeconds: seconds })
    : await presignGet(client, { bucket: place.bucket, key, expiresInSeconds: seconds });
  return signed.url;
}

async function askMethod(deps: TransferDeps, preferred: Method): Promise<Method | undefined> {
  const answer = await deps.prompters.current.pick<Method>({
    id: 'presign.method',
    title: presignTitle(),
    placeholder: vscode.l10n.t('Which URL?'),
    items: [
      { label: vscode.l10n.t('GET — for an input'), description: vscode.l10n.t('the service reads the object'), value: 'GET', picked: preferred === 'GET' },
      {
        label: vscode.l10n.t('PUT — for an output'),
        description: vscode.l10n.t('the service (or an uploader) writes the object'),
        value: 'PUT',
        picked: preferred === 'PUT',
      },
    ],
  });
  return answer === BACK ? undefined : answer;
}

/** `prompt` gets the place's s3:// URI and returns the whole question. */
async function askKey(
  deps: TransferDeps,
  id: string,
  place: Place,
  prompt: (where: string) => string,
  value = place.prefix,
  title = presignTitle(),
): Promise<string | undefined> {
  const answer = await deps.prompters.current.input({
    id,
    title,
    prompt: prompt(toS3Uri(place.bucket, place.prefix)),
    value,
    validate: (v) =>
      v.trim() === '' ? vscode.l10n.t('Enter an object key') : v.endsWith('/') ? vscode.l10n.t('A key ending in "/" is a folder; add a file name') : undefined,
  });
  return answer === BACK || answer === undefined ? undefined : answer.trim();
}

/** '' means no content type: the uploader sends none, or one not known in advance. */
async function askContentType(deps: TransferDeps, key: string, preferred: string | undefined): Promise<string | undefined> {
  const guessed = contentTypeFor(key);
  const items: Array<PickItem<string>> = [
    {
      label: vscode.l10n.t('No content type'),
      description: vscode.l10n.t('the uploader sends none, or the service chooses (encoding outputs)'),
      value: '',
      picked: !preferred,
    },
  ];
  const types = [...new Set([preferred, guessed].filter((t): t is string => !!t && t !== DEFAULT_CONTENT_TYPE)), DEFAULT_CONTENT_TYPE];
  for (const t of types) {
    items.push({
      label: t,
      description: t === guessed ? vscode.l10n.t('from the key’s extension') : t === preferred ? vscode.l10n.t('from the location or file') : undefined,
      value: t,
      picked: t === preferred,
    });
  }
  items.push({ label: vscode.l10n.t('Other…'), value: '\0other' });
  const answer = await deps.prompters.current.pick<string>({
    id: 'presign.contentType',
    title: presignTitle(),
    placeholder: vscode.l10n.t('Content-Type the uploader will send (it is signed: any other type is refused with 403)'),
    items,
  });
  if (answer === undefined || answer === BACK) return undefined;
  if (answer !== '\0other') return answer;
  const typed = await deps.prompters.current.input({
    id: 'presign.contentTypeOther',
    title: presignTitle(),
    prompt: vscode.l10n.t('Content-Type, e.g. video/mp4'),
    validate: (v) => (/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter a type/subtype, e.g. video/mp4')),
  });
  return typed === undefined || typed === BACK ? undefined : typed.trim();
}

async function askExpiry(deps: TransferDeps, method: Method): Promise<number | undefined> {
  const answer = await deps.prompters.current.input({
    id: 'presign.expiry',
    title: presignTitle(),
    prompt:
      method === 'PUT'
        ? vscode.l10n.t('How long the URL stays valid (90m, 2h, 7d; at most 7 days). {0}', OUTPUT_EXPIRY_GUIDANCE)
        : vscode.l10n.t('How long the URL stays valid (90m, 2h, 7d; at most 7 days)'),
    value: defaultExpiryText(deps.log),
    validate: (v) => {
      const parsed = parseExpiry(v);
      return parsed.ok ? undefined : parsed.reason;
    },
  });
  if (answer === undefined || answer === BACK) return undefined;
  const parsed = parseExpiry(answer);
  // A prompter is expected to validate, but the URL must never be signed with a refused lifetime.
  if (!parsed.ok) throw new UserFacingError(parsed.reason);
  return parsed.seconds;
}

async function askAction(deps: TransferDeps, method: Method): Promise<Action | undefined> {
  const items: Array<PickItem<Action>> = [{ label: vscode.l10n.t('Copy URL'), value: 'copy' }];
  if (vscode.window.activeTextEditor) {
    items.push({ label: vscode.l10n.t('Insert at Cursor'), description: vscode.l10n.t('in the active editor'), value: 'insert' });
  }
  items.push({ label: vscode.l10n.t('Copy Dolby.io Request Pair'), description: '{ "input": …, "output": … }', value: 'pair' });
  if (method === 'PUT') items.push({ label: vscode.l10n.t('Copy curl Command'), description: vscode.l10n.t('with the signed headers'), value: 'curl' });
  const answer = await deps.prompters.current.pick<Action>({
    id: 'presign.action',
    title: presignTitle(),
    placeholder: vscode.l10n.t('What to do with the URL?'),
    items,
  });
  return answer === BACK ? undefined : answer;
}

/**
 * Dolby.io's { url, auth: { key, secret } } form: only on explicit request, after a warning,
 * because the secret key then travels in clear text wherever the JSON is pasted.
 */
export async function copyDolbyAuthLocationCommand(deps: TransferDeps, arg?: unknown): Promise<void> {
  const node = arg as TreeNode | undefined;
  let target: { connection: Place['connection']; bucket: string; key: string } | undefined;
  if (node instanceof ObjectNode) {
    target = objectFromNode(deps, node);
  } else {
    const place = node
      ? placeFromNode(deps, node)
      : await pickLocation(deps, {
          id: 'presign.location',
          title: dolbyTitle(),
          placeholder: vscode.l10n.t('Which input or output?'),
          roles: ['input', 'output'],
        });
    if (!place) return;
    const key = await askKey(deps, 'presign.key', place, (where) => vscode.l10n.t('Key of the object in {0}', where), place.prefix, dolbyTitle());
    if (key === undefined) return;
    target = { connection: place.connection, bucket: place.bucket, key };
  }
  const ok = await deps.prompters.current.confirm({
    id: 'presign.authWarning',
    message: vscode.l10n.t('Copy a location that contains your secret access key?'),
    detail: vscode.l10n.t(
      'The { url, auth: { key, secret } } form hands your access key and SECRET key to the service, and to anyone who sees the clipboard, the request, or a log of it. Prefer presigned URLs, or a key limited to this bucket.',
    ),
    confirmLabel: vscode.l10n.t('Copy with Secret'),
  });
  if (!ok) return;
  const client = await clientFor(deps, target.connection);
  const creds = await client.config.credentials();
  deps.log.addSecret(creds.secretAccessKey);
  deps.log.addSecret(creds.sessionToken);
  if (creds.sessionToken) {
    deps.log.warn('These credentials are temporary (session token); Dolby.io’s auth form cannot carry the token, so the service may be refused.');
  }
  const location = dolbyAuthLocation(target, creds);
  await vscode.env.clipboard.writeText(JSON.stringify(location, null, 2));
  deps.log.info(`Copied ${location.url} with credentials (access key ${creds.accessKeyId}) to the clipboard`);
  void deps.prompters.current.warn(vscode.l10n.t('Copied {0} with your secret key. Clear the clipboard once it is pasted.', location.url));
}
