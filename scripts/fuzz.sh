#!/usr/bin/env bash
# Builds the planner fuzzer (test/fuzz/planner_fuzzer.cpp) into build/fuzz/ and runs
# it for the given number of seconds (default 60) on one core, keeping its corpus in
# build/fuzz/corpus so later runs continue where this one stopped. A violation stops
# the run; the input is saved as build/fuzz/crash-*, and
#   build/fuzz/planner_fuzzer build/fuzz/crash-...
# replays it. Further arguments go to libFuzzer (e.g. -seed=1, -max_len=64).
#   scripts/fuzz.sh [seconds] [libFuzzer args...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="${COPYINTENT_BUILD_DIR:-$top/build}"
bin="$(llvm-config-22 --bindir)"
out="$build/fuzz"
seconds="${1:-60}"
[ $# -gt 0 ] && shift
mkdir -p "$out/corpus"

flags=(-g -O1 -fno-sanitize-recover=all -I"$top/include" -I"$top/test/model")
"$bin/clang" "${flags[@]}" -fsanitize=address,undefined \
  -c "$top/test/model/contract.c" -o "$out/contract.o"
"$bin/clang++" "${flags[@]}" -std=c++17 -fsanitize=fuzzer,address,undefined \
  -I"$top/passes/include" "$top/test/fuzz/planner_fuzzer.cpp" \
  "$top/passes/lib/Planner.cpp" "$out/contract.o" -o "$out/planner_fuzzer"

exec "$out/planner_fuzzer" -max_total_time="$seconds" -artifact_prefix="$out/" \
  -print_final_stats=1 "$@" "$out/corpus"
