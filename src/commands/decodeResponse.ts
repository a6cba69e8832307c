import * as vscode from 'vscode';
import { decodeAny, renderBlock, summaryLine } from '../errors/lazyErrors';
import type { Logger } from '../logger';
import type { Prompter } from '../ui/prompter';

export type DecodeSource = 'selection' | 'document' | 'clipboard';

/** The heading of the decoded block. */
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
 * rendered as a readable block in the log channel. The block is the answer the user asked for,
 * also when what was decoded is an error response: the channel is shown with it and no
 * notification is raised, since an error toast would both cover the block and suggest that the
 * decoding failed.
 */
export async function decodeResponseCommand(log: Logger, prompter: Prompter): Promise<void> {
  const input = await pickText();
  if (!input) {
    void prompter.info(
      vscode.l10n.t('Nothing to decode: select a response (a Bitmovin envelope, an S3 error body or a curl -i paste), open one, or copy it to the clipboard.'),
    );
    return;
  }
  // Redacted before decoding: the decoders keep only the first 300 characters of text they do
  // not recognise, and a key cut there would match nothing afterwards. Redaction keeps JSON,
  // XML and headers well-formed, so the decoders read the same structure. The renderer shortens
  // long fields, so the decoded value is redacted again before it is rendered.
  const decoded = log.redactValue(decodeAny(log.redact(input.text)));
  log.block(`${decodedFrom(input.from)}: ${summaryLine(decoded)}\n${renderBlock(decoded)}`, 'info');
  log.show(true);
}
