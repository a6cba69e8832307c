#!/usr/bin/env bash
# Installs what this machine lacks for the demo and the tests, and nothing it already has:
# Debian packages (Chromium for the browser tests, ripgrep and libkrb5-dev for code-server,
# the Ceph gateway for the signature-checking S3 tier), then code-server into the cache: the
# oldest release the extension supports (VS Code 1.100, the demo's too) and, with --test, also
# the newest (with the Node it needs, from npm, in the same cache).
# Safe to run again; on a machine without apt-get it says what it skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev)
case "${1:-}" in
  --test) want+=(chromium ceph-mon ceph-osd radosgw ceph-common) ;;
esac

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing Debian packages: ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
  else
    echo "setup: no apt-get here; skipped Debian packages (${missing[*]}). The Ceph tier will be skipped." >&2
  fi
fi

bash scripts/install-code-server.sh oldest >/dev/null
if [ "${1:-}" = --test ]; then
  bash scripts/install-code-server.sh newest >/dev/null
fi
