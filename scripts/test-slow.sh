#!/usr/bin/env bash
# The slow tier, not part of scripts/test.sh (run it before a release, or when the
# lowering or the checks change):
#   1. test/slow/mutations.py: seeded lowering bugs, each must make the suite fail
#      (about 30 minutes on 2 cores);
#   2. scripts/real-tree.sh: the checks over Linux 6.1 sources from Debian's
#      linux-source-6.1, against the reviewed test/slow/linux-6.1-expected.txt
#      (about 3 minutes cold once the package is installed, 30 s warm);
#   3. test/slow/subproject.sh: copyintent built as add_subdirectory of a gcc project
#      (a few minutes).
# Ends with 'N passed, N failed' over the parts.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh" || { echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0
for part in "python3 $top/test/slow/mutations.py" "bash $top/scripts/real-tree.sh" \
    "bash $top/test/slow/subproject.sh"; do
  echo "== $part"
  if $part; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
