#!/usr/bin/env bash
# copyintent as a subproject of a gcc-built project (test/slow/subproject): configure,
# build (the whole copyintent tree, some minutes on 2 cores), run. Prints what failed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S "$top/test/slow/subproject" -B "$work" -G Ninja -DCMAKE_C_COMPILER=gcc \
  -DCMAKE_CXX_COMPILER=g++ -DCOPYINTENT_SOURCE_DIR="$top" > "$work/configure.log"
cmake --build "$work" --target plain > "$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log"; exit 1; }
out=$("$work/plain")
[ "$out" = copied ] || { echo "subproject: plain printed '$out'"; exit 1; }
# The runtime was compiled by clang 22 with the pass, whatever the parent's compiler.
grep -q "Compiling the copyintent runtime's api.c with clang 22" "$work/build.log" ||
  { echo "subproject: the runtime was not compiled by clang 22"; exit 1; }
echo "subproject: ok"
