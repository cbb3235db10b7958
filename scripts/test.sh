#!/usr/bin/env bash
# Runs the whole test suite: configures and builds what is missing, runs lit, and ends
# with the line 'N passed, N failed' (lit's counts). Exits non-zero on any failure.
#   scripts/test.sh [lit args...]     e.g. scripts/test.sh -j1, or a test path
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="${COPYINTENT_BUILD_DIR:-$top/build}"

"$top/scripts/build.sh" || { echo "0 passed, 1 failed"; exit 1; }

lit="$(llvm-config-22 --bindir)/lit"
log="$build/test/lit.$$.log"
trap 'rm -f "$log"' EXIT
mkdir -p "$build/test"
paths=()
args=()
for a in "$@"; do
  if [ -e "$a" ]; then paths+=("$a"); else args+=("$a"); fi
done
[ ${#paths[@]} -eq 0 ] && paths=("$build/test")

"$lit" -v "${args[@]}" "${paths[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# lit's closing summary ("  Passed     : 20"); -a because test output may hold bytes
# that make grep call the log binary.
count() { grep -aE "^ +$1 *: +[0-9]+" "$log" | awk -F: '{ n = $2 + 0 } END { print n + 0 }'; }
passed=$(( $(count Passed) + $(count 'Expectedly Failed') ))
failed=$(( $(count Failed) + $(count 'Unexpectedly Passed') + $(count Unresolved) + $(count 'Timed Out') ))
skipped=$(( $(count Unsupported) + $(count Excluded) ))
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # lit failed before running tests (bad configuration)
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
