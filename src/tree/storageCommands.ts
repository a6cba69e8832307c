import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { CommandHandler, CommandRunner } from '../commands/runner';
import { checkBucketName, type Connection, type Location, type LocationRole } from '../core/storage/connection';
import { toArn, toHttpsUrlForConnection, toS3Uri } from '../core/storage/s3url';
import type { ErrorReporter } from '../errors/errorReporter';
import type { Logger } from '../logger';
import type { ExplorerProvider } from './explorer';
import { ConnectionNode, ErrorNode, ListingNode, LoadMoreNode, ObjectNode, type TreeNode } from './nodes';
import { reasonIsConnection } from '../core/errors/classify';
import { BACK, type PrompterHolder } from '../ui/prompter';
import { runAccessCheck } from '../storage/accessCheckCommand';
import type { ClientPool } from '../storage/clientPool';
import { describeConnection, destinationOf, type CredentialConsent } from '../storage/credentialConsent';
import { accessKeyIdQuestion, confirmReplaceKeys, pickConnectionEntry, secretQuestion } from '../storage/credentialPrompts';
import type { CredentialStore } from '../storage/credentialStore';
import type { PinnedBuckets } from '../storage/pinnedBuckets';
import { revealEntry } from '../storage/reveal';
import type { RegistryWriter } from '../storage/registryWriter';
import { sourceKey, sourceLabel, type ConnectionEntry, type LocationEntry, type StorageRegistry } from '../storage/storageModel';
import { checkedBy, connectionWizard, locationWizard, type ConnectionDraft, type ConnectionWizardServices } from '../storage/wizards';
import { INTERACTIVE_RETRY, type StaticCredentials } from '../core/storage/client';
import { listBuckets } from '../core/storage/listing';

export interface StorageCommandDeps {
  registry: StorageRegistry;
  writer: RegistryWriter;
  explorer: ExplorerProvider;
  clients: ClientPool;
  credentials: CredentialStore;
  consent: CredentialConsent;
  pinned: PinnedBuckets;
  prompts: PrompterHolder;
  log: Logger;
  errors: ErrorReporter;
  commands: CommandRunner;
}

export function registerStorageCommands(d: StorageCommandDeps): vscode.Disposable[] {
  const prompter = (): PrompterHolder['current'] => d.prompts.current;

  const pickLocation = async (arg: unknown, roles: LocationRole[] = ['input', 'output']): Promise<LocationEntry | undefined> => {
    if (arg instanceof ListingNode && arg.location) return arg.location;
    const model = d.registry.model;
    const all = [...(roles.includes('input') ? model.inputs : []), ...(roles.includes('output') ? model.outputs : [])];
    if (!all.length) {
      void prompter().info(vscode.l10n.t('No inputs or outputs are registered yet; add one first.'));
      return undefined;
    }
    const picked = await prompter().pick<LocationEntry>({
      id: 'pick.location',
      placeholder: vscode.l10n.t('Which input or output?'),
      items: all.map((e) => ({
        label: e.location.name,
        description: `${e.location.role} · ${toS3Uri(e.location.bucket, e.location.prefix ?? '')} · ${sourceLabel(e.source)}`,
        value: e,
      })),
    });
    return picked === BACK ? undefined : picked;
  };

  const pickConnection = async (arg: unknown): Promise<ConnectionEntry | undefined> => {
    if (arg instanceof ConnectionNode) return arg.entry;
    if (arg instanceof ListingNode || arg instanceof ObjectNode || arg instanceof ErrorNode) {
      if (arg.connection) return arg.connection;
    }
    const model = d.registry.model;
    if (!model.connections.length) {
      void prompter().info(vscode.l10n.t('No connections are registered yet; add one first.'));
      return undefined;
    }
    return pickConnectionEntry(prompter(), 'pick.connection', vscode.l10n.t('Which connection?'), model.connections);
  };

  /** bucket + key of whatever node the copy commands were invoked on */
  const target = async (arg: unknown): Promise<{ connection?: ConnectionEntry | undefined; bucket: string; key: string } | undefined> => {
    if (arg instanceof ObjectNode) return { connection: arg.connection, bucket: arg.bucket, key: arg.entry.key };
    if (arg instanceof ListingNode) return { connection: arg.connection, bucket: arg.bucket, key: arg.prefix };
    const loc = await pickLocation(arg);
    return loc ? { connection: loc.connection, bucket: loc.location.bucket, key: loc.location.prefix ?? '' } : undefined;
  };

  const copy = async (text: string, what: string): Promise<void> => {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}: {1}', what, text), 4000);
  };

  const addLocation = (role: LocationRole) => async (): Promise<void> => {
    if (!d.registry.model.connections.length) {
      const choice = await prompter().info(
        role === 'input'
          ? vscode.l10n.t('An input lives on a connection; add a connection first.')
          : vscode.l10n.t('An output lives on a connection; add a connection first.'),
        vscode.l10n.t('Add Connection'),
      );
      if (choice) await vscode.commands.executeCommand(Commands.addConnection);
      return;
    }
    const draft = await locationWizard(prompter(), d.registry.model, role, undefined, { listBuckets: bucketNames });
    if (!draft?.target) return;
    await d.writer.add(draft.target, role === 'input' ? 'inputs' : 'outputs', draft.location as Location);
    await d.registry.reload();
  };

  // Keys are stored for the connection's identity (where it is defined and where it points), so
  // a workspace connection that shares an id with one of the user's never replaces the user's.
  // The tree redraws on any credential change (activateStorage), so the commands need not.
  const setCredentials = async (arg: unknown): Promise<void> => {
    const entry = await pickConnection(arg);
    if (!entry) return;
    const title = vscode.l10n.t('Credentials for {0}', entry.connection.label);
    const existing = await d.credentials.get(entry);
    const steps = existing ? 3 : 2;
    if (existing) {
      const replace = await confirmReplaceKeys(prompter(), entry, existing, undefined, { id: 'credentials.replace', title, step: 1, totalSteps: steps });
      if (!replace) return;
    }
    const keyId = await prompter().input({
      ...accessKeyIdQuestion('credentials.accessKeyId', `${describeConnection(entry)} at ${destinationOf(entry.connection)}`),
      title,
      step: steps - 1,
      totalSteps: steps,
    });
    if (keyId === undefined || keyId === BACK) return;
    const secret = await prompter().password({ ...secretQuestion('credentials.secretAccessKey'), title, step: steps, totalSteps: steps, canGoBack: false });
    if (secret === undefined || secret === BACK) return;
    await d.credentials.set(entry, { accessKeyId: keyId.trim(), secretAccessKey: secret.trim() });
    d.log.info(
      `Credentials for ${describeConnection(entry)} stored in the secret store${existing ? ` (replacing access key ID ${existing.accessKeyId})` : ''}`,
    );
  };

  const remove = async (arg: unknown): Promise<void> => {
    if (arg instanceof ListingNode && arg.kind === 'bucket' && arg.pinned && arg.connection) {
      await d.pinned.remove(arg.connection.key, arg.bucket);
      d.explorer.refresh();
      return;
    }
    if (arg instanceof ConnectionNode) {
      const c = arg.entry.connection;
      const users = [...d.registry.model.inputs, ...d.registry.model.outputs].filter((l) => l.connection === arg.entry);
      const ok = await prompter().confirm({
        id: 'confirm.remove',
        message: vscode.l10n.t('Remove connection "{0}" from {1}?', c.label, sourceLabel(arg.entry.source)),
        detail: users.length
          ? users.length === 1
            ? vscode.l10n.t('1 input or output uses it and will show "no connection": {0}.', users.map((u) => u.location.name).join(', '))
            : vscode.l10n.t('{0} inputs and outputs use it and will show "no connection": {1}.', users.length, users.map((u) => u.location.name).join(', '))
          : vscode.l10n.t('Its stored credentials are removed from the secret store too.'),
        confirmLabel: vscode.l10n.t('Remove'),
      });
      if (!ok) return;
      await d.writer.remove(arg.entry.source, 'connections', c.id);
      await d.registry.reload();
      // The keys belonged to this definition alone; another one with the same id has its own.
      await d.credentials.clear(arg.entry);
      return;
    }
    const loc = await pickLocation(arg);
    if (!loc) return;
    const ok = await prompter().confirm({
      id: 'confirm.remove',
      message:
        loc.location.role === 'input'
          ? vscode.l10n.t('Remove input "{0}" from {1}?', loc.location.name, sourceLabel(loc.source))
          : vscode.l10n.t('Remove output "{0}" from {1}?', loc.location.name, sourceLabel(loc.source)),
      detail: vscode.l10n.t('Only the entry is removed; no object in the bucket is touched.'),
      confirmLabel: vscode.l10n.t('Remove'),
    });
    if (!ok) return;
    await d.writer.remove(loc.source, loc.location.role === 'input' ? 'inputs' : 'outputs', loc.location.name);
    await d.registry.reload();
  };

  const edit = async (arg: unknown): Promise<void> => {
    // A connection that does not answer or can't be reached is fixed by editing the connection
    // (its endpoint, TLS, addressing), so its error node offers Edit beside Retry.
    const connection = arg instanceof ConnectionNode ? arg.entry : arg instanceof ErrorNode && reasonIsConnection(arg.reason) ? arg.connection : undefined;
    if (connection) {
      const storedKeys = await d.credentials.get(connection);
      const draft = await connectionWizard(prompter(), d.registry.model, connection, wizardServices(storedKeys, connection));
      if (!draft) return;
      const edited = draft.connection as Connection;
      await d.writer.update(connection.source, 'connections', connection.connection.id, edited);
      await d.registry.reload();
      const now = d.registry.model.connections.find((c) => sourceKey(c.source) === sourceKey(connection.source) && c.connection.id === edited.id);
      // Keys are bound to where a connection points; an edit made here is the owner moving it.
      if (now && (await d.credentials.move(connection, now))) {
        d.log.info(`The stored keys of "${edited.label}" now go with it to ${describeConnection(now)} at ${destinationOf(now.connection)}`);
      }
      if (now) await storeWizardKeys(now, draft);
      return;
    }
    const loc = await pickLocation(arg);
    if (!loc) return;
    const draft = await locationWizard(prompter(), d.registry.model, loc.location.role, loc, { listBuckets: bucketNames });
    if (!draft) return;
    await d.writer.update(loc.source, loc.location.role === 'input' ? 'inputs' : 'outputs', loc.location.name, draft.location as Location);
    await d.registry.reload();
  };

  const wizardServices = (storedKeys: StaticCredentials | undefined, edited?: ConnectionEntry): ConnectionWizardServices => ({
    network: d.clients.network,
    log: d.log,
    storedKeys,
    workspaceDefined: edited?.source.kind === 'workspace',
  });

  /** Keys typed in the wizard go to the secret store; a profile or the default chain replaces stored keys (the pool would prefer them). */
  const storeWizardKeys = async (entry: ConnectionEntry, draft: ConnectionDraft): Promise<void> => {
    if (draft.keys) {
      await d.credentials.set(entry, draft.keys);
      d.log.info(`Credentials for ${describeConnection(entry)} stored in the secret store (access key ID ${draft.keys.accessKeyId})`);
    } else if (draft.credentials && draft.credentials.kind !== 'keys') {
      await d.credentials.clear(entry);
    }
  };

  const bucketNames = async (entry: ConnectionEntry): Promise<string[]> => {
    const client = await d.clients.get(entry, { interactive: true, purpose: `the bucket list of "${entry.connection.label}"` });
    return (await listBuckets(client, { retry: INTERACTIVE_RETRY })).map((b) => b.name);
  };

  const listingOf = (arg: unknown): ListingNode | undefined => (arg instanceof ListingNode ? arg : undefined);

  const commands: [string, CommandHandler][] = [
    [
      Commands.addConnection,
      async () => {
        const draft = await connectionWizard(prompter(), d.registry.model, undefined, wizardServices(undefined));
        if (!draft?.target) return;
        const target = draft.target;
        const added = draft.connection as Connection;
        await d.writer.add(target, 'connections', added);
        await d.registry.reload();
        const entry = d.registry.model.connections.find((c) => sourceKey(c.source) === sourceKey(target) && c.connection.id === added.id);
        if (entry) await storeWizardKeys(entry, draft);
        void prompter().info(
          draft.found
            ? vscode.l10n.t('Connection "{0}" added: {1}.', added.label, draft.found)
            : vscode.l10n.t('Connection "{0}" added without a working connection; use Edit to fix it.', added.label),
        );
      },
    ],
    [Commands.addInput, addLocation('input')],
    [Commands.addOutput, addLocation('output')],
    [Commands.edit, edit],
    [Commands.remove, remove],
    [Commands.setCredentials, setCredentials],
    [
      Commands.clearCredentials,
      async (arg) => {
        const entry = await pickConnection(arg);
        if (!entry) return;
        await d.credentials.clear(entry);
        void prompter().info(vscode.l10n.t('Credentials of "{0}" ({1}) removed from the secret store.', entry.connection.label, describeConnection(entry)));
      },
    ],
    [
      Commands.resetCredentialPermissions,
      async () => {
        const count = await d.consent.reset();
        void prompter().info(
          count
            ? count === 1
              ? vscode.l10n.t('Forgot 1 answer about workspace connections using your credentials; it asks again when next used.')
              : vscode.l10n.t('Forgot {0} answers about workspace connections using your credentials; each asks again when next used.', count)
            : vscode.l10n.t('No workspace connection has asked to use your credentials in this workspace.'),
        );
      },
    ],
    [
      Commands.copyS3Uri,
      async (arg) => {
        const t = await target(arg);
        if (t) await copy(toS3Uri(t.bucket, t.key), vscode.l10n.t('S3 URI'));
      },
    ],
    [
      Commands.copyHttpsUrl,
      async (arg) => {
        const t = await target(arg);
        if (!t) return;
        const conn = t.connection?.connection ?? { region: 'us-east-1' };
        await copy(toHttpsUrlForConnection(conn, t.bucket, t.key), vscode.l10n.t('HTTPS URL'));
      },
    ],
    [
      Commands.copyArn,
      async (arg) => {
        const t = await target(arg);
        if (t) await copy(toArn(t.bucket, t.key), vscode.l10n.t('ARN'));
      },
    ],
    [
      Commands.revealInRegistry,
      async (arg) => {
        if (arg instanceof ConnectionNode) return revealEntry(prompter(), arg.entry.source, 'connections', arg.entry.connection.id);
        const loc = await pickLocation(arg);
        if (loc) await revealEntry(prompter(), loc.source, loc.location.role === 'input' ? 'inputs' : 'outputs', loc.location.name);
      },
    ],
    [
      Commands.checkAccess,
      async (arg) => {
        const loc = await pickLocation(arg);
        if (loc) await runAccessCheck(loc, d.registry.model, d.clients, { log: d.log, errors: d.errors, prompter: prompter() });
      },
    ],
    [Commands.refreshNode, (arg) => d.explorer.refresh(arg as TreeNode | undefined)],
    [
      Commands.loadMore,
      async (arg) => {
        const node = arg instanceof LoadMoreNode ? arg.owner : listingOf(arg);
        if (node) await d.explorer.loadMore(node);
      },
    ],
    [
      Commands.filter,
      async (arg) => {
        const node = listingOf(arg);
        if (!node) return;
        const value = await prompter().input({
          id: 'filter.prefix',
          title: vscode.l10n.t('Filter {0}', node.s3Uri),
          prompt: vscode.l10n.t('Show only names at this level that start with … (empty clears the filter)'),
          value: node.filter ?? '',
          validate: (v) => (v.includes('/') ? vscode.l10n.t('The filter matches names at this level; open the folder instead of typing "/"') : undefined),
        });
        if (value === undefined || value === BACK) return;
        d.explorer.setFilter(node, value);
      },
    ],
    [
      Commands.clearFilter,
      (arg) => {
        const node = listingOf(arg);
        if (node) d.explorer.setFilter(node, undefined);
      },
    ],
    [
      Commands.addBucket,
      async (arg) => {
        const entry = await pickConnection(arg);
        if (!entry) return;
        const name = await prompter().input({
          id: 'bucket.name',
          title: vscode.l10n.t('Add a bucket on {0}', entry.connection.label),
          prompt: vscode.l10n.t('Bucket name (works without permission to list all buckets)'),
          validate: checkedBy(checkBucketName),
        });
        if (name === undefined || name === BACK) return;
        await d.pinned.add(entry.key, name.trim());
        d.explorer.refresh();
      },
    ],
  ];
  return commands.map(([id, fn]) => d.commands.register(id, fn));
}
