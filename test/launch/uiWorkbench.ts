// What the UI tier does in the workbench, as a user would: waits for what shows, clicks tree rows
// and context-menu items, runs commands from the palette and answers quick inputs by typing and
// pressing Enter. Errors name what the user would have missed, not a selector.
import type { Locator, Page } from 'playwright-core';

export const UI_TIMEOUT_MS = 30_000;
export const VIEW_TITLE = 'Media Storage';

/** One check of the tier; `screenshot` names the picture taken once it passes (ui-<name>.png). */
export type Check = { title: string; screenshot?: string; run: (page: Page) => Promise<void> };

/** Waits for `locator` to show; the error names what a user would have missed, not a selector. */
export async function visible(locator: Locator, what: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`no ${what} within ${timeout / 1000}s`);
  }
}

/** Waits for `locator` to be gone (hidden or removed). */
export async function gone(locator: Locator, what: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  try {
    await locator.waitFor({ state: 'hidden', timeout });
  } catch {
    throw new Error(`${what} still shown after ${timeout / 1000}s`);
  }
}

/** Polls `read` until `ok` holds; the error shows the last value read. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeout / 1000}s; last seen: ${JSON.stringify(last)?.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export function activityBarIcon(page: Page): Locator {
  // The label may carry a keybinding suffix, hence the prefix match.
  return page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${VIEW_TITLE}"]`);
}

/** A tree row of the side bar by its exact label, as the user reads it (aria-labels carry tooltips instead). */
export function treeRow(page: Page, label: string): Locator {
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
}

/** Expands a collapsed row by clicking it, then waits for a child row to show. */
export async function expand(page: Page, label: string, child: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  const row = treeRow(page, label);
  await visible(row, `a "${label}" row in the Media Storage tree`);
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await visible(treeRow(page, child), `"${child}" under "${label}" after expanding it`, timeout);
}

/** Right-clicks a tree row and chooses `item` from its context menu. */
export async function contextMenu(page: Page, label: string, item: string): Promise<void> {
  const row = treeRow(page, label);
  await visible(row, `a "${label}" row in the Media Storage tree`);
  await row.click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item').filter({ has: page.locator('.action-label', { hasText: exactly(item) }) });
  await visible(entry.first(), `a "${item}" item in the context menu of "${label}"`);
  // The menu takes pointer input once it highlights the item under the pointer; a click before
  // that was seen lost on VS Code 1.139 (the menu stayed open with the item highlighted).
  await entry.first().hover();
  await until(
    async () => (await entry.first().getAttribute('class')) ?? '',
    (c) => /\bfocused\b/.test(c),
    `the "${item}" item highlighted under the pointer`,
  );
  await entry.first().click();
}

const QUICK_INPUT = '.quick-input-widget';

export function quickInput(page: Page): Locator {
  return page.locator(QUICK_INPUT);
}

/**
 * Waits for the quick input to ask the question whose title, prompt or placeholder matches
 * `question`: the steps of a wizard reuse one widget, so typing before the next question shows
 * would answer the previous one.
 */
export async function asked(page: Page, question: string | RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
  const source = typeof question === 'string' ? question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : question.source;
  const flags = typeof question === 'string' ? '' : question.flags;
  try {
    await page.waitForFunction(
      ({ selector, source, flags }) => {
        const widget = document.querySelector<HTMLElement>(selector);
        if (!widget || widget.offsetParent === null || getComputedStyle(widget).display === 'none') return false;
        const input = widget.querySelector<HTMLInputElement>('.quick-input-box input');
        // A hidden title or message keeps the text of an earlier question; only what shows counts.
        const shown = (e: Element | null): string => (e instanceof HTMLElement && getComputedStyle(e).display !== 'none' ? (e.textContent ?? '') : '');
        const parts = [shown(widget.querySelector('.quick-input-title')), shown(widget.querySelector('.quick-input-message')), input?.placeholder ?? ''];
        return new RegExp(source, flags).test(parts.join('\n'));
      },
      { selector: QUICK_INPUT, source, flags },
      { timeout },
    );
  } catch {
    const shown = await quickInputText(page);
    throw new Error(`the question ${String(question)} was not asked within ${timeout / 1000}s; the quick input shows: ${shown}`);
  }
}

async function quickInputText(page: Page): Promise<string> {
  const widget = quickInput(page);
  if (!(await widget.isVisible())) return '(nothing)';
  const placeholder = (await widget.locator('.quick-input-box input').getAttribute('placeholder')) ?? '';
  return JSON.stringify(`${(await widget.innerText()).replace(/\s+/g, ' ').slice(0, 300)} [placeholder: ${placeholder}]`);
}

/** Answers an input box: waits for `question`, types `text` over what is there and presses Enter. */
export async function answer(page: Page, question: string | RegExp, text: string): Promise<void> {
  await asked(page, question);
  const box = quickInput(page).locator('.quick-input-box input');
  await box.fill(text);
  await box.press('Enter');
}

/** Answers a quick pick: waits for `question`, then clicks the item labelled `label`. */
export async function choose(page: Page, question: string | RegExp, label: string): Promise<void> {
  await asked(page, question);
  const item = quickInput(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  try {
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  } catch {
    throw new Error(`no item "${label}" in the quick pick ${String(question)} within ${UI_TIMEOUT_MS / 1000}s; it shows: ${await quickInputText(page)}`);
  }
  await item.click();
}

/** Runs a command from the command palette by its full title ("Media Storage: Refresh"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await asked(page, 'Type the name of a command to run');
  const box = quickInput(page).locator('.quick-input-box input');
  await box.fill(`>${title}`);
  await choose(page, 'Type the name of a command to run', title);
}

/** Opens a workspace file with Quick Open (Ctrl+P), by its name. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await asked(page, /Search files by name/);
  const box = quickInput(page).locator('.quick-input-box input');
  await box.fill(fileName);
  const item = quickInput(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: fileName }) })
    .first();
  await visible(item, `"${fileName}" in Quick Open`);
  await item.click();
  await visible(page.locator('.part.editor .tab.active', { hasText: fileName }), `an editor tab "${fileName}"`);
}

/** The text of the notification toasts on screen ("" when none shows). */
export async function toastsText(page: Page): Promise<string> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  return (await toasts.allInnerTexts()).join('\n').replace(/\s+/g, ' ');
}

/** Waits for a notification toast whose text matches. */
export async function toast(page: Page, text: RegExp, timeout = UI_TIMEOUT_MS): Promise<void> {
  await until(
    () => toastsText(page),
    (t) => text.test(t),
    `a notification matching ${String(text)}`,
    timeout,
  );
}
