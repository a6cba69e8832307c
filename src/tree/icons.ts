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

export const MEDIA_KIND_LABELS: Record<MediaKind, string> = {
  hls: 'HLS manifest',
  dash: 'DASH manifest',
  video: 'video',
  audio: 'audio',
  image: 'image',
  subtitle: 'subtitles',
  other: 'file',
};

