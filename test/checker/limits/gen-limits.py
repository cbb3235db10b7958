#!/usr/bin/env python3
"""Writes, to stdout, C code whose copy destinations lie beyond the provenance
analysis's bounds: a pointer handed through 400 variables (depth), and one whose
variable is assigned in 20,000 places (steps); or (ordering) a generated function of
50,000 statements whose copies, flushes, drains and publishes the ordering checks walk
from, beyond their budget per function, and a small function after it."""
import sys

which = sys.argv[1]
out = ["#include <stddef.h>", "#include <libpmem.h>", "#include <copyintent/copy.h>", ""]
if which == "depth":
    out.append("void deep(const void *src, size_t n) {")
    out.append("  size_t len; int is_pmem;")
    out.append('  char *p0 = pmem_map_file("/mnt/pmem/d", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);')
    for i in range(1, 401):
        out.append(f"  char *p{i} = p{i - 1};")
    out.append("  memcpy_nocache(p400, src, n); // DEPTH-LINE")
    out.append("  memcpy_nocache(p100, src, n); // NEAR-LINE")
    out.append("}")
elif which == "ordering":
    out[:0] = ["#include <string.h>"]
    out += ["struct log { char *base; unsigned long *tail; };", "",
            "void log_open(struct log *lg, const char *path) {",
            "  size_t len; int is_pmem;",
            "  lg->base = pmem_map_file(path, 1 << 20, PMEM_FILE_CREATE, 0600, &len, &is_pmem);",
            "  lg->tail = (unsigned long *)lg->base;",
            "}", "",
            "void huge(struct log *lg, const char *src, int sel) { // HUGE-LINE"]
    for i in range(12500):
        off = 64 + (i % 1000) * 64
        out += [f"  memcpy(lg->base + {off}, src, 64);",
                f"  if (sel == {i}) pmem_flush(lg->base + {off}, 64);",
                "  pmem_drain();",
                f"  *lg->tail = {i};"]
    out += ["}", "",
            "void small(struct log *lg, const char *src, size_t n) {",
            "  memcpy(lg->base + 64, src, n); // SMALL-LINE",
            "  pmem_drain();",
            "}"]
else:
    out.append("static char *p;")
    out.append("void wide(char *a, int k) {")
    for i in range(20000):
        out.append(f"  if (k == {i}) p = a + {i};")
    out.append("}")
    out.append("void use(const void *src, size_t n) { memcpy_nocache(p, src, n); } // STEPS-LINE")
print("\n".join(out))
