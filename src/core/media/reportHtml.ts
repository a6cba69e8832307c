// The package report, the ladder chart and the CORS matrix as HTML for a webview: what a media
// engineer reads at a glance after an encode. Pure (no vscode import), so the text a user sees
// is tested in plain Node; the glue adds the Content-Security-Policy's nonce and handles the
// links, which post { type, key, line } back to the extension.
import { formatBitrate, formatBytes } from '../format';
import type { CorsRow, CorsVerdict } from './corsCheck';
import { FINDING_CODES, type Finding, type FindingCode, type Ladder, type LadderRung, type PackageReport } from './packageCheck';

/** Examples shown per kind of finding; the log has them all. */
export const EXAMPLES_PER_CODE = 20;

export interface PageFrame {
  /** the webview's own source (webview.cspSource), for styles */
  cspSource: string;
  /** a fresh random value per page: only the page's own script runs */
  nonce: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.6em; } h3 { font-size: 1em; }
table { border-collapse: collapse; margin: 6px 0; } th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; border-bottom: 1px solid var(--vscode-panel-border); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; } a:hover { text-decoration: underline; }
.error { color: var(--vscode-errorForeground); } .warning { color: var(--vscode-editorWarning-foreground); } .info, .muted { color: var(--vscode-descriptionForeground); }
.pass { color: var(--vscode-testing-iconPassed, #3fb950); } .fail { color: var(--vscode-errorForeground); } .warn { color: var(--vscode-editorWarning-foreground); }
.ok { color: var(--vscode-testing-iconPassed, #3fb950); font-weight: bold; }
code { font-family: var(--vscode-editor-font-family); }
svg text { fill: var(--vscode-foreground); font-size: 11px; } svg rect.video { fill: var(--vscode-charts-blue, #3794ff); } svg rect.audio { fill: var(--vscode-charts-green, #89d185); } svg rect.subtitles, svg rect.iframe { fill: var(--vscode-charts-purple, #b180d7); }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: 0; padding: 5px 12px; cursor: pointer; }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const el = e.target.closest('[data-action]');
  if (!el) return;
  e.preventDefault();
  vscode.postMessage({ type: el.dataset.action, key: el.dataset.key, line: el.dataset.line ? Number(el.dataset.line) : undefined });
});
`;

function page(frame: PageFrame, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${frame.cspSource} 'nonce-${frame.nonce}'; script-src 'nonce-${frame.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${frame.nonce}">${STYLE}</style>
</head><body>
${body}
<script nonce="${frame.nonce}">${SCRIPT}</script>
</body></html>`;
}

const reveal = (key: string, text = key): string =>
  `<a data-action="reveal" data-key="${escapeHtml(key)}" title="Show in the Media Storage tree">${escapeHtml(text)}</a>`;
const openAt = (key: string, line: number | undefined): string =>
  `<a data-action="open" data-key="${escapeHtml(key)}"${line === undefined ? '' : ` data-line="${line}"`} title="Open the manifest at this line">${escapeHtml(key.slice(key.lastIndexOf('/') + 1))}${line === undefined ? '' : `:${line}`}</a>`;

function findingRow(f: Finding): string {
  const where = f.manifest === undefined ? '<span class="muted">no manifest names it</span>' : openAt(f.manifest, f.line);
  const key = f.code === 'external-uri' ? escapeHtml(f.key) : reveal(f.key);
  return `<tr><td>${key}</td><td>${where}</td><td>${escapeHtml(f.message)}</td></tr>`;
}

function findingsSection(report: PackageReport): string {
  const codes = (Object.keys(FINDING_CODES) as FindingCode[]).filter((c) => report.counts[c] > 0);
  if (codes.length === 0) return `<p class="ok">No problem found.</p>`;
  const summary = codes
    .map(
      (c) =>
        `<tr><td class="${FINDING_CODES[c].severity}">${FINDING_CODES[c].severity}</td><td>${escapeHtml(FINDING_CODES[c].title)}</td><td class="num">${report.counts[c]}</td></tr>`,
    )
    .join('');
  const sections = codes.map((c) => {
    const all = report.findings.filter((f) => f.code === c);
    const shown = all.slice(0, EXAMPLES_PER_CODE);
    const more = all.length > shown.length ? `<p class="muted">and ${all.length - shown.length} more (the "Media Storage" log lists every one)</p>` : '';
    return `<h3 class="${FINDING_CODES[c].severity}">${escapeHtml(FINDING_CODES[c].title)} (${all.length})</h3>
<table><tr><th>object</th><th>named in</th><th>problem</th></tr>${shown.map(findingRow).join('')}</table>${more}`;
  });
  return `<table><tr><th>severity</th><th>problem</th><th class="num">count</th></tr>${summary}</table>${sections.join('\n')}`;
}

function rungName(r: LadderRung): string {
  if (r.type === 'video' && r.resolution) return `${r.resolution.height}p`;
  return r.name ?? r.language ?? r.id;
}

/** Bars of each rendition's bandwidth, so a ladder's shape (gaps, duplicates) is seen, not read. */
export function ladderChart(ladder: Ladder): string {
  const rungs = ladder.rungs.filter((r) => (r.averageBandwidth ?? r.bandwidth) !== undefined);
  if (rungs.length === 0) return '<p class="muted">No rendition states a bandwidth.</p>';
  const max = Math.max(...rungs.map((r) => r.averageBandwidth ?? r.bandwidth ?? 0), 1);
  const rowH = 22;
  const labelW = 110;
  const barW = 360;
  const rows = rungs
    .map((r, i) => {
      const bw = r.averageBandwidth ?? r.bandwidth ?? 0;
      const w = Math.max(2, Math.round((bw / max) * barW));
      const y = i * rowH;
      return `<text x="0" y="${y + 15}">${escapeHtml(rungName(r))}</text><rect class="${r.type}" x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}"><title>${escapeHtml(`${r.id}: ${formatBitrate(bw)}`)}</title></rect><text x="${labelW + w + 6}" y="${y + 15}">${escapeHtml(formatBitrate(bw))}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="Bandwidth per rendition" width="${labelW + barW + 110}" height="${rungs.length * rowH}">${rows}</svg>`;
}

function ladderSection(ladder: Ladder): string {
  const rows = ladder.rungs
    .map((r) => {
      const bw = r.averageBandwidth ?? r.bandwidth;
      const target = r.playlistKey === undefined ? escapeHtml(r.id) : reveal(r.playlistKey, r.id);
      return `<tr><td>${target}</td><td>${r.type}</td><td class="num">${bw === undefined ? '' : formatBitrate(bw)}</td><td>${r.resolution ? `${r.resolution.width}×${r.resolution.height}` : ''}</td><td><code>${escapeHtml(r.codecs ?? '')}</code></td><td class="num">${r.frameRate ?? ''}</td><td class="num">${r.segments}</td><td class="num">${formatBytes(r.bytes)}</td><td class="num${r.missing ? ' error' : ''}">${r.missing || ''}</td></tr>`;
    })
    .join('');
  return `<h3>${openAt(ladder.manifest, undefined)} (${ladder.rungs.length} renditions)</h3>
${ladderChart(ladder)}
<table><tr><th>rendition</th><th>type</th><th class="num">bandwidth</th><th>resolution</th><th>codecs</th><th class="num">fps</th><th class="num">segments</th><th class="num">stored</th><th class="num">missing</th></tr>${rows}</table>`;
}

export interface PackageReportPage {
  /** s3://bucket/prefix the check ran on */
  where: string;
  report: PackageReport;
}

export function renderPackageReport(frame: PageFrame, p: PackageReportPage): string {
  const r = p.report;
  const scope = `${r.objects} objects, ${formatBytes(r.bytes)}, ${r.manifests.length} manifests read, ${r.heads} HEAD requests`;
  const ladders = r.ladders.length ? `<h2>Rendition ladder</h2>${r.ladders.map(ladderSection).join('\n')}` : '';
  return page(
    frame,
    `Package ${p.where}`,
    `<h1>Package check of ${escapeHtml(p.where)}</h1><p class="muted">${escapeHtml(scope)}</p>${findingsSection(r)}${ladders}`,
  );
}

const MARK: Record<CorsVerdict, string> = { pass: '✓', fail: '✗', warn: '!' };

export function renderCorsReport(frame: PageFrame, p: { origin: string; where: string; rows: readonly CorsRow[]; fixable: boolean }): string {
  const cell = (s: CorsRow['preflight']): string => `<td class="${s.verdict}">${MARK[s.verdict]} ${escapeHtml(s.reason)}</td>`;
  const rows = p.rows.map((r) => `<tr><td>${escapeHtml(r.target.label)}</td>${cell(r.preflight)}${cell(r.get)}${cell(r.exposed)}</tr>`).join('');
  const ok = p.rows.every((r) => r.preflight.verdict === 'pass' && r.get.verdict === 'pass' && r.exposed.verdict === 'pass');
  const verdict = ok
    ? `<p class="ok">A player on ${escapeHtml(p.origin)} can load every URL checked.</p>`
    : p.fixable
      ? `<p><button data-action="fix-cors">Generate CORS that fixes this…</button></p>`
      : '';
  return page(
    frame,
    `CORS for ${p.origin}`,
    `<h1>CORS for a player on ${escapeHtml(p.origin)}</h1><p class="muted">${escapeHtml(p.where)}: the preflight a browser sends before a Range request, the ranged GET, and whether a script may read Content-Range and Content-Length.</p>
<table><tr><th>URL</th><th>preflight (OPTIONS)</th><th>GET with Range</th><th>headers readable</th></tr>${rows}</table>${verdict}`,
  );
}
