import * as vscode from 'vscode';
import type { MediaKind } from '../core/storage/listing';

// Colours from the chart palette: every theme defines them, so the kinds stay distinguishable.
const MEDIA_ICONS: Record<MediaKind, [string, string | undefined]> = {
  hls: ['list-ordered', 'charts.purple'],
  dash: ['list-tree', 'charts.blue'],
  video: ['device-camera-video', 'charts.red'],
  audio: ['unmute', 'charts.green'],
  image: ['file-media', 'charts.yellow'],
  subtitle: ['quote', 'charts.orange'],
  other: ['file', undefined],
};

export function mediaIcon(kind: MediaKind): vscode.ThemeIcon {
  const [id, color] = MEDIA_ICONS[kind];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** What an object is, as its tooltip names it (a function: a module's top level runs before the l10n bundle is loaded). */
export function mediaKindLabel(kind: MediaKind): string {
  switch (kind) {
    case 'hls':
      return vscode.l10n.t('HLS manifest');
    case 'dash':
      return vscode.l10n.t('DASH manifest');
    case 'video':
      return vscode.l10n.t('video');
    case 'audio':
      return vscode.l10n.t('audio');
    case 'image':
      return vscode.l10n.t('image');
    case 'subtitle':
      return vscode.l10n.t('subtitles');
    case 'other':
      return vscode.l10n.t('file');
  }
}
