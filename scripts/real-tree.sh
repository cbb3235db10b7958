#!/usr/bin/env bash
# The optional real-code tier (issue 9, "Measure"): the copyintent checks over real
# Linux 6.1 sources from Debian's linux-source-6.1 package, with the compile database
# that the kernel's own scripts/clang-tools/gen_compile_commands.py writes, compared
# with the reviewed findings in test/slow/linux-6.1-expected.txt. Not part of
# scripts/test.sh. See docs/real-tree.md.
#
#   scripts/real-tree.sh [options] [WORKDIR]      (WORKDIR: /var/tmp/copyintent-linux)
#     --classify   also write every copy site with its class (copyintent-classify) to
#                  WORKDIR/out/classify.txt, for hunting missed sites
#     --jobs N     parallel make and clang-tidy jobs (default 2)
#   environment: PLUGIN (default build/lib/CopyIntentTidy.so), CLANG_TIDY
#     (clang-tidy-22), EXPECTED (test/slow/linux-6.1-expected.txt)
#
# Exit status: 0 when every finding is reviewed and every reviewed finding is still
# reported; 1 on a difference, or when clang-tidy crashed or failed to analyse a file;
# 2 on a setup error (no sources, a config option that did not stick, a compile error,
# a plugin that does not load, a malformed expected file). The last line is
# 'N passed, N failed'.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/copyintent-linux
classify=0
jobs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --classify) classify=1 ;;
    --jobs) jobs=$2; shift ;;
    --jobs=*) jobs=${1#--jobs=} ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "real-tree: unknown option $1" >&2; exit 2 ;;
    *) work=$1 ;;
  esac
  shift
done
plugin=${PLUGIN:-$top/build/lib/CopyIntentTidy.so}
copyintent=${COPYINTENT:-$top/build/bin/copyintent}
tidy=${CLANG_TIDY:-clang-tidy-22}
expected=${EXPECTED:-$top/test/slow/linux-6.1-expected.txt}
tarball=/usr/src/linux-source-6.1.tar.xz
tree=$work/linux-source-6.1
out=$work/out
checks='-*,copyintent-*,-copyintent-classify'

# The translation units: every x86-64 user of the nocache, flushcache and
# user-copy-into-io primitives in 6.1 that a defconfig plus the options below builds,
# and the pmem, DAX and MMIO code around them (docs/real-tree.md says why each is here).
files=(
  drivers/nvdimm/pmem.c drivers/nvdimm/claim.c drivers/nvdimm/btt.c
  drivers/nvdimm/region_devs.c drivers/nvdimm/pfn_devs.c
  drivers/dax/super.c drivers/dax/device.c fs/dax.c
  drivers/md/dm-writecache.c drivers/md/dm-linear.c drivers/md/dm-stripe.c
  drivers/md/dm-log-writes.c
  drivers/ntb/ntb_transport.c drivers/ntb/test/ntb_perf.c drivers/ntb/test/ntb_tool.c
  fs/pstore/ram_core.c fs/pstore/ram.c fs/pstore/pmsg.c
  fs/fuse/dax.c fs/fuse/virtio_fs.c
  lib/iov_iter.c arch/x86/lib/usercopy_64.c arch/x86/lib/iomem.c
  net/core/skmsg.c net/tls/tls_device.c net/ipv4/tcp.c net/kcm/kcmsock.c
  drivers/net/ethernet/chelsio/inline_crypto/chtls/chtls_io.c
  drivers/infiniband/sw/rdmavt/qp.c
  drivers/gpu/drm/i915/i915_gem.c
  drivers/gpu/drm/qxl/qxl_ioctl.c drivers/gpu/drm/qxl/qxl_display.c
  drivers/gpu/drm/qxl/qxl_object.c
  drivers/net/ethernet/amazon/ena/ena_eth_com.c drivers/net/ethernet/amazon/ena/ena_com.c
  drivers/net/ethernet/mellanox/mlx4/en_tx.c drivers/net/ethernet/broadcom/bnxt/bnxt.c
)
# On top of x86_64_defconfig (dependencies first; each must end up =y).
options=(
  MEMORY_HOTPLUG MEMORY_HOTREMOVE SPARSEMEM_VMEMMAP TRANSPARENT_HUGEPAGE ZONE_DEVICE
  LIBNVDIMM BLK_DEV_PMEM ND_BTT NVDIMM_PFN NVDIMM_DAX X86_PMEM_LEGACY
  DAX FS_DAX DEV_DAX DEV_DAX_PMEM
  BLK_DEV_DM DM_WRITECACHE DM_LOG_WRITES
  NTB NTB_TRANSPORT NTB_PERF NTB_TOOL
  PSTORE PSTORE_RAM PSTORE_PMSG
  FUSE_FS VIRTIO_FS FUSE_DAX
  TLS TLS_DEVICE TLS_TOE AF_KCM CHELSIO_T4 CHELSIO_INLINE_CRYPTO CRYPTO_DEV_CHELSIO_TLS
  INFINIBAND INFINIBAND_RDMAVT
  DRM_I915 DRM_QXL
  ENA_ETHERNET MLX4_CORE MLX4_EN BNXT
)

setup_error() { echo "real-tree: setup error: $*" >&2; echo "0 passed, 1 failed"; exit 2; }
t0=$SECONDS
phase() { echo "== $1 ($((SECONDS - t0)) s)"; }

for tool in clang-22 ld.lld-22 "$tidy" make python3 tar; do
  command -v "$tool" >/dev/null || setup_error "'$tool' not found (Debian: clang-22 lld-22 clang-tidy-22 make python3)"
done
[ -f "$expected" ] || setup_error "no expected-findings file $expected"
[ -f "$plugin" ] || setup_error "no plugin $plugin (build it with scripts/build.sh)"
[ -x "$copyintent" ] || setup_error "no $copyintent (build it with scripts/build.sh)"

# 1. Sources: unpack once (into a temporary directory, so that an interrupted unpack
# is not taken for a tree).
mkdir -p "$work"
if [ ! -f "$tree/.copyintent-unpacked" ]; then
  if [ ! -f "$tarball" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      phase "installing linux-source-6.1"
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends linux-source-6.1 \
        || setup_error "apt-get install linux-source-6.1 failed"
    fi
    [ -f "$tarball" ] || setup_error "$tarball is missing: as root, run 'apt-get install linux-source-6.1'"
  fi
  phase "unpacking $tarball into $work"
  rm -rf "$tree" "$work/unpack.tmp"
  mkdir "$work/unpack.tmp"
  tar -xJf "$tarball" -C "$work/unpack.tmp"
  mv "$work/unpack.tmp/linux-source-6.1" "$tree"
  rmdir "$work/unpack.tmp"
  touch "$tree/.copyintent-unpacked"
fi
cd "$tree"
kver=$(make -s kernelversion)
want=$(sed -n 's/^# kernel: *\([^ ]*\).*/\1/p' "$expected" | head -1)
[ -n "$want" ] || setup_error "$expected has no '# kernel: VERSION' line"
[ "$kver" = "$want" ] || setup_error "the tree is Linux $kver, but $expected was reviewed on $want: line numbers differ; re-review the findings (docs/real-tree.md) and update the file"

mk() { nice make LLVM=-22 "$@"; }

# 2. Configuration: x86_64_defconfig plus the options; redone when the list changes.
stamp="x86_64_defconfig ${options[*]}"
if [ ! -f .config ] || [ "$(cat .copyintent-config 2>/dev/null)" != "$stamp" ]; then
  phase "configuring (x86_64_defconfig + ${#options[@]} options)"
  mk x86_64_defconfig > "$work/config.log" 2>&1 || setup_error "make x86_64_defconfig failed: see $work/config.log"
  for o in "${options[@]}"; do scripts/config --enable "$o"; done
  mk olddefconfig >> "$work/config.log" 2>&1 || setup_error "make olddefconfig failed: see $work/config.log"
  for o in "${options[@]}"; do
    s=$(scripts/config --state "$o")
    [ "$s" = y ] || setup_error "CONFIG_$o is '$s' after olddefconfig (a dependency is missing)"
  done
  echo "$stamp" > .copyintent-config
fi

# 3. Build just those objects (make is incremental: a warm run rebuilds nothing).
phase "building ${#files[@]} objects (make -j$jobs)"
# An object under arch/x86/lib/ matches two of kbuild's descents (arch/x86/ and
# arch/x86/lib/), which build it at the same time under -j2 and clobber each other's
# output: those are built in a make of their own, with -j1.
objs=()
arch_objs=()
for f in "${files[@]}"; do
  [ -f "$f" ] || setup_error "$f is not in the tree"
  case "$f" in
    arch/*) arch_objs+=("${f%.c}.o") ;;
    *) objs+=("${f%.c}.o") ;;
  esac
done
: > "$work/build.log"
if ! { mk -j"$jobs" "${objs[@]}" && mk -j1 "${arch_objs[@]}"; } >> "$work/build.log" 2>&1; then
  grep -E 'error:|Error [0-9]' "$work/build.log" | head -20 >&2 || true
  setup_error "building the objects failed (a compile error): see $work/build.log"
fi

# 4. The kernel's own compile database.
phase "gen_compile_commands.py"
python3 scripts/clang-tools/gen_compile_commands.py -d . -o compile_commands.json
for f in "${files[@]}"; do
  grep -q "\"file\": \"$tree/$f\"" compile_commands.json \
    || setup_error "compile_commands.json has no entry for $f"
done

# 5. A snapshot of the plugin (the build directory may be relinked while we run).
rm -rf "$out"
mkdir -p "$out/default" "$out/user-sources"
cp "$plugin" "$out/CopyIntentTidy.so"
n=$("$tidy" --load="$out/CopyIntentTidy.so" -checks="$checks" --list-checks 2>"$out/load.log" \
      | grep -c '^ *copyintent-' || true)
[ "$n" -ge 4 ] || setup_error "$plugin does not load into $tidy or has fewer than 4 checks: $(head -3 "$out/load.log")"

# 6. Cross-TU facts of these files (not the whole kernel: positive evidence only), made
# by the copyintent command from the same database, read by clang-tidy (FactsFile).
phase "cross-TU facts of ${#files[@]} files (copyintent scan --facts-only)"
cp "$copyintent" "$out/copyintent"
abs_files=()
for f in "${files[@]}"; do abs_files+=("$tree/$f"); done
"$out/copyintent" scan -p "$tree" --facts-only --no-cache --quiet -j "$jobs" \
    -o "$out/facts.json" "${abs_files[@]}" > "$out/facts.log" 2>&1 \
  || setup_error "copyintent scan --facts-only failed: $(tail -3 "$out/facts.log")"

# 7. clang-tidy, one process per file and configuration. 'default' is the
# recommended set; 'user-sources' adds copyintent-nocache-to-iomem.ReportUserSources,
# and only the findings that this option adds are keyed 'config=user-sources'.
phase "clang-tidy on ${#files[@]} files x 2 configurations (-P $jobs)"
cfg_default="{Checks: '$checks', CheckOptions: {FactsFile: '$out/facts.json'}}"
cfg_user="{Checks: '-*,copyintent-nocache-to-iomem', CheckOptions: {copyintent-nocache-to-iomem.ReportUserSources: true, FactsFile: '$out/facts.json'}}"
run_one() { # config-name config file
  local log="$out/$1/${3//\//__}.log"
  local rc=0
  # (the group's stderr catches bash's own 'Segmentation fault' line; the exit status
  # and the log tell the crash)
  { nice "$tidy" --load="$out/CopyIntentTidy.so" --config="$2" -header-filter='.*' \
      -p "$tree" "$tree/$3" > "$log" 2>&1; } 2>/dev/null || rc=$?
  echo "$rc" > "$log.rc"
}
export -f run_one
export out tidy tree
{
  for f in "${files[@]}"; do printf '%s\0%s\0%s\0' default "$cfg_default" "$f"; done
  for f in "${files[@]}"; do printf '%s\0%s\0%s\0' user-sources "$cfg_user" "$f"; done
} | xargs -0 -n3 -P "$jobs" bash -c 'run_one "$@"' _
if [ "$classify" = 1 ]; then
  phase "copyintent-classify on ${#files[@]} files"
  mkdir -p "$out/classify"
  for f in "${files[@]}"; do printf '%s\0%s\0%s\0' classify "{Checks: '-*,copyintent-classify'}" "$f"; done \
    | xargs -0 -n3 -P "$jobs" bash -c 'run_one "$@"' _
fi

# 8. Compare.
phase "comparing with ${expected#$top/}"
set +e
python3 - "$out" "$tree" "$expected" "$classify" "${files[@]}" <<'EOF'
import os, re, sys
from collections import Counter, OrderedDict

out, tree, expected, classify, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5:]
WARN = re.compile(r"^(?P<path>[^ :][^:]*):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*) \[(?P<check>copyintent-[a-z-]+)\]$")
CRASH = ("Stack dump:", "PLEASE submit a bug report", "LLVM ERROR:", "Segmentation fault", "Assertion `")

def rel(p):
    p = os.path.normpath(os.path.join(tree, p))
    return os.path.relpath(p, tree)

def log_of(cfg, f):
    return os.path.join(out, cfg, f.replace("/", "__") + ".log")

crashed, failed_files, compile_errors = [], [], []
found = {"default": OrderedDict(), "user-sources": OrderedDict()}
for cfg in found:
    for f in files:
        log = log_of(cfg, f)
        text = open(log, errors="replace").read()
        rc = int(open(log + ".rc").read().strip() or "0")
        lines = text.splitlines()
        if rc >= 128 or rc < 0 or any(m in text for m in CRASH):
            crashed.append((cfg, f, rc, log))
        errs = [l for l in lines if ": error: " in l]
        if any(l.endswith("[clang-diagnostic-error]") for l in errs):
            if f not in [c[0] for c in compile_errors]:
                compile_errors.append((f, [l for l in errs if l.endswith("[clang-diagnostic-error]")][:5]))
        elif (rc != 0 or errs) and not any(c[1] == f and c[0] == cfg for c in crashed):
            failed_files.append((cfg, f, rc, log, errs[:3]))
        for l in lines:
            m = WARN.match(l)
            if m:
                key = "%s:%s %s" % (rel(m["path"]), m["line"], m["check"])
                found[cfg].setdefault(key, (m["msg"], f))
# the user-sources pass is keyed only by what the option adds
findings = OrderedDict(found["default"])
for k, v in found["user-sources"].items():
    if k not in found["default"]:
        findings[k + " config=user-sources"] = v

if compile_errors:
    for cfg, f, rc, log in crashed:
        print("CRASH: clang-tidy (%s) on %s, exit %d: see %s" % (cfg, f, rc, log))
    for f, errs in compile_errors:
        print("real-tree: setup error: clang-tidy could not compile %s:" % f)
        for e in errs: print("  " + e)
    print("0 passed, 1 failed")
    sys.exit(2)

# expected file: 'KEY verdict=V # justification', KEY = 'path:line check-id [config=NAME]'
LINE = re.compile(r"^(?P<key>\S+:\d+ copyintent-[a-z-]+(?: config=[a-z-]+)?) verdict=(?P<v>true|false|missed)(?: +class=(?P<cls>\S+))? *# *(?P<why>\S.*)$")
exp, errors = OrderedDict(), []
for n, l in enumerate(open(expected), 1):
    s = l.strip()
    if not s or s.startswith("#"):
        continue
    m = LINE.match(s)
    if not m:
        errors.append("%d: not 'path:line check-id [config=NAME] verdict=true|false|missed [class=CLASS] # why': %s" % (n, s))
        continue
    if m["v"] != "true" and not m["cls"]:
        errors.append("%d: a false alarm or a miss names its class (class=c1..c5 or class=new-NAME): %s" % (n, s))
    if m["key"] in exp:
        errors.append("%d: duplicate entry %s" % (n, m["key"]))
    exp[m["key"]] = (m["v"], m["cls"], m["why"])
if errors:
    print("real-tree: setup error: malformed %s:" % expected)
    for e in errors: print("  line " + e)
    print("0 passed, 1 failed")
    sys.exit(2)

reported = {k: v for k, v in exp.items() if v[0] != "missed"}
missed = {k: v for k, v in exp.items() if v[0] == "missed"}
unreviewed = [k for k in findings if k not in reported]
gone = [k for k in reported if k not in findings]
matched = [k for k in findings if k in reported]

for k in unreviewed:
    msg, f = findings[k]
    what = "NOW REPORTED (listed as missed: change its verdict)" if k in missed else "UNREVIEWED"
    print("%s: %s\n    %s\n    review it, then add: %s verdict=true|false [class=...] # why" % (what, k, msg, k))
for k in gone:
    print("GONE (reviewed as verdict=%s, no longer reported: update the file): %s\n    # %s" % (reported[k][0], k, reported[k][2]))
for cfg, f, rc, log in crashed:
    print("CRASH: clang-tidy (%s) on %s, exit %d: see %s" % (cfg, f, rc, log))
for cfg, f, rc, log, errs in failed_files:
    print("FAILED: clang-tidy (%s) on %s, exit %d: see %s" % (cfg, f, rc, log))
    for e in errs: print("    " + e)

true_n = sum(1 for k in matched if reported[k][0] == "true")
false_by = Counter(reported[k][1] for k in matched if reported[k][0] == "false")
miss_by = Counter(v[1] for v in missed.values())
print("findings: %d (%d default, %d added by ReportUserSources) in %d files; reviewed and matched: %d"
      % (len(findings), len(found["default"]), len(findings) - len(found["default"]), len(files), len(matched)))
print("  true: %d   false alarms: %d%s" % (true_n, sum(false_by.values()),
      "".join(" %s=%d" % kv for kv in sorted(false_by.items()))))
print("  missed (hand-checked, not reported): %d%s" % (sum(miss_by.values()),
      "".join(" %s=%d" % kv for kv in sorted(miss_by.items()))))
if matched:
    print("precision over reviewed findings: %d/%d = %.2f" % (true_n, len(matched), true_n / len(matched)))
dtrue = sum(1 for k in matched if reported[k][0] == "true" and "config=" not in k)
dall = sum(1 for k in matched if "config=" not in k)
if dall:
    print("precision, default configuration: %d/%d = %.2f" % (dtrue, dall, dtrue / dall))
if classify:
    with open(os.path.join(out, "classify.txt"), "w") as o:
        seen = set()
        for f in files:
            for l in open(log_of("classify", f), errors="replace"):
                m = WARN.match(l.rstrip("\n"))
                if m:
                    s = "%s:%s %s" % (rel(m["path"]), m["line"], m["msg"])
                    if s not in seen:
                        seen.add(s); o.write(s + "\n")
    print("every copy site with its class: %s" % os.path.join(out, "classify.txt"))
with open(os.path.join(out, "findings.txt"), "w") as o:
    for k, (msg, f) in findings.items():
        o.write("%s # %s\n" % (k, msg))
nfail = len(unreviewed) + len(gone) + len(crashed) + len(failed_files)
print("%d passed, %d failed" % (len(matched), nfail))
sys.exit(1 if nfail else 0)
EOF
rc=$?
exit $rc
