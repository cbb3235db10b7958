#!/usr/bin/env bash
# The main job on the bundled example: build, compile examples/pmem_log.c with the
# plugin for x86-64, AArch64, POWER10 and RISC-V, show the instructions each primitive
# was lowered to; run the checks on examples/checker with clang-tidy, -fplugin and the
# copyintent command; then run the example natively (linked with the runtime) and
# print what the runtime selected on this CPU.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="${COPYINTENT_BUILD_DIR:-$top/build}"
"$top/scripts/build.sh"

bin=$(llvm-config-22 --bindir)
plugin="$build/lib/CopyIntent.so"
out="$build/examples"
mkdir -p "$out"
src="$top/examples/pmem_log.c"

# Instructions that carry the intent: NT stores, flushes, fences; and the functions
# still called (from the relocations), such as memcpy for cached heads and tails.
interesting='movnt|vmovnt|clwb|clflush|sfence|mfence|stnp|dc[[:space:]]|dsb|dmb|dcbf|dcbst|phwsync|[[:space:]]sync|hwsync|cbo\.|fence'

show() { # $1 = label, $2 = object, $3 = extra objdump flags
  echo "=== $1"
  for fn in example_nocache example_writethrough example_persist_record example_flush example_drain; do
    "$bin/llvm-objdump" -d -r --no-show-raw-insn --disassemble-symbols="$fn" ${3:-} "$2" |
      awk 'NR > 6' |
      sed -nE -e "/$interesting/p" -e 's/.*R_[A-Z0-9_]+[[:space:]]+([A-Za-z_][A-Za-z0-9_]*).*/call \1/p' |
      sed -E 's/^[[:space:]]*[0-9a-f]+:[[:space:]]*//' | awk '{ $1 = $1; print }' | uniq -c |
      awk -v fn="$fn" 'BEGIN { printf "%-24s", fn } { n = $1; $1 = ""; printf " %s%s;", (n > 1 ? n "x" : ""), $0 } END { print "" }'
  done
}

compile() { # $1 = label, $2... = clang target flags
  local label=$1; shift
  "$bin/clang" -O2 -I"$top/include" -fpass-plugin="$plugin" "$@" -c "$src" -o "$out/pmem_log.$label.o"
}

compile x86-64 --target=x86_64-linux-gnu -march=skylake-avx512 -mprefer-vector-width=512
compile aarch64 --target=aarch64-linux-gnu -march=armv8.2-a
compile power10 --target=powerpc64le-linux-gnu -mcpu=pwr10
compile riscv64 --target=riscv64-linux-gnu -march=rv64gc_zicbom
show "x86-64 (skylake-avx512: AVX-512 NT stores, clwb, sfence)" "$out/pmem_log.x86-64.o"
show "AArch64 (ARMv8.2: STNP, DC CVAP, DSB SY)" "$out/pmem_log.aarch64.o"
show "POWER10 (dcbstps, phwsync)" "$out/pmem_log.power10.o"
show "RISC-V (Zicbom: cbo.clean, fence ow,ow)" "$out/pmem_log.riscv64.o" --mattr=+zicbom

# The checker on the bundled examples: diagnostics with their notes, then the fixes.
tidy="$bin/clang-tidy --load=$build/lib/CopyIntentTidy.so"
checks='-*,copyintent-*,-copyintent-classify'
work="$out/checker"
rm -rf "$work" && mkdir -p "$work"
cp "$top"/examples/checker/* "$work/"
for f in pmem_driver.c user_log.c; do
  echo "=== clang-tidy copyintent checks: examples/checker/$f"
  $tidy -checks="$checks" --quiet "$work/$f" -- -I"$top/include" 2>/dev/null |
    grep -E '(warning|note):' | sed "s|$work/||"
  $tidy -checks="$checks" --quiet -fix "$work/$f" -- -I"$top/include" >/dev/null 2>&1
  echo "--- fixed (diff against the original)"
  diff -u "$top/examples/checker/$f" "$work/$f" | tail -n +3 || true
done

echo "=== clang -fplugin: the same checks as compiler warnings, and the lowering, in one flag"
"$bin/clang" -O2 -I"$top/include" -fplugin="$plugin" -c "$top/examples/checker/user_log.c" \
  -o "$out/user_log.o" 2>&1 | grep -E '(warning|note):' | sed "s|$top/||"
echo "--- copyintent_* calls left in user_log.o (none: all lowered inline):"
"$bin/llvm-nm" "$out/user_log.o" | grep -c ' U copyintent_' || true

echo "=== the copyintent command over the examples' compile database (cross-TU, as a diff)"
db="$out/tree"
rm -rf "$db" && mkdir -p "$db"
cp "$top"/examples/checker/* "$db/"
printf '[\n' > "$db/compile_commands.json"
for f in pmem_driver.c user_log.c; do
  printf '  {"directory": "%s", "file": "%s", "arguments": ["clang-22", "-c", "-I%s", "%s"]},\n' \
    "$db" "$f" "$top/include" "$f" >> "$db/compile_commands.json"
done
sed -i '$ s/,$//' "$db/compile_commands.json" && printf ']\n' >> "$db/compile_commands.json"
(cd "$db" && "$build/bin/copyintent" scan -p . --cross-tu --no-cache --diff --quiet || true)

echo "=== native run (this CPU, libcopyintent dispatch; the example itself was lowered for -march=native)"
"$bin/clang" -O2 -march=native -I"$top/include" -fpass-plugin="$plugin" "$src" \
  "$build/lib/libcopyintent.a" -lpthread -o "$out/pmem_log"
(cd "$out" && ./pmem_log)
