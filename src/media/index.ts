import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { CommandRunner } from '../commands/runner';
import { toHttpsUrlForConnection } from '../core/storage/s3url';
import { toJsonText } from '../core/validation/generators';
import { UserFacingError } from '../errors/outcomes';
import {
  checkCors,
  checkPackageInBucket,
  corsFixFor,
  corsTargetsOf,
  findingLine,
  normalizeOrigin,
  readBucketCors,
  renderCorsReport,
  renderPackageReport,
  summarizeReport,
  playableCopy,
  prefixHoldsObjects,
  s3PackageSource,
  uploadCopies,
  auditContentTypes,
  applyContentTypeFixes,
  describePlan,
} from '../lazyMedia';
import { presignGet } from '../lazyTransfer';
import type { ConnectionEntry } from '../storage/storageModel';
import type { TreeTarget } from '../tree/goToUri';
import { ListingNode, ObjectNode } from '../tree/nodes';
import { objectUri } from '../transfer/s3FileSystem';
import { clientFor, placeFromNode, type TransferDeps } from '../transfer/targets';
import { withOperationProgress } from '../ui/operationProgress';
import { BACK } from '../ui/prompter';
import { objectCount, someOf } from '../ui/text';
import { readSetting } from '../settings';
import { formatExpiry, parseExpiry } from '../core/transfer/expiry';
import { defaultExpiryText } from '../transfer/settings';
import { SETTINGS } from '../core/settings';
import { applyToBucket } from '../validation/bucketPolicy';
import type { KindResolver } from '../validation/kindResolver';

/** One report panel per package (or CORS check): a second check of the same package refreshes it. */
export class ReportPanels implements vscode.Disposable {
  private readonly open = new Map<string, { panel: vscode.WebviewPanel; html: string; handler: (m: Message) => unknown }>();

  /** `failed` reports what a click in a page could not do, as a failing command would be reported. */
  constructor(private readonly failed: (err: unknown) => void) {}

  /** What each open panel shows, by its key: the page a user reads (tests read it too). */
  get pages(): ReadonlyMap<string, { title: string; html: string }> {
    return new Map([...this.open].map(([k, v]) => [k, { title: v.panel.title, html: v.html }]));
  }

  show(key: string, title: string, render: (frame: { cspSource: string; nonce: string }) => string, handler: (m: Message) => unknown): void {
    let entry = this.open.get(key);
    if (!entry) {
      const panel = vscode.window.createWebviewPanel('mediaStorage.report', title, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
      const created = { panel, html: '', handler };
      panel.webview.onDidReceiveMessage(
        (m: Message) =>
          void Promise.resolve()
            .then(() => created.handler(m))
            .catch((err: unknown) => this.failed(err)),
      );
      panel.onDidDispose(() => this.open.delete(key));
      this.open.set(key, created);
      entry = created;
    }
    entry.handler = handler;
    entry.panel.title = title;
    entry.html = render({ cspSource: entry.panel.webview.cspSource, nonce: randomBytes(16).toString('base64') });
    entry.panel.webview.html = entry.html;
    entry.panel.reveal();
  }

  dispose(): void {
    for (const { panel } of this.open.values()) panel.dispose();
    this.open.clear();
  }
}

interface Message {
  type?: string;
  key?: string;
  line?: number;
}

export interface MediaApi {
  readonly reports: ReportPanels;
}

export interface MediaDeps extends TransferDeps {
  kinds: KindResolver;
}

const ORIGIN_KEY = 'mediaStorage.cors.lastOrigin';

const mediaObjectCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 media object') : vscode.l10n.t('{0} media objects', n));

function manifestOrFolder(arg: unknown): { connection: ConnectionEntry; bucket: string; target: { manifest: string } | { prefix: string } } {
  if (arg instanceof ObjectNode && (arg.entry.kind === 'hls' || arg.entry.kind === 'dash') && arg.connection) {
    return { connection: arg.connection, bucket: arg.bucket, target: { manifest: arg.entry.key } };
  }
  if (arg instanceof ListingNode && arg.connection) return { connection: arg.connection, bucket: arg.bucket, target: { prefix: arg.prefix } };
  throw new UserFacingError(vscode.l10n.t('Run this on a playlist (.m3u8), an MPD (.mpd) or a folder in the Media Storage tree.'));
}

/** Check Package and Check CORS for a Player: what an encode produced, seen as a player sees it. */
export function registerMedia(context: vscode.ExtensionContext, deps: MediaDeps, commands: CommandRunner): MediaApi {
  const reports = new ReportPanels((err) => deps.errors.report(err, vscode.l10n.t('Report action')));

  const linkHandler =
    (connection: ConnectionEntry, bucket: string) =>
    async (m: Message): Promise<void> => {
      if (typeof m.key !== 'string') return;
      if (m.type === 'reveal') {
        const target: TreeTarget = { connectionKey: connection.key, bucket, key: m.key };
        await vscode.commands.executeCommand(Commands.goToUri, target);
      } else if (m.type === 'open') {
        const doc = await vscode.workspace.openTextDocument(objectUri(connection, bucket, m.key));
        const line = Math.max(0, (m.line ?? 1) - 1);
        const at = new vscode.Range(line, 0, line, 0);
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, selection: at });
      }
    };

  const runCheck = async (connection: ConnectionEntry, bucket: string, target: { manifest: string } | { prefix: string }, checkContentTypes: boolean) => {
    const client = await clientFor(deps, connection);
    const where = `s3://${bucket}/${'manifest' in target ? target.manifest : target.prefix}`;
    const bucketUrls = [toHttpsUrlForConnection(connection.connection, bucket, '')];
    const report = await withOperationProgress(deps.prompters.current, 'checkPackage', vscode.l10n.t('Checking {0}', where), (_report, signal) =>
      checkPackageInBucket(client, bucket, target, { signal, bucketUrls, checkContentTypes }),
    );
    return { client, where, report };
  };

  const checkPackage = async (arg: unknown): Promise<void> => {
    const { connection, bucket, target } = manifestOrFolder(arg);
    const { where, report } = await runCheck(connection, bucket, target, true);
    if (report.manifests.length === 0) {
      void deps.prompters.current.info(vscode.l10n.t('No playlist (.m3u8) or MPD (.mpd) under {0}: nothing to check.', where));
      return;
    }
    deps.log.info(`Check Package s3://${bucket}/${summarizeReport(report)}`);
    for (const f of report.findings) deps.log.info(`  ${findingLine(f)}`);
    const title = vscode.l10n.t('Package {0}', where.slice(where.lastIndexOf('/', where.length - 2) + 1));
    reports.show(`package|${connection.key}|${where}`, title, (frame) => renderPackageReport(frame, { where, report }), linkHandler(connection, bucket));
  };

  const checkPlayerCors = async (arg: unknown): Promise<void> => {
    const { connection, bucket, target } = manifestOrFolder(arg);
    const prompter = deps.prompters.current;
    const typed = await prompter.input({
      id: 'cors.origin',
      prompt: vscode.l10n.t('Origin of the player page, as the browser sends it (scheme://host[:port])'),
      placeholder: 'https://player.example.com',
      value: context.workspaceState.get<string>(ORIGIN_KEY) ?? '',
      validate: (v) => (normalizeOrigin(v) ? undefined : vscode.l10n.t('Enter an origin such as https://player.example.com (no path, not *)')),
    });
    if (typed === undefined || typed === BACK) return;
    const origin = normalizeOrigin(typed) as string;
    await context.workspaceState.update(ORIGIN_KEY, origin);
    const { client, where, report } = await runCheck(connection, bucket, target, false);
    const keys = corsTargetsOf(report);
    if (keys.length === 0) throw new UserFacingError(vscode.l10n.t('No playlist, MPD or segment under {0} to check.', where));
    // Presigned, as a private bucket's player gets them; CORS answers the same for public URLs.
    const targets = await Promise.all(
      keys.map(async (k) => ({ label: k.label, url: (await presignGet(client, { bucket, key: k.key, expiresInSeconds: 900 })).url })),
    );
    const rows = await withOperationProgress(prompter, 'checkCors', vscode.l10n.t('Checking CORS of {0} for {1}', where, origin), (_r, signal) =>
      checkCors(targets, { origin, signal }),
    );
    for (const r of rows) {
      deps.log.info(
        `CORS ${origin} ${r.target.label}: preflight ${r.preflight.verdict} (${r.preflight.reason}); GET ${r.get.verdict} (${r.get.reason}); headers ${r.exposed.verdict} (${r.exposed.reason})`,
      );
    }
    const fixable = rows.some((r) => r.preflight.verdict !== 'pass' || r.get.verdict !== 'pass' || r.exposed.verdict !== 'pass');
    const links = linkHandler(connection, bucket);
    reports.show(
      `cors|${connection.key}|${where}`,
      vscode.l10n.t('CORS {0}', origin),
      (frame) => renderCorsReport(frame, { origin, where, rows, fixable }),
      async (m) => {
        if (m.type !== 'fix-cors') return links(m);
        const existing = await readBucketCors(client, bucket);
        const text = toJsonText(corsFixFor(existing, origin));
        await deps.kinds.openGenerated(`${bucket} playback origins`, 's3-cors', text);
        const apply = vscode.l10n.t('Apply to bucket "{0}"…', bucket);
        const choice = await deps.prompters.current.info(
          existing?.CORSRules.length
            ? vscode.l10n.t(
                'A rule for {0} goes first; the rules the bucket has now ({1}) stay after it, for their origins.',
                origin,
                existing.CORSRules.length,
              )
            : vscode.l10n.t('A rule for {0}; the bucket has no CORS rules now.', origin),
          apply,
        );
        if (choice === apply) {
          await applyToBucket(
            deps,
            's3-cors',
            text,
            (arg instanceof ObjectNode || arg instanceof ListingNode ? placeFromNode(deps, arg) : undefined) ?? { connection, bucket, prefix: '' },
          );
        }
      },
    );
  };

  const fixContentTypes = async (arg: unknown): Promise<void> => {
    if (!(arg instanceof ListingNode) || !arg.connection) {
      throw new UserFacingError(vscode.l10n.t('Run Fix Content-Types on a folder, bucket, input or output in the Media Storage tree.'));
    }
    const { connection, bucket, prefix } = { connection: arg.connection, bucket: arg.bucket, prefix: arg.prefix };
    const prompter = deps.prompters.current;
    const client = await clientFor(deps, connection);
    const where = `s3://${bucket}/${prefix}`;
    const cache = { manifests: readSetting(deps.log, SETTINGS.manifestCacheControl), segments: readSetting(deps.log, SETTINGS.segmentCacheControl) };
    const audit = await withOperationProgress(prompter, 'contentTypes.audit', vscode.l10n.t('Checking the Content-Types under {0}', where), (report, signal) =>
      auditContentTypes(client, bucket, prefix, {
        signal,
        cache,
        onProgress: (n, of) => report(vscode.l10n.t('{0} of {1} media objects', n, of), Math.round((n * 100) / of)),
      }),
    );
    if (audit.fixes.length === 0) {
      void prompter.info(
        audit.media === 0
          ? vscode.l10n.t('No playlist, MPD, segment or subtitle under {0} ({1} listed).', where, objectCount(audit.listed))
          : vscode.l10n.t('The {0} under {1} have the right headers: nothing to fix.', mediaObjectCount(audit.media), where),
      );
      return;
    }
    const plan = describePlan(audit.fixes);
    deps.log.info(`Fix Content-Types under ${where}: ${audit.fixes.length} of ${audit.media} media objects to rewrite`);
    for (const f of audit.fixes) {
      deps.log.info(
        `  ${f.key}: ${[f.contentType ? `Content-Type ${f.contentType.from ?? '(none)'} → ${f.contentType.to}` : '', f.cacheControl ? `Cache-Control ${f.cacheControl.from ?? '(none)'} → ${f.cacheControl.to}` : ''].filter(Boolean).join('; ')}`,
      );
    }
    const ok = await prompter.confirm({
      id: 'contentTypes.confirm',
      message: vscode.l10n.t('Rewrite the headers of {0} under {1}?', objectCount(audit.fixes.length), where),
      detail: `${plan.slice(0, 8).join('\n')}${plan.length > 8 ? `\n${vscode.l10n.t('and {0} more kinds (see the log)', plan.length - 8)}` : ''}\n\n${vscode.l10n.t('Each object is copied onto itself on the server: every other header, its x-amz-meta-* and its storage class are kept, and the result is read back.')}`,
      confirmLabel: vscode.l10n.t('Fix {0}', objectCount(audit.fixes.length)),
    });
    if (!ok) return;
    const out = await withOperationProgress(prompter, 'contentTypes.fix', vscode.l10n.t('Fixing the headers under {0}', where), (report, signal) =>
      applyContentTypeFixes(client, bucket, audit.fixes, {
        signal,
        onProgress: (n, of) => report(vscode.l10n.t('{0} of {1}', n, of), Math.round((n * 100) / of)),
      }),
    );
    for (const f of out.failed) deps.errors.record(f.error, `Fix the headers of s3://${bucket}/${f.key}`);
    if (out.failed.length === 0 && out.notStarted.length === 0) {
      void prompter.info(vscode.l10n.t('Fixed the headers of {0} under {1}.', objectCount(out.fixed.length), where));
      return;
    }
    const unfinished = [...out.failed.map((f) => f.key), ...out.notStarted];
    void deps.errors.notifyWithLog(
      'warn',
      vscode.l10n.t(
        'Fixed {0} of {1} under {2}; {3} failed, {4} not started ({5}).',
        out.fixed.length,
        objectCount(audit.fixes.length),
        where,
        out.failed.length,
        out.notStarted.length,
        someOf(unfinished),
      ),
    );
  };

  const presignPackage = async (arg: unknown): Promise<void> => {
    if (!(arg instanceof ObjectNode) || arg.entry.kind !== 'hls' || !arg.connection) {
      throw new UserFacingError(vscode.l10n.t('Run Presign Package for Playback on an HLS playlist (.m3u8) in the Media Storage tree.'));
    }
    const { connection, bucket } = { connection: arg.connection, bucket: arg.bucket };
    const playlistKey = arg.entry.key;
    const prompter = deps.prompters.current;
    const expiryText = await prompter.input({
      id: 'presignPackage.expiry',
      prompt: vscode.l10n.t('How long the URLs stay valid: seconds or a duration such as 2h or 7d (at most 7 days)'),
      value: defaultExpiryText(deps.log),
      validate: (v) => {
        const r = parseExpiry(v);
        return r.ok ? undefined : r.reason;
      },
    });
    if (expiryText === undefined || expiryText === BACK) return;
    const parsed = parseExpiry(expiryText);
    if (!parsed.ok) return;
    const seconds = parsed.seconds;
    const where = await prompter.pick<'upload' | 'local'>({
      id: 'presignPackage.target',
      placeholder: vscode.l10n.t('Where should the rewritten playlists go? (the segments stay where they are)'),
      items: [
        {
          label: vscode.l10n.t('Upload them under a new prefix'),
          detail: vscode.l10n.t('and copy the master playlist’s presigned URL, for any player'),
          value: 'upload',
        },
        { label: vscode.l10n.t('Save them to a local folder'), detail: vscode.l10n.t('for a player on this machine (VLC, ffplay)'), value: 'local' },
      ],
    });
    if (where === undefined || where === BACK) return;
    const client = await clientFor(deps, connection);
    const folder = playlistKey.slice(0, playlistKey.lastIndexOf('/') + 1);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    // Read under the progress's signal, so Cancel stops the reads too.
    const readerFor = (signal: AbortSignal) => {
      const source = s3PackageSource(client, bucket, { signal });
      return (key: string): Promise<string | undefined> => source.readText(key, signal);
    };
    const presign = async (key: string): Promise<string> => (await presignGet(client, { bucket, key, expiresInSeconds: seconds })).url;
    const bucketUrls = [toHttpsUrlForConnection(connection.connection, bucket, '')];
    const expires = formatExpiry(seconds);

    if (where === 'upload') {
      const typed = await prompter.input({
        id: 'presignPackage.prefix',
        prompt: vscode.l10n.t('New prefix in s3://{0}/ for the rewritten playlists (it must not hold anything yet)', bucket),
        value: `${folder}playable-${stamp}/`,
        validate: (v) => (v.trim() && !v.trim().startsWith('/') ? undefined : vscode.l10n.t('Enter a prefix such as renditions/playable/')),
      });
      if (typed === undefined || typed === BACK) return;
      const prefix = typed.trim().endsWith('/') ? typed.trim() : `${typed.trim()}/`;
      if (await prefixHoldsObjects(client, bucket, prefix)) {
        throw new UserFacingError(vscode.l10n.t('s3://{0}/{1} already holds objects; choose a new prefix (nothing was written).', bucket, prefix));
      }
      const copy = await withOperationProgress(
        prompter,
        'presignPackage',
        vscode.l10n.t('Presigning s3://{0}/{1}', bucket, playlistKey),
        async (_r, signal) => {
          const planned = await playableCopy({ playlistKey, readText: readerFor(signal), presign, copyUrl: (name) => presign(prefix + name), bucketUrls });
          await uploadCopies(client, bucket, prefix, planned.files, signal);
          return planned;
        },
      );
      const masterUrl = await presign(prefix + (copy.files[0]?.name ?? ''));
      await vscode.env.clipboard.writeText(masterUrl);
      deps.log.info(
        `Presigned a playable copy of s3://${bucket}/${playlistKey} under s3://${bucket}/${prefix} (${copy.files.length} playlists, URLs valid ${expires})`,
      );
      warnAbout(copy);
      const SHOW = vscode.l10n.t('Show in Tree');
      void prompter
        .info(
          vscode.l10n.t(
            'Copied the presigned URL of a playable copy of {0} (valid {1}); {2} rewritten playlists are under s3://{3}/{4}.',
            playlistKey,
            expires,
            copy.files.length,
            bucket,
            prefix,
          ),
          SHOW,
        )
        .then((choice) => {
          if (choice === SHOW) {
            void vscode.commands.executeCommand(Commands.goToUri, { connectionKey: connection.key, bucket, key: prefix } satisfies TreeTarget);
          }
        });
      return;
    }
    const picked = await prompter.openDialog({
      id: 'presignPackage.folder',
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: vscode.l10n.t('Save Here'),
    });
    const base = picked?.[0];
    if (!base) return;
    const dir = vscode.Uri.joinPath(base, `playable-${stamp}`);
    const copy = await withOperationProgress(prompter, 'presignPackage', vscode.l10n.t('Presigning s3://{0}/{1}', bucket, playlistKey), async (_r, signal) => {
      const planned = await playableCopy({ playlistKey, readText: readerFor(signal), presign, copyUrl: async (name) => name, bucketUrls });
      signal.throwIfAborted();
      for (const f of planned.files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, f.name), new TextEncoder().encode(f.text));
      return planned;
    });
    warnAbout(copy);
    const OPEN = vscode.l10n.t('Open Folder');
    void prompter.info(vscode.l10n.t('Saved a playable copy of {0} (URLs valid {1}) to {2}.', playlistKey, expires, dir.fsPath), OPEN).then((choice) => {
      if (choice === OPEN) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.joinPath(dir, copy.files[0]?.name ?? ''));
    });
  };

  const warnAbout = (copy: { missing: string[]; external: string[] }): void => {
    if (copy.missing.length) {
      void deps.prompters.current.warn(
        vscode.l10n.t('The master names playlists that are not in the bucket; players fail on those renditions: {0}.', someOf(copy.missing)),
      );
    }
    if (copy.external.length) deps.log.info(`Left as they are (not in the bucket): ${copy.external.join(', ')}`);
  };

  context.subscriptions.push(
    reports,
    commands.register(Commands.presignPackage, presignPackage),
    commands.register(Commands.checkPackage, checkPackage),
    commands.register(Commands.checkPlayerCors, checkPlayerCors),
    commands.register(Commands.fixContentTypes, fixContentTypes),
  );
  return { reports };
}
