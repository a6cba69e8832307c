import type { Prompter } from './prompter';

/**
 * The one place progress is shown for operations on the store (object operations, package checks): a cancellable notification (through the
 * UI port) whose Cancel fires the signal the work gets.
 */
export function withOperationProgress<T>(
  prompter: Prompter,
  id: string,
  title: string,
  work: (report: (message: string, percent?: number) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return prompter.progress({ id, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    let shown = 0;
    let lastAt = 0;
    try {
      return await work((message, percent) => {
        // Every part or batch would otherwise be a message to the workbench.
        const now = Date.now();
        if (now - lastAt < 200 && percent !== 100) return;
        lastAt = now;
        const increment = percent === undefined ? undefined : Math.max(0, percent - shown);
        if (percent !== undefined) shown = Math.max(shown, percent);
        progress(increment === undefined ? { message } : { message, increment });
      }, controller.signal);
    } finally {
      subscription.dispose();
    }
  });
}
