// A Prompter whose confirmations stay open until the test answers them, so a test can check what
// happens (or must not happen) while the user has not decided yet. Any other question fails;
// notifications are recorded and dismissed.
import type { Back, ConfirmOptions, Prompter } from '../../../src/ui/prompter';
import { NotificationRecorder } from './notifications';

export interface HeldQuestion {
  options: ConfirmOptions;
  answer(yes: boolean): void;
}

export class HeldPrompter extends NotificationRecorder implements Prompter {
  readonly asked: HeldQuestion[] = [];
  private readonly waiters: ((q: HeldQuestion) => void)[] = [];
  private readonly taken = new Set<HeldQuestion>();

  /** Resolves with the next confirmation asked (or one asked already and not yet taken), or fails after `ms`. */
  next(ms = 20_000): Promise<HeldQuestion> {
    const open = this.asked.find((q) => !this.taken.has(q));
    if (open) {
      this.taken.add(open);
      return Promise.resolve(open);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no confirmation was asked within ${ms} ms`)), ms);
      this.waiters.push((q) => {
        clearTimeout(timer);
        this.taken.add(q);
        resolve(q);
      });
    });
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    return new Promise((resolve) => {
      const q: HeldQuestion = { options, answer: resolve };
      this.asked.push(q);
      const waiter = this.waiters.shift();
      if (waiter) waiter(q);
    });
  }

  pick(): Promise<never> {
    return Promise.reject(new Error('HeldPrompter answers confirmations only (a pick was asked)'));
  }

  input(): Promise<string | Back | undefined> {
    return Promise.reject(new Error('HeldPrompter answers confirmations only (an input was asked)'));
  }

  password(): Promise<string | Back | undefined> {
    return Promise.reject(new Error('HeldPrompter answers confirmations only (a password was asked)'));
  }

  openDialog(): Promise<undefined> {
    return Promise.reject(new Error('HeldPrompter answers confirmations only (a file dialog was asked)'));
  }
}
