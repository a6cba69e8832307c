import * as vscode from 'vscode';
import { BitmovinClient, DEFAULT_BITMOVIN_BASE_URL, normalizeBaseUrl, type BitmovinDirection, type BitmovinStorageKind } from '../core/bitmovin';
import { Commands } from '../commandIds';
import type { CommandRunner } from '../commands/runner';
import type { ErrorReporter } from '../errors/errorReporter';
import type { Logger } from '../logger';
import { BitmovinSettingKeys, SETTINGS_SECTION } from '../settingKeys';
import type { StorageRegistry } from '../storage/storageModel';
import type { ExplorerProvider } from '../tree/explorer';
import type { Prompter, PrompterHolder } from '../ui/prompter';
import { BitmovinKeyStore } from './apiKeyStore';
import { BitmovinLoadMore, BitmovinTree } from './bitmovinTree';
import { registerInBitmovin, type RegisterDeps } from './registerLocation';

export interface BitmovinDeps {
  log: Logger;
  errors: ErrorReporter;
  registry: StorageRegistry;
  prompters: PrompterHolder;
  explorer: ExplorerProvider;
  commands: CommandRunner;
}

/** What the Bitmovin part adds to the extension's API. */
export interface BitmovinApi {
  readonly keys: BitmovinKeyStore;
  readonly tree: BitmovinTree;
  /** a client for the stored key and the current settings; throws without a key */
  client(): Promise<BitmovinClient>;
}

function settings(): { baseUrl: string; organizationId?: string } {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const raw = config.get<string>(BitmovinSettingKeys.baseUrl, DEFAULT_BITMOVIN_BASE_URL);
  const org = config.get<string>(BitmovinSettingKeys.organizationId, '').trim();
  return { baseUrl: raw, ...(org ? { organizationId: org } : {}) };
}

export function registerBitmovin(context: vscode.ExtensionContext, d: BitmovinDeps): BitmovinApi {
  const keys = new BitmovinKeyStore(context.secrets, d.log);
  const client = async (): Promise<BitmovinClient> => {
    const apiKey = await keys.get();
    if (!apiKey) throw new Error(vscode.l10n.t('No Bitmovin API key is set. Run "Media Storage: Set Bitmovin API Key…".'));
    const s = settings();
    return new BitmovinClient({
      apiKey,
      baseUrl: s.baseUrl,
      ...(s.organizationId ? { organizationId: s.organizationId } : {}),
      log: (line) => d.log.debug(line),
    });
  };
  const tree = new BitmovinTree(
    {
      hasKey: async () => (await keys.get()) !== undefined,
      client,
      describe: () => {
        const s = settings();
        let baseUrl = s.baseUrl;
        try {
          baseUrl = normalizeBaseUrl(s.baseUrl);
        } catch {
          // shown as typed; listing reports why it is unusable
        }
        return { baseUrl, ...(s.organizationId ? { organizationId: s.organizationId } : {}) };
      },
    },
    d.log,
  );
  const redraw = (): void => {
    tree.resetAll();
    d.explorer.refresh();
  };
  const prompter = (): Prompter => d.prompters.current;

  const registerDeps: RegisterDeps = {
    registry: d.registry,
    prompter,
    client,
    log: d.log,
    errors: d.errors,
    created: (direction: BitmovinDirection, kind: BitmovinStorageKind) => {
      const node = tree.kindNode(direction, kind);
      node.reset();
      d.explorer.refresh(node);
    },
  };
  context.subscriptions.push(
    keys,
    keys.onDidChange(redraw),
    d.explorer.contributeRoots((empty) => tree.roots(empty, keys.hasKey)),
    // A full refresh of the view (Refresh, a registry change) lists Bitmovin again too.
    d.explorer.onDidChangeTreeData((node) => {
      if (node === undefined) tree.resetAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.bitmovin`)) redraw();
    }),
    d.commands.register(Commands.setBitmovinApiKey, () => setApiKey()),
    d.commands.register(Commands.clearBitmovinApiKey, async () => {
      await keys.clear();
      d.log.info('Bitmovin API key removed from secret storage.');
    }),
    d.commands.register(Commands.registerBitmovinOutput, (arg) => registerInBitmovin(registerDeps, 'output', arg)),
    d.commands.register(Commands.registerBitmovinInput, (arg) => registerInBitmovin(registerDeps, 'input', arg)),
    d.commands.register(Commands.bitmovinLoadMore, async (arg) => {
      if (arg instanceof BitmovinLoadMore) {
        await arg.owner.loadMore();
        d.explorer.redraw(arg.owner);
      }
    }),
  );
  // The key's presence decides whether the group shows in an otherwise empty tree.
  void keys.get().then(
    () => d.explorer.refresh(),
    (err: unknown) => d.log.warn(`Could not read the Bitmovin API key from secret storage: ${err instanceof Error ? err.message : String(err)}`),
  );

  /** Stores the key, then checks it with one list request so a wrong key shows at once. */
  async function setApiKey(): Promise<void> {
    const value = await prompter().password({
      id: 'bitmovin.apiKey',
      title: vscode.l10n.t('Set Bitmovin API Key'),
      prompt: vscode.l10n.t('Your Bitmovin API key (kept in VS Code’s secret storage)'),
      validate: (v) => (!v.trim() ? vscode.l10n.t('Enter the API key.') : /\s/.test(v.trim()) ? vscode.l10n.t('An API key has no spaces.') : undefined),
    });
    if (typeof value !== 'string') return;
    await keys.set(value.trim());
    try {
      await (await client()).list('outputs', 's3', { limit: 1 });
      d.log.info(`Bitmovin API key saved; ${settings().baseUrl} accepted it.`);
      // Said, not only logged: a wrong key is reported at once, so silence would leave the user guessing.
      void prompter().info(vscode.l10n.t('Bitmovin API key saved; {0} accepted it.', settings().baseUrl));
    } catch (err) {
      d.errors.report(err, vscode.l10n.t('Check the Bitmovin API key (it was saved; set it again to replace it)'));
    }
  }

  return { keys, tree, client };
}
