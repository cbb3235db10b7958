#!/usr/bin/env bash
# Configures (once) and builds copyintent into build/ (or $COPYINTENT_BUILD_DIR).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="${COPYINTENT_BUILD_DIR:-$top/build}"
mkdir -p "$build"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$build/cmake.log" 2>&1 ||
    { cat "$build/cmake.log" >&2; exit 1; }
fi
ninja -C "$build" >"$build/ninja.log" 2>&1 || { cat "$build/ninja.log" >&2; exit 1; }
