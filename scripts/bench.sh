#!/usr/bin/env bash
# Builds and runs copyintent_bench, re-measures every paired cell found wholly below its
# target (a fresh sample, 155 rounds), then writes docs/benchmarks.md and
# docs/benchmarks.png.
#
#   scripts/bench.sh [--dev] [--long] [-- google-benchmark flags...]
#
#   --dev    short development run (--benchmark_min_time=0.05), labelled as such in
#            the report; without it every benchmark runs Google Benchmark's default
#            minimum time (0.5 s per repetition).
#   --long   also copy 256 MiB (needs 512 MiB of memory and several minutes more);
#            COPYINTENT_BENCH_LONG=1 does the same.
#   after --  passed to the benchmark binary (e.g. --benchmark_filter=plugin).
#
# Environment:
#   COPYINTENT_BENCH_BUILD_DIR  build tree of the benchmarks (default build-bench: a
#                               tree of its own, configured with COPYINTENT_BUILD_BENCH
#                               =ON, so it never changes the options of build/)
#   COPYINTENT_BENCH_JOBS       ninja -j for that build (default: ninja's own)
#   COPYINTENT_BENCH_CPU        pin the benchmark to this CPU with taskset
#   PYTHON                      interpreter for bench/report.py (default: the first of
#                               python3, /usr/bin/python3 that can import matplotlib,
#                               else python3 without the plot)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# Not under build/: build/bench is the bench/ subdirectory of the main tree, whose
# cmake_install.cmake a tree configured there would replace (cmake --install of
# build/ then tried to install the bench tree's files).
build="${COPYINTENT_BENCH_BUILD_DIR:-$top/build-bench}"

dev=0
long=0
extra=()
orig_args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --dev) dev=1 ;;
    --long) long=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "${COPYINTENT_BENCH_LONG:-0}" != "0" ] && long=1

# --- Build ---------------------------------------------------------------------------
mkdir -p "$build"
if [ ! -f "$build/build.ninja" ]; then
  echo "bench.sh: configuring $build"
  cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCOPYINTENT_BUILD_BENCH=ON >"$build/cmake.log" 2>&1 ||
    { cat "$build/cmake.log" >&2; exit 1; }
fi
if ! grep -q 'build bin/copyintent_bench' "$build/build.ninja" 2>/dev/null; then
  # An existing tree configured without the benchmarks, or the configure skipped them.
  cmake "$build" -DCOPYINTENT_BUILD_BENCH=ON >"$build/cmake.log" 2>&1 ||
    { cat "$build/cmake.log" >&2; exit 1; }
  if ! grep -q 'build bin/copyintent_bench' "$build/build.ninja"; then
    grep -A3 'benchmarks skipped' "$build/cmake.log" >&2 || cat "$build/cmake.log" >&2
    echo "bench.sh: the benchmark target was not configured (see above)" >&2
    exit 1
  fi
fi
jobs=()
[ -n "${COPYINTENT_BENCH_JOBS:-}" ] && jobs=(-j "$COPYINTENT_BENCH_JOBS")
echo "bench.sh: building copyintent_bench in $build"
ninja -C "$build" "${jobs[@]}" copyintent_bench >"$build/ninja-bench.log" 2>&1 ||
  { cat "$build/ninja-bench.log" >&2; exit 1; }

# --- Run -----------------------------------------------------------------------------
bin="$build/bin/copyintent_bench"
json="$build/bench-results.json"
# Random interleaving spreads the repetitions of every benchmark over the whole run,
# so that a burst of load from elsewhere does not land on one method only.
args=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true
      --benchmark_enable_random_interleaving=true
      "--benchmark_out=$json" --benchmark_out_format=json)
[ "$dev" = 1 ] && args+=(--benchmark_min_time=0.05)
[ "$long" = 1 ] && args+=(--long)
args+=("${extra[@]}")
run=("$bin" "${args[@]}")
[ -n "${COPYINTENT_BENCH_CPU:-}" ] && run=(taskset -c "$COPYINTENT_BENCH_CPU" "${run[@]}")
echo "bench.sh: ${run[*]}"
"${run[@]}"

# --- Report --------------------------------------------------------------------------
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import matplotlib' 2>/dev/null; then
      py=$cand
      break
    fi
  done
  if [ -z "$py" ]; then
    py=python3
    echo "bench.sh: matplotlib not found (Debian package python3-matplotlib): no plot" >&2
  fi
fi

# --- Confirmation ----------------------------------------------------------------------
# About 250 paired cells, each with a 95% interval: in any run a few of those whose
# true ratio sits at the target fall wholly below it by chance. Each such cell is
# measured again as a fresh sample of confirm_rounds rounds, and the report judges it
# on that sample (the first pass only selected it); a real deficit stays below.
confirm_rounds=155
confirm="$build/bench-confirm.json"
rm -f "$confirm"
mapfile -t below < <("$py" "$top/bench/report.py" --json "$json" --list-below)
if [ "${#below[@]}" -gt 0 ]; then
  filter="^($(IFS='|'; echo "${below[*]}"))/"
  echo "bench.sh: re-measuring ${#below[@]} cell(s) below their target, $confirm_rounds rounds each"
  crun=("$bin" "--paired-rounds=$confirm_rounds" "--benchmark_filter=$filter"
        "--benchmark_out=$confirm" --benchmark_out_format=json)
  [ -n "${COPYINTENT_BENCH_CPU:-}" ] && crun=(taskset -c "$COPYINTENT_BENCH_CPU" "${crun[@]}")
  "${crun[@]}"
fi

report=(--json "$json" --out "$top/docs/benchmarks.md" --png "$top/docs/benchmarks.png"
        --command "scripts/bench.sh${orig_args[*]:+ ${orig_args[*]}}"
        --bench-command "$(basename "$bin") ${args[*]/#--benchmark_out=*/--benchmark_out=results.json}")
[ "$dev" = 1 ] && report+=(--dev)
[ -f "$confirm" ] && report+=(--confirm "$confirm")
mkdir -p "$top/docs"
"$py" "$top/bench/report.py" "${report[@]}"
