#!/usr/bin/env python3
"""Compiles every checker test input with clang 22 -fsyntax-only, one at a time.

  compile_corpus.py [--clang PATH]

- The mock kernel headers (Inputs/kernel), all of them in one translation unit, in
  every era (COPYINTENT_TEST_ERA 42, 2016, 413, 517, 70) and configuration (plain,
  __CHECKER__, COPYINTENT_TEST_BTF_TAG, COPYINTENT_TEST_ARCH_GENERIC,
  COPYINTENT_TEST_ALLOC_PROFILING), with -Wall -Werror.
- fixtures/kernel/*.c: freestanding, -nostdinc, gnu11, -Wall -Werror, plus the extra
  configurations listed in VARIANTS below. Each must open with a comment that states
  the right verdict.
- fixtures/user/*.c (gnu11) and *.cpp (c++17): Inputs/user and include/ on the path,
  -Wall -Wextra -Werror.
- robustness/*.c (gnu17; kernel-*.c like the kernel fixtures) and *.cpp (c++17): must
  compile; warnings are allowed (the code is odd on purpose). The first line must be
  "// ROBUSTNESS: <what is odd here>".
Ends with "N compiles, N failed"; exits 1 if any failed.
"""
import argparse
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.dirname(HERE)
KERNEL_INC = os.path.join(CHECKER, "Inputs", "kernel")
USER_INC = os.path.join(CHECKER, "Inputs", "user")
API_INC = os.path.join(os.path.dirname(os.path.dirname(CHECKER)), "include")

KERNEL_FLAGS = ["-ffreestanding", "-nostdinc", "-std=gnu11", "-I" + KERNEL_INC]
USER_FLAGS = ["-I" + USER_INC, "-I" + API_INC]
ERAS = ["42", "2016", "413", "517", "70"]
KNOBS = [[], ["-D__CHECKER__"], ["-DCOPYINTENT_TEST_BTF_TAG"],
         ["-DCOPYINTENT_TEST_ARCH_GENERIC"], ["-DCOPYINTENT_TEST_ALLOC_PROFILING"]]

# Extra configurations a kernel fixture must also compile in (the plain compile is era
# 517, the default of <linux/version.h>; fixtures that cover several eras list the others).
VARIANTS = {
    "pmem-annotation-42.c": [["-D__CHECKER__"]],
    "dax-iomap-actor.c": [["-DCOPYINTENT_TEST_ERA=" + e] for e in ["2016", "413", "70"]],
    "hfi1-copy-sge.c": [["-DCOPYINTENT_TEST_ERA=" + e] for e in ["2016", "413", "70"]],
    "uaccess-pmem.c": [["-DCOPYINTENT_TEST_ERA=" + e] for e in ["2016", "413", "70"]],
    "unneeded-writethrough.c": [["-DCOPYINTENT_TEST_ERA=2016"], ["-DCOPYINTENT_TEST_ERA=70"],
                                ["-DCOPYINTENT_TEST_ERA=70", "-DCOPYINTENT_TEST_ALLOC_PROFILING"]],
    "ntb-memcpy-tx.c": [["-DCOPYINTENT_TEST_ERA=" + e] for e in ["2016", "413", "70"]],
    "mmio-sources.c": [["-DCOPYINTENT_TEST_ERA=2016"], ["-DCOPYINTENT_TEST_ERA=413"]],
    "networking-nocache.c": [["-DCOPYINTENT_TEST_ERA=" + e] for e in ERAS],
    "pmem-provenance.c": [["-DCOPYINTENT_TEST_ERA=70"]],
}

ALL_HEADERS = """
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/io-mapping.h>
#include <linux/memremap.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/libnvdimm.h>
#include <linux/nd.h>
#include <linux/fs.h>
#include <linux/iomap.h>
#include <linux/pci.h>
#include <net/sock.h>
#if COPYINTENT_ERA_PMEM_API
#include <linux/pmem.h>
#endif
#if COPYINTENT_TEST_ERA != 42
#include <linux/dax.h>
#endif
int copyintent_all_headers;
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clang", default="/usr/lib/llvm-22/bin/clang")
    args = ap.parse_args()
    jobs = []  # (label, command, stdin text or None)

    for era in ERAS:
        for knob in KNOBS:
            cmd = [args.clang, "-fsyntax-only", "-x", "c", "-Wall", "-Werror"] + KERNEL_FLAGS + [
                "-DCOPYINTENT_TEST_ERA=" + era] + knob + ["-"]
            jobs.append((f"headers era {era} {' '.join(knob)}".rstrip(), cmd, ALL_HEADERS))

    problems = []
    for path in sorted(glob.glob(os.path.join(CHECKER, "fixtures", "kernel", "*.c"))):
        with open(path) as f:
            head = f.read(4000)
        if not head.startswith("/*") or "Right verdict" not in head:
            problems.append(f"{path}: must open with a comment stating the right verdict")
        base = [args.clang, "-fsyntax-only", "-Wall", "-Werror"] + KERNEL_FLAGS
        for extra in [[]] + VARIANTS.get(os.path.basename(path), []):
            jobs.append((f"{os.path.relpath(path, CHECKER)} {' '.join(extra)}".rstrip(),
                         base + extra + [path], None))

    for path in sorted(glob.glob(os.path.join(CHECKER, "fixtures", "user", "*"))):
        if path.endswith(".c"):
            lang = ["-x", "c", "-std=gnu11"]
        elif path.endswith(".cpp"):
            lang = ["-x", "c++", "-std=c++17"]
        else:
            continue
        with open(path) as f:
            head = f.read(4000)
        if "Right verdict" not in head:
            problems.append(f"{path}: must open with a comment stating the right verdict")
        jobs.append((os.path.relpath(path, CHECKER),
                     [args.clang, "-fsyntax-only", "-Wall", "-Wextra", "-Werror"] + lang +
                     USER_FLAGS + [path], None))

    for path in sorted(glob.glob(os.path.join(CHECKER, "robustness", "*"))):
        name = os.path.basename(path)
        if name.endswith(".c"):
            flags = (["-x", "c"] + KERNEL_FLAGS) if name.startswith("kernel-") else (
                ["-x", "c", "-std=gnu17"] + USER_FLAGS)
        elif name.endswith(".cpp"):
            flags = ["-x", "c++", "-std=c++17"] + USER_FLAGS
        else:
            continue
        with open(path, encoding="utf-8") as f:
            if not f.readline().startswith("// ROBUSTNESS: "):
                problems.append(f"{path}: the first line must be '// ROBUSTNESS: ...'")
        jobs.append((os.path.relpath(path, CHECKER),
                     [args.clang, "-fsyntax-only"] + flags + [path], None))

    failed = 0
    for label, cmd, stdin in jobs:
        p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        if p.returncode != 0:
            failed += 1
            print(f"FAIL: {label}\n  command: {' '.join(cmd)}\n{p.stdout}")
        else:
            print(f"ok: {label}")
    for msg in problems:
        print("FAIL: " + msg)
    print(f"{len(jobs)} compiles, {failed + len(problems)} failed")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
