#!/usr/bin/env bash
# Builds py_notes.wasm, the `py-notes` module, from app.py with componentize-py.
#
#   COMPONENTIZE_PY   the componentize-py executable (default: the one on PATH);
#                     it must be exactly 0.25.1 (pip install componentize-py==0.25.1)
#   OUT_DIR           where py_notes.wasm goes (default: build/ next to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wit="$here/../../../wit/platform@0.2.0"
world="business-module"
pinned="0.25.1"

cpy="${COMPONENTIZE_PY:-$(command -v componentize-py || true)}"
if [[ -z "$cpy" ]] || ! command -v "$cpy" >/dev/null; then
    echo "componentize-py not found (${cpy:-not on PATH}): set COMPONENTIZE_PY or put componentize-py==$pinned on PATH" >&2
    exit 1
fi
version="$("$cpy" --version | awk '{print $2}')"
if [[ "$version" != "$pinned" ]]; then
    echo "componentize-py $pinned required, $cpy is $version" >&2
    exit 1
fi

out="${OUT_DIR:-$here/build}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Only app.py goes on the Python path, so nothing else of this directory
# (README, build output) can be picked up by the component. `componentize`
# generates the `wit_world` bindings package itself.
src="$(mktemp -d)"
trap 'rm -rf "$src"' EXIT
cp "$here/app.py" "$src/app.py"

"$cpy" -q -d "$wit" -w "$world" componentize -p "$src" app -o "$out/py_notes.wasm"

echo "$out/py_notes.wasm ($(wc -c <"$out/py_notes.wasm") bytes)"
