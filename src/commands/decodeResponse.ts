import * as vscode from 'vscode';
import { decodeAny, renderBlock, summaryLine } from '../errors/lazyErrors';
import type { ErrorReporter } from '../errors/errorReporter';
import type { Logger } from '../logger';
import type { Prompter } from '../ui/prompter';

export type DecodeSource = 'selection' | 'document' | 'clipboard';

/** The operation a failed decode is reported as. */
function decodedFrom(from: DecodeSource): string {
  switch (from) {
    case 'selection':
      return vscode.l10n.t('Decoded from the selection');
    case 'document':
      return vscode.l10n.t('Decoded from the document');
    case 'clipboard':
      return vscode.l10n.t('Decoded from the clipboard');
  }
}

/** The text to decode: the selection, else the active document, else the clipboard. */
async function pickText(): Promise<{ text: string; from: DecodeSource } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = editor.selections
      .filter((s) => !s.isEmpty)
      .map((s) => editor.document.getText(s))
      .join('\n');
    if (selected.trim()) {
      return { text: selected, from: 'selection' };
    }
    const whole = editor.document.getText();
    if (whole.trim()) {
      return { text: whole, from: 'document' };
    }
  }
  const clip = await vscode.env.clipboard.readText();
  return clip.trim() ? { text: clip, from: 'clipboard' } : undefined;
}

/**
 * "Decode API Response": a Bitmovin envelope, an S3 XML error, or a whole `curl -i` paste,
 * rendered as a readable block in the log channel.
 */
export async function decodeResponseCommand(log: Logger, reporter: ErrorReporter, prompter: Prompter): Promise<void> {
  const input = await pickText();
  if (!input) {
    void prompter.info(
      vscode.l10n.t('Nothing to decode: select a response (a Bitmovin envelope, an S3 error body or a curl -i paste), open one, or copy it to the clipboard.'),
    );
    return;
  }
  // Redacted before decoding: the decoders keep only the first 300 characters of text they do
  // not recognise, and a key cut there would match nothing afterwards. Redaction keeps JSON,
  // XML and headers well-formed, so the decoders read the same structure.
  const decoded = decodeAny(log.redact(input.text));
  if (decoded.ok) {
    log.block(`Decoded from the ${input.from}\n${renderBlock(decoded)}`, 'info');
    void prompter.info(summaryLine(decoded));
  } else {
    reporter.show(decoded, decodedFrom(input.from));
  }
  // The block is the answer the user asked for, unlike a failure's, so it is shown at once.
  log.show(true);
}
