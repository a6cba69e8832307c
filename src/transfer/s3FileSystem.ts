import * as vscode from 'vscode';
import { formatBytes } from '../core/format';
import { mayConnect, type ConnectionEntry } from '../storage/storageModel';
import type { TransferDeps } from './targets';
import { openMaxSizeBytes } from './settings';

export const S3_SCHEME = 's3media';

/**
 * s3media://<connection id>/<bucket>/<key>?<connection key>. The id keeps the URI readable in
 * tooltips; the query holds the exact registry entry, since the same id may be defined both in
 * the user settings and in a workspace file.
 */
export function objectUri(connection: ConnectionEntry, bucket: string, key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: S3_SCHEME, authority: connection.connection.id, path: `/${bucket}/${key}`, query: connection.key });
}

interface Parsed {
  connection: ConnectionEntry;
  bucket: string;
  key: string;
}

/**
 * Objects opened read-only in editors. Reading fetches the whole object into memory, so
 * objects above the size limit are refused unless the user confirmed that one (`allow`).
 */
export class S3ReadonlyFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly allowed = new Set<string>();

  constructor(private readonly deps: TransferDeps) {}

  /** Lets one object above the size limit be read (the user confirmed it). */
  allow(uri: vscode.Uri): void {
    this.allowed.add(uri.toString());
  }

  private parse(uri: vscode.Uri): Parsed {
    const model = this.deps.registry.model;
    const connection = model.connections.find((c) => c.key === uri.query) ?? model.connections.find((c) => c.connection.id === uri.authority);
    if (!connection) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('No connection "{0}" is registered.', uri.authority));
    if (!mayConnect(model, connection.source)) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The workspace is not trusted; its storage entries cannot be used.'));
    }
    const [, bucket = '', ...rest] = uri.path.split('/');
    return { connection, bucket, key: rest.join('/') };
  }

  private fail(err: unknown, uri: vscode.Uri): never {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) throw vscode.FileSystemError.FileNotFound(uri);
    if (status === 403) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Access denied to s3://{0}', uri.path.slice(1)));
    this.deps.errors.report(err, vscode.l10n.t('Read s3://{0}', uri.path.slice(1)));
    throw vscode.FileSystemError.Unavailable(uri);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { connection, bucket, key } = this.parse(uri);
    if (key === '' || key.endsWith('/')) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const client = await this.deps.clients.get(connection);
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const mtime = head.LastModified?.getTime() ?? 0;
      return { type: vscode.FileType.File, ctime: mtime, mtime, size: head.ContentLength ?? 0, permissions: vscode.FilePermission.Readonly };
    } catch (err) {
      return this.fail(err, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { connection, bucket, key } = this.parse(uri);
    const limit = openMaxSizeBytes(this.deps.log);
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const client = await this.deps.clients.get(connection);
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const size = response.ContentLength ?? 0;
      if (size > limit && !this.allowed.has(uri.toString())) {
        (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw vscode.FileSystemError.NoPermissions(
          vscode.l10n.t(
            's3://{0}/{1} is {2}, above the {3} limit for opening objects (mediaStorage.open.maxSize); use Open Object to confirm, or Download.',
            bucket,
            key,
            formatBytes(size),
            formatBytes(limit),
          ),
        );
      }
      const body = response.Body as { transformToByteArray(): Promise<Uint8Array> } | undefined;
      return body ? await body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      return this.fail(err, uri);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    // Browsing happens in the Media Storage view; editors only open single objects here.
    return [];
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private readonly readonlyError = (): never => {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects opened from Media Storage are read-only; download the object to edit it.'));
  };
  createDirectory = this.readonlyError;
  writeFile = this.readonlyError;
  delete = this.readonlyError;
  rename = this.readonlyError;

  dispose(): void {
    this.emitter.dispose();
  }
}
