#!/usr/bin/env python3
"""Seeded bugs in the lowering and the checker: each must make the test suite fail.

Slow tier (scripts/test-slow.sh), not part of scripts/test.sh. For each mutation:
copy the source tree, apply one exact text replacement (a mutation whose text is no
longer found is an error, so the list cannot silently rot), build into a build
directory of its own, run the tests of its part (a lowering mutation: every test
outside test/checker, which does not use the lowering; a checker mutation: the tests
under test/checker), and require at least one failure. Prints one line per mutation and
'N passed, N failed', where a mutation the suite does not catch is a failure.

  test/slow/mutations.py [--keep] [--only NAME[,NAME...]]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

# (name, file, original text, mutated text, what a user would lose); the file's
# directory says which tests run (checker/ and core/: the checker's).
MUTATIONS = [
    ("drop-persist-drain", "passes/lib/CopyLowering.cpp",
     "  if (Plan.DrainAtEnd)\n    drain();",
     "  (void)Plan.DrainAtEnd;",
     "persist returns before its data is durable"),
    ("drop-nocache-fence", "passes/lib/Planner.cpp",
     "Plan.FenceAfterNT = Plan.hasNTPath() && Caps.NTNeedsFence;",
     "Plan.FenceAfterNT = false;",
     "nocache NT stores unordered with later stores"),
    ("flush-last-line-off-by-one", "passes/lib/CopyLowering.cpp",
     "Value *End = B.CreateAdd(Last, B.getInt64(1));",
     "Value *End = Last;",
     "the last line of a flushed range stays dirty"),
    ("aarch64-line-from-erg", "passes/lib/AArch64Emitter.cpp",
     "B.CreateLShr(CTR, 16)",
     "B.CreateLShr(CTR, 20)",
     "AArch64 steps by the exclusives granule, not the smallest D-cache line"),
    ("flush-16-aligned-as-line", "passes/lib/CopyLowering.cpp",
     "StaticL && P->getPointerAlignment(CI->getDataLayout()).value() >= StaticL;",
     "StaticL && P->getPointerAlignment(CI->getDataLayout()).value() >= 16;",
     "a 16-byte-aligned record spanning two lines gets one flush"),
    ("kernel-nt-stores-plain", "passes/lib/TargetCapsFromIR.cpp",
     "C.NTStoresByAsm = !SSE2;",
     "C.NTStoresByAsm = false;",
     "-mno-sse2 builds turn NT stores into plain, unflushed stores"),
    ("riscv-block-assumed-64", "passes/lib/TargetCapsFromIR.cpp",
     "  // -copyintent-line-size gives it.\n  C.LineSize = 0;",
     "  // -copyintent-line-size gives it.\n  C.LineSize = 64;",
     "every other block of a 32-byte-block RISC-V machine stays dirty"),
    ("flush-wrap-unchecked", "passes/lib/CopyLowering.cpp",
     "  L.trapIfWraps(P, N);\n",
     "",
     "flush(p, SIZE_MAX) flushes nothing and returns"),
    ("invoke-not-lowered", "passes/lib/LowerCopyIntent.cpp",
     "        CB = changeToCall(II);\n        Changed = true;",
     "        continue;",
     "C++ copies inside a scope with a destructor are left as calls"),
    ("writethrough-skips-tail-flush", "passes/lib/CopyLowering.cpp",
     "    smallCopy(RestDst, at(Src, BodyEnd), Rest, A);\n    flushRange(RestDst, Rest);",
     "    smallCopy(RestDst, at(Src, BodyEnd), Rest, A);",
     "the cached tail of an NT-path writethrough stays dirty"),
    ("writethrough-skips-head-flush", "passes/lib/CopyLowering.cpp",
     "  smallCopy(Dst, Src, Head, A);\n  flushRange(Dst, Head);",
     "  smallCopy(Dst, Src, Head, A);",
     "the cached head of an NT writethrough stays dirty"),
    ("redundant-flush-ignores-stores", "checker/RedundantWriteBackFlow.cpp",
     "return !St->Local || Vars.contains(St->Local);",
     "return St->Local && Vars.contains(St->Local);",
     "a flush after a store into the range is removed as redundant"),
    ("redundant-drain-from-entry", "checker/RedundantWriteBackFlow.cpp",
     "    if (B == &G->getEntry() || B->pred_empty())\n      return nullptr;",
     "    if (B == &G->getEntry() || B->pred_empty())\n      continue;",
     "a drain at a function's start, which waits for the caller's work, is removed"),
    ("redundant-persist-is-flush", "checker/RedundantFlushCheck.cpp",
     "Drained ? removal(F, Ctx, WhyNot) : drainInstead(F, Drain, Ctx, WhyNot);",
     "removal(F, Ctx, WhyNot);",
     "a persist whose drain is still needed is removed, not turned into the drain"),
    ("eadr-branch-ignored", "core/ApiTable.cpp",
     'bool isEadrQuery(StringRef N) { return N == "pmem_has_auto_flush"; }',
     "bool isEadrQuery(StringRef N) { return false; }",
     "code that skips the flush where pmem_has_auto_flush() says eADR is reported"),
    ("tx-add-ignored", "checker/Transactions.cpp",
     "    if (before(Tx->Begin, Add) && !before(S, Add) && addHolds(Add, Dst))\n      return true;",
     "    (void)Add;",
     "every store of a transaction is reported, TX_ADD or not"),
    ("store-covers-any-field", "checker/WriteBackFlow.cpp",
     "  if (SmallVector<const FieldDecl *, 4> Chain = enclosingFields(Dst);\n      FW && FD && !is_contained(Chain, FW) &&",
     "  if (SmallVector<const FieldDecl *, 4> Chain = enclosingFields(Dst);\n      false && FW && FD && !is_contained(Chain, FW) &&",
     "a persist of one field covers a store to a field far from it"),
    ("stored-data-not-walked", "checker/PublishBeforePersistCheck.cpp",
     "    checkStores(Ctx, A);",
     "    (void)&PublishBeforePersistCheck::checkStores;",
     "a store's data published by a later count, link or flag is never reported"),
    ("every-field-a-flag", "checker/WriteBackFlow.cpp",
     "    return ShapeOnly || Shape == DataShape::Copied || writesBackApart(F, St->Target, Dst);",
     "    return true;",
     "after field stores, any later number in a field counts as the flag that publishes them"),
    ("flag-by-neighbour", "checker/WriteBackFlow.cpp",
     "    return Named && is_contained(FlagFields, Named) && covers(Ptr, Flag) &&",
     "    return Named && covers(Ptr, Flag) &&",
     "a field merely sharing the flag's line (len beside flags) counts as a flag"),
    # The IR site analysis (issue 13) and what -fplugin carries into it.
    ("union-member-marked", "checker/fplugin/SourceFacts.cpp",
     "        if (!Theirs || Theirs->first != Mine->first)\n          return;",
     "        (void)Theirs;",
     "a union member's __iomem is taken for the place its unmarked sibling shares"),
    ("param-count-unchecked", "passes/lib/IRProvenance.cpp",
     "if (!F || F->arg_size() != Count->getZExtValue())",
     "if (!F)",
     "a struct argument the ABI splits shifts the index: another parameter is marked"),
    ("inlined-body-is-site", "passes/lib/CopySites.cpp",
     "if (S && (!Frame || S->Loc == Frame->getInlinedAt())) {",
     "if (S) {",
     "the body of an inlined copy_from_user() is reported as sites of its own"),
    ("di-field-no-array-descent", "passes/lib/IRProvenance.cpp",
     "        Off = (Off - At) % (Elem->getSizeInBits() / 8);\n        C = Elem;\n        continue;",
     "        break;",
     "a field of an array's element is not the element struct's field"),
    ("kasan-asm-store-unchecked", "passes/lib/X86Emitter.cpp",
     "    checkAsmStore(B, Dst, Width);\n",
     "",
     "under KASAN an overflow through the kernel path's movnti words goes unreported"),
]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run only the mutations of these names (comma-separated)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    only = set(args.only.split(",")) if args.only else set()
    chosen = [m for m in MUTATIONS if not only or m[0] in only]
    unknown = sorted(only - {m[0] for m in MUTATIONS})
    if unknown:
        names = ", ".join(m[0] for m in MUTATIONS)
        sys.exit(f"mutations.py: no mutation named '{unknown[0]}' (known: {names})")

    work = tempfile.mkdtemp(prefix="copyintent-mut.")
    src = os.path.join(work, "src")
    build = os.path.join(work, "build")
    shutil.copytree(top, src, ignore=shutil.ignore_patterns(".git", "build", "build-*"))
    lit = os.path.join(run(["llvm-config-22", "--bindir"]).stdout.strip(), "lit")
    env = dict(os.environ, COPYINTENT_BUILD_DIR=build)
    caught = missed = 0
    try:
        for name, path, old, new, loss in chosen:
            file = os.path.join(src, path)
            original = open(file).read()
            if original.count(old) != 1:
                print(f"ERROR {name}: the text to mutate is not found exactly once in {path}")
                missed += 1
                continue
            open(file, "w").write(original.replace(old, new))
            try:
                b = run([os.path.join(src, "scripts", "build.sh")], env=env)
                if b.returncode != 0:
                    print(f"ERROR {name}: the mutant does not build\n{b.stdout[-2000:]}")
                    missed += 1
                    continue
                # What -fplugin carries into IR is tested with the IR analysis.
                checker = path.startswith(("checker/", "core/")) and \
                    not path.startswith("checker/fplugin/SourceFacts")
                scope = (["--filter", "checker/"] if checker else ["--filter-out", "checker/"])
                t = run([lit, "-q"] + scope + [os.path.join(build, "test")], env=env)
                # "FAIL: copyintent :: lower/x.ll (3 of 56)"
                failed = [l.split("::", 1)[1].rsplit(" (", 1)[0].strip()
                          for l in t.stdout.splitlines() if l.startswith("FAIL:")]
                if t.returncode != 0:
                    caught += 1
                    first = sorted(set(failed))[:4]
                    print(f"caught {name} ({loss}): {len(set(failed))} failing, e.g. {', '.join(first)}")
                else:
                    missed += 1
                    print(f"MISSED {name}: the suite passes although {loss}")
            finally:
                open(file, "w").write(original)
    finally:
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{caught} passed, {missed} failed")
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
