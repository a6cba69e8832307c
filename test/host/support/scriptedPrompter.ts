// A Prompter that answers from a script, so in-host tests can drive the extension's QuickInput
// flows. Each answer names the prompt id it expects: a flow that asks something else, or in
// another order, fails the test instead of silently taking the wrong answer.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { titleOf, type Back, type ConfirmOptions, type InputOptions, type OpenDialogOptions, type PickOptions, type Prompter } from '../../../src/ui/prompter';
import { NotificationRecorder } from './notifications';

/** The Back button (the same registered symbol the extension compares against). */
export const BACK: Back = Symbol.for('mediaStorage.prompter.back') as unknown as Back;
/** Dismissing the prompt (Escape). */
export const CANCEL = undefined;
/** Pressing Enter on a pick as it opens: the preselected item, or the first, as the QuickPick does. */
export const ENTER: unique symbol = Symbol('enter');

/** For a pick: the item label, or a predicate on the item's value. For input: the text. */
export type ScriptAnswer = string | string[] | boolean | typeof BACK | typeof ENTER | undefined | ((value: unknown) => boolean);

export interface Asked {
  id: string;
  kind: 'pick' | 'input' | 'password' | 'confirm' | 'openDialog';
  title?: string | undefined;
  step?: number | undefined;
  totalSteps?: number | undefined;
  /** messages the input's validation gave for rejected answers */
  rejected: { value: string; message: string }[];
  /** labels offered by a pick */
  items?: string[] | undefined;
  /** the label of the pick's preselected item */
  preselected?: string | undefined;
  /** an input's prompt, the sentence that says what to type */
  prompt?: string | undefined;
}

/** Answers questions from the script; notifications are recorded (see NotificationRecorder). */
export class ScriptedPrompter extends NotificationRecorder implements Prompter {
  readonly asked: Asked[] = [];
  private readonly script: [string, ScriptAnswer][];

  constructor(script: [id: string, answer: ScriptAnswer][] = []) {
    super();
    this.script = [...script];
  }

  get remaining(): number {
    return this.script.length;
  }

  private next(id: string): ScriptAnswer {
    const entry = this.script.shift();
    if (!entry) throw new Error(`the extension asked "${id}" but the script has no answers left`);
    if (entry[0] !== id) throw new Error(`the extension asked "${id}" but the script expected "${entry[0]}"`);
    return entry[1];
  }

  async pick<T>(o: PickOptions<T>): Promise<T | Back | undefined> {
    const asked: Asked = {
      id: o.id,
      kind: 'pick',
      title: titleOf(o),
      step: o.step,
      totalSteps: o.totalSteps,
      rejected: [],
      items: o.items.map((i) => i.label),
    };
    const preselected = o.items.find((i) => i.picked);
    if (preselected) asked.preselected = preselected.label;
    this.asked.push(asked);
    const a = this.next(o.id);
    if (a === BACK) return BACK;
    if (a === undefined) return undefined;
    if (a === ENTER) return (preselected ?? o.items[0])?.value;
    const item = o.items.find((i) => (typeof a === 'function' ? a(i.value) : i.label === a));
    if (!item) throw new Error(`pick "${o.id}" has no item ${String(a)}; items: ${asked.items?.join(', ')}`);
    return item.value;
  }

  input(o: InputOptions): Promise<string | Back | undefined> {
    return this.text(o, 'input');
  }

  password(o: InputOptions): Promise<string | Back | undefined> {
    return this.text(o, 'password');
  }

  private async text(o: InputOptions, kind: 'input' | 'password'): Promise<string | Back | undefined> {
    const asked: Asked = { id: o.id, kind, title: titleOf(o), step: o.step, totalSteps: o.totalSteps, rejected: [], prompt: o.prompt };
    this.asked.push(asked);
    // A rejected answer is retyped, as a user would: the next scripted answer for the same id.
    for (;;) {
      const a = this.next(o.id);
      if (a === BACK) return BACK;
      if (a === undefined) return undefined;
      // Enter accepts what the box holds.
      const value = a === ENTER ? (o.value ?? '') : String(a);
      const message = o.validate ? await o.validate(value) : undefined;
      if (message === undefined) return value;
      asked.rejected.push({ value, message });
    }
  }

  /** Answered with file system paths (a string or a list); undefined dismisses. */
  async openDialog(o: OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    this.asked.push({ id: o.id, kind: 'openDialog', title: o.title, rejected: [] });
    const a = this.next(o.id);
    if (a === undefined || a === BACK) return undefined;
    return (Array.isArray(a) ? a : [String(a)]).map((p) => vscode.Uri.file(p));
  }

  async confirm(o: ConfirmOptions): Promise<boolean> {
    this.asked.push({ id: o.id, kind: 'confirm', title: o.message, rejected: [] });
    const a = this.next(o.id);
    return a === true || a === o.confirmLabel;
  }
}

/**
 * Runs `command` with `script` (or a prompter set up with clicks and cancels) answering its
 * questions, and fails when an answer, a click or a cancel was left unused (the flow asked or
 * showed less than the test expected), when a progress is still showing, or when the command
 * returned a value: commands return nothing, and a test reads what the user was shown from the
 * returned prompter. Restores the real prompter.
 */
export async function runScripted(
  target: { setPrompter(p: Prompter | undefined): void },
  script: [string, ScriptAnswer][] | ScriptedPrompter,
  command: string,
  ...args: unknown[]
): Promise<ScriptedPrompter> {
  const prompter = script instanceof ScriptedPrompter ? script : new ScriptedPrompter(script);
  target.setPrompter(prompter);
  try {
    const result: unknown = await vscode.commands.executeCommand(command, ...args);
    assert.strictEqual(result, undefined, `${command} returned a value`);
    assert.strictEqual(prompter.remaining, 0, `unused answers; asked: ${prompter.asked.map((q) => q.id).join(', ')}`);
    assert.deepStrictEqual(prompter.unusedClicks, [], `no notification took these clicks; shown:\n${prompter.describe()}`);
    assert.deepStrictEqual(prompter.unusedCancels, [], `no progress report met these; shown:\n${prompter.describeProgress()}`);
    assert.deepStrictEqual(prompter.running, [], 'the command resolved while its progress was still showing');
    return prompter;
  } finally {
    target.setPrompter(undefined);
  }
}
