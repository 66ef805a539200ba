#!/usr/bin/env bash
# Builds the js-notes example into ${OUT_DIR:-build}/js_notes.wasm (a
# relative OUT_DIR is taken from where the script is called).
set -euo pipefail

out_dir="${OUT_DIR:-$(dirname "${BASH_SOURCE[0]}")/build}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

wit="../../../wit/platform@0.2.0"

# The lock file pins the exact toolchain; install it again when it changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

# The host grants WASI p2 (cli, io, clocks, random) but no wasi:http, so the
# engine's fetch() and fetch-event support are left out; otherwise the
# component would import wasi:http and the host would refuse it.
npx --no-install componentize-js \
    --wit "$wit" \
    --world-name business-module \
    --disable http fetch-event \
    --out "$out_dir/js_notes.wasm" \
    notes.js

echo "built $out_dir/js_notes.wasm ($(wc -c <"$out_dir/js_notes.wasm") bytes)"
