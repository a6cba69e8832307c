#!/usr/bin/env node
// npm run screenshots: copies the README's pictures from the UI tier's last run
// (test-artifacts/ui-*.png, see test/launch/ui.ts) into media/screenshots/, so that what the
// README shows is what the tier saw and checked. Run `npm run test:ui` first. The tier saves a
// check's picture only once the check passed, and removes its earlier pictures when it starts,
// so a picture found here is one of a passing check of the last run.
//   node scripts/update-readme-screenshots.mjs                    from the default (oldest) VS Code run
//   node scripts/update-readme-screenshots.mjs --vscode 1.139.1   from that release's run
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const TARGET = join(ROOT, 'media', 'screenshots');
// The Marketplace page loads every picture; the tier's 1280×800 pictures stay well under this.
const MAX_BYTES = 300 * 1024;

/** README picture ← UI tier screenshot (without the version suffix). */
const PICTURES = {
  'tree.png': 'ui-rename',
  'policy.png': 'ui-policy',
  'decoded-error.png': 'ui-decoded-error',
  'demo-tree.png': 'ui-demo-tree',
};

const i = process.argv.indexOf('--vscode');
const version = i === -1 ? undefined : process.argv[i + 1];
if (i !== -1 && (!version || version.startsWith('--'))) fail('--vscode needs a VS Code version such as 1.139.1');
const suffix = version ? `-vscode-${version}` : '';

function fail(message) {
  console.error(`[screenshots] ${message}`);
  process.exit(1);
}

const problems = [];
for (const shot of Object.values(PICTURES)) {
  const from = join(ARTIFACTS, `${shot}${suffix}.png`);
  if (!existsSync(from)) problems.push(`${relative(ROOT, from)} is missing: run npm run test:ui${version ? ` -- --code-server ${version}` : ''} first`);
  else if (statSync(from).size > MAX_BYTES)
    problems.push(`${relative(ROOT, from)} is ${statSync(from).size} bytes, over ${MAX_BYTES}: make the viewport smaller in test/launch/ui.ts`);
}
if (problems.length) fail(problems.join('\n'));

mkdirSync(TARGET, { recursive: true });
for (const [picture, shot] of Object.entries(PICTURES)) {
  const from = join(ARTIFACTS, `${shot}${suffix}.png`);
  copyFileSync(from, join(TARGET, picture));
  console.log(`[screenshots] ${relative(ROOT, from)} → ${relative(ROOT, join(TARGET, picture))} (${Math.round(statSync(from).size / 1024)} KiB)`);
}
