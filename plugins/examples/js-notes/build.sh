#!/usr/bin/env bash
# Builds the js-notes example into ${OUT_DIR:-build}/js_notes.wasm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

wit="../../../wit/platform@0.2.0"
out_dir="${OUT_DIR:-build}"

# The lock file pins the exact toolchain; install it only once.
if [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund
fi

mkdir -p "$out_dir"

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
