#!/usr/bin/env bash
# Installs code-server 4.100.3 (= VS Code 1.100.3) into a cache folder outside the project's
# node_modules, following docs in /work/shared/notes/vscode-test-host.md. code-server's own
# postinstall downloads from the internet, which these machines cannot reach, so every step
# it would do is done here by hand with scripts disabled, then native modules are rebuilt.
# Idempotent: a marker file is written only after the last step succeeds; with the marker
# present the script only prints the binary path.
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${MSW_CACHE_DIR:-$HOME/.cache/media-storage-workbench}"
DEST="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DEST/.install-complete"
BIN="$DEST/node_modules/.bin/code-server"

if [[ -f "$MARKER" && -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

log() { echo "[install-code-server] $*" >&2; }

for tool in node npm rg make g++ python3; do
  command -v "$tool" >/dev/null || { log "missing required tool: $tool (ripgrep: apt-get install ripgrep)"; exit 1; }
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != "20" ]]; then
  log "code-server $VERSION needs Node 20 (engines.node); found $(node -v)"
  exit 1
fi

# A half-finished earlier attempt is not trusted: start from a clean folder.
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
echo '{ "name": "msw-code-server-cache", "private": true }' > package.json

# The machine's npmrc says yes=false, which makes node-pty's `npx node-gyp` refuse.
export npm_config_yes=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log "1/7 npm install code-server@$VERSION (scripts off)"
npm install --ignore-scripts "code-server@$VERSION" >&2

VSCODE_DIR="$DEST/node_modules/code-server/lib/vscode"
log "2/7 VS Code runtime dependencies"
(cd "$VSCODE_DIR" && npm install --omit=dev --ignore-scripts >&2)

log "3/7 ripgrep from the system (its postinstall download would fail)"
for rgdir in "$VSCODE_DIR/node_modules/@vscode/ripgrep" "$DEST/node_modules/@vscode/ripgrep"; do
  if [[ -d "$rgdir" ]]; then
    mkdir -p "$rgdir/bin"
    ln -sfn "$(command -v rg)" "$rgdir/bin/rg"
  fi
done

log "4/7 npm rebuild (native modules against this Node)"
(cd "$VSCODE_DIR" && npm rebuild >&2)

log "5/7 symlinks that code-server's postinstall.sh would make"
(
  cd "$VSCODE_DIR"
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
)

log "6/7 built-in extensions' dependencies"
(cd "$VSCODE_DIR/extensions" && npm install --omit=dev >&2)

log "7/7 argon2 from source"
npm rebuild argon2 --build-from-source >&2

# Its own config folder, so the check does not write ~/.config/code-server/config.yaml.
XDG_CONFIG_HOME="$DEST/.config" "$BIN" --version >&2
touch "$MARKER"
log "done in ${SECONDS}s"
echo "$BIN"
