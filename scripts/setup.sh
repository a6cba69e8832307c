#!/usr/bin/env bash
# Installs what this machine lacks for the demo and the tests, and nothing it already has:
# Debian packages (ripgrep and libkrb5-dev for code-server, the Ceph gateway the demo and the
# signature-checking S3 tier run on, Chromium for the browser tests), then code-server into the cache: the
# oldest release the extension supports (VS Code 1.100, the demo's too) and, with --test, also
# the newest (with the Node it needs, from npm, in the same cache).
# Safe to run again; on a machine without apt-get it says what it skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev)
case "${1:-}" in
  --test) want+=(chromium) ;;
esac
# The demo falls back to s3rver without them, so failing to install them does not stop setup.
ceph=(ceph-mon ceph-osd radosgw ceph-common)

missing_of() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}
mapfile -t missing < <(missing_of "${want[@]}")
mapfile -t missing_ceph < <(missing_of "${ceph[@]}")

if [ "$(( ${#missing[@]} + ${#missing_ceph[@]} ))" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null
    if [ "${#missing[@]}" -gt 0 ]; then
      echo "setup: installing Debian packages: ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if [ "${#missing_ceph[@]}" -gt 0 ]; then
      echo "setup: installing the Ceph gateway: ${missing_ceph[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing_ceph[@]}" >/dev/null \
        || echo "setup: the Ceph gateway (${missing_ceph[*]}) could not be installed; the demo falls back to s3rver and the Ceph tier will be skipped." >&2
    fi
  elif command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing Debian packages: ${missing[*]} ${missing_ceph[*]}; run: sudo apt-get install --no-install-recommends ${missing[*]} ${missing_ceph[*]}" >&2
  else
    echo "setup: no apt-get here; skipped Debian packages (${missing[*]} ${missing_ceph[*]}). The demo falls back to s3rver and the Ceph tier will be skipped." >&2
  fi
fi

bash scripts/install-code-server.sh oldest >/dev/null
if [ "${1:-}" = --test ]; then
  bash scripts/install-code-server.sh newest >/dev/null
fi
