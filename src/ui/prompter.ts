import { AsyncLocalStorage } from 'node:async_hooks';
import * as vscode from 'vscode';

/**
 * Every question the extension asks the user, every notification and every progress goes
 * through a Prompter, so that commands stay testable in the real extension host: tests install
 * a scripted Prompter through the API instead of driving QuickInput widgets and notifications
 * they cannot reach, and observe through it what a user would see.
 */

// Symbol.for, not Symbol(): a scripted prompter compiled into the test bundle must hand back
// the very same value the extension bundle compares against.
export const BACK: unique symbol = Symbol.for('mediaStorage.prompter.back') as never;
export type Back = typeof BACK;

// The title of the command a question belongs to, for quick picks and input boxes that name none:
// an untitled quick input floats without saying what it is part of. Carried by the async context
// the runner starts each command in, so concurrent commands keep their own; held under a
// Symbol.for key, like BACK, so the test bundle's copy of this module sees the same store.
const COMMAND_TITLE = Symbol.for('mediaStorage.prompter.commandTitle');
const commandTitles: AsyncLocalStorage<string> = ((globalThis as { [COMMAND_TITLE]?: AsyncLocalStorage<string> })[COMMAND_TITLE] ??=
  new AsyncLocalStorage<string>());

/** Runs a command's handler so that the questions it asks are titled with the command's title. */
export function withCommandTitle<R>(title: string, run: () => R): R {
  return commandTitles.run(title, run);
}

/** The title a question gets: its own, else its command's. */
export function titleOf(s: { title?: string | undefined }): string | undefined {
  return s.title ?? commandTitles.getStore();
}

export interface StepInfo {
  title?: string | undefined;
  step?: number | undefined;
  totalSteps?: number | undefined;
  /** shows the Back button; pressing it resolves to BACK */
  canGoBack?: boolean | undefined;
}

export interface PickItem<T> {
  label: string;
  description?: string | undefined;
  detail?: string | undefined;
  value: T;
  /** preselected (the active item) */
  picked?: boolean | undefined;
}

export interface PickOptions<T> extends StepInfo {
  /** stable name of the question, e.g. 'connection.kind'; scripted prompters match on it */
  id: string;
  placeholder?: string;
  items: PickItem<T>[];
}

/** A message for invalid text; undefined when the text is fine. */
export type Validator = (value: string) => string | undefined | Promise<string | undefined>;

export interface InputOptions extends StepInfo {
  id: string;
  prompt?: string;
  placeholder?: string;
  value?: string;
  validate?: Validator;
}

export interface ConfirmOptions {
  id: string;
  message: string;
  detail?: string;
  /** the button that confirms, e.g. 'Remove' */
  confirmLabel: string;
  /** a button that declines, e.g. "Don't Allow", in place of Cancel (Escape chooses it too) */
  declineLabel?: string;
}

/** What a running operation tells the user: the message replaces the last one; increments (percent) add up. */
export interface ProgressReport {
  message?: string;
  increment?: number;
}

export interface ProgressOptions {
  /** stable name of the operation, e.g. 'upload'; scripted prompters match on it */
  id: string;
  title: string;
  /** shows a Cancel button, which fires the task's token */
  cancellable: boolean;
  /** a notification (the default) or the status bar, for short steps that need no Cancel */
  location?: 'notification' | 'window';
}

export interface Prompter {
  /** The picked item's value, BACK, or undefined when dismissed. */
  pick<T>(options: PickOptions<T>): Promise<T | Back | undefined>;
  /** Accepted text (already valid), BACK, or undefined when dismissed. */
  input(options: InputOptions): Promise<string | Back | undefined>;
  /** Like input, with the text masked; the value must never be logged. */
  password(options: InputOptions): Promise<string | Back | undefined>;
  /** True only when the user chose the confirming button. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** The chosen files or folders, or undefined when dismissed (e.g. a download folder). */
  openDialog(options: OpenDialogOptions): Promise<vscode.Uri[] | undefined>;
  // What the user is told, as notifications: each resolves with the action chosen, or undefined
  // when dismissed. Callers that only inform do not await them (a notification stays open).
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** Runs `task` while its progress is shown; resolves (or rejects) as the task does. */
  progress<R>(options: ProgressOptions, task: (report: (r: ProgressReport) => void, token: vscode.CancellationToken) => Promise<R>): Promise<R>;
}

export interface OpenDialogOptions extends vscode.OpenDialogOptions {
  id: string;
}

/** The real prompter: QuickPick and InputBox widgets with Back buttons. */
export class VsCodePrompter implements Prompter {
  pick<T>(options: PickOptions<T>): Promise<T | Back | undefined> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
      applyStep(qp, options);
      qp.placeholder = options.placeholder;
      qp.items = options.items.map((i) => ({
        label: i.label,
        value: i.value,
        ...(i.description === undefined ? {} : { description: i.description }),
        ...(i.detail === undefined ? {} : { detail: i.detail }),
      }));
      const active = qp.items.find((_, n) => options.items[n]?.picked);
      if (active) qp.activeItems = [active];
      let settled = false;
      const finish = (v: T | Back | undefined): void => {
        if (settled) return;
        settled = true;
        resolve(v);
        qp.dispose();
      };
      qp.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) finish(BACK);
      });
      qp.onDidAccept(() => finish(qp.selectedItems[0]?.value));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  }

  input(options: InputOptions): Promise<string | Back | undefined> {
    return this.box(options, false);
  }

  password(options: InputOptions): Promise<string | Back | undefined> {
    return this.box(options, true);
  }

  async confirm(options: ConfirmOptions): Promise<boolean> {
    const buttons: vscode.MessageItem[] = [{ title: options.confirmLabel }];
    if (options.declineLabel) buttons.push({ title: options.declineLabel, isCloseAffordance: true });
    const choice = await vscode.window.showWarningMessage(options.message, { modal: true, ...(options.detail ? { detail: options.detail } : {}) }, ...buttons);
    return choice?.title === options.confirmLabel;
  }

  openDialog(options: OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    const { id: _id, ...dialog } = options;
    return Promise.resolve(vscode.window.showOpenDialog(dialog));
  }

  info(message: string, ...actions: string[]): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInformationMessage(message, ...actions));
  }

  warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showWarningMessage(message, ...actions));
  }

  error(message: string, ...actions: string[]): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showErrorMessage(message, ...actions));
  }

  progress<R>(options: ProgressOptions, task: (report: (r: ProgressReport) => void, token: vscode.CancellationToken) => Promise<R>): Promise<R> {
    const location = options.location === 'window' ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
    return Promise.resolve(
      vscode.window.withProgress({ location, title: options.title, cancellable: options.cancellable }, (progress, token) =>
        task((r) => progress.report(r), token),
      ),
    );
  }

  private box(options: InputOptions, password: boolean): Promise<string | Back | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      applyStep(box, options);
      box.password = password;
      box.prompt = options.prompt;
      box.placeholder = options.placeholder;
      box.value = options.value ?? '';
      let settled = false;
      // Validation results can arrive out of order; only the one for the current text counts.
      let generation = 0;
      const finish = (v: string | Back | undefined): void => {
        if (settled) return;
        settled = true;
        resolve(v);
        box.dispose();
      };
      const validate = async (value: string): Promise<string | undefined> => {
        const mine = ++generation;
        let message: string | undefined;
        try {
          message = options.validate ? await options.validate(value) : undefined;
        } catch (err) {
          message = err instanceof Error ? err.message : String(err);
        }
        if (mine === generation) box.validationMessage = message;
        return message;
      };
      box.onDidChangeValue((v) => void validate(v));
      box.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) finish(BACK);
      });
      const accept = async (): Promise<void> => {
        const value = box.value;
        box.busy = true;
        const message = await validate(value);
        box.busy = false;
        if (message === undefined) finish(value);
      };
      box.onDidAccept(() => void accept());
      box.onDidHide(() => finish(undefined));
      box.show();
      if (box.value) void validate(box.value);
    });
  }
}

function applyStep(q: vscode.QuickInput, s: StepInfo): void {
  q.title = titleOf(s);
  q.step = s.step;
  q.totalSteps = s.totalSteps;
  q.ignoreFocusOut = true;
  if (s.canGoBack && 'buttons' in q) {
    (q as vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox).buttons = [vscode.QuickInputButtons.Back];
  }
}

/**
 * Holds the prompter in use; tests swap it through the extension's API. Whichever prompter it
 * holds, notifications reach it through `notice` (the logger's redaction and shortening), so a
 * scripted prompter records exactly the text a user would read.
 */
export class PrompterHolder {
  private active: Prompter;
  constructor(
    private readonly notice: (text: string) => string,
    private readonly real: Prompter = new VsCodePrompter(),
  ) {
    this.active = noticed(real, notice);
  }
  get current(): Prompter {
    return this.active;
  }
  /** undefined restores the real prompter. */
  set(p: Prompter | undefined): void {
    this.active = noticed(p ?? this.real, this.notice);
  }
}

function noticed(p: Prompter, notice: (text: string) => string): Prompter {
  return {
    pick: (o) => p.pick(o),
    input: (o) => p.input(o),
    password: (o) => p.password(o),
    confirm: (o) => p.confirm(o),
    openDialog: (o) => p.openDialog(o),
    info: (message, ...actions) => p.info(notice(message), ...actions),
    warn: (message, ...actions) => p.warn(notice(message), ...actions),
    error: (message, ...actions) => p.error(notice(message), ...actions),
    // A progress notification is read like the others: its title and messages are redacted too.
    progress: (o, task) =>
      p.progress({ ...o, title: notice(o.title) }, (report, token) =>
        task((r) => report(r.message === undefined ? r : { ...r, message: notice(r.message) }), token),
      ),
  };
}
