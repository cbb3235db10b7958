#!/usr/bin/env python3
"""Writes, to stdout, C code whose copy destinations lie beyond the provenance
analysis's bounds: a pointer handed through 400 variables (depth), and one whose
variable is assigned in 20,000 places (steps)."""
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
else:
    out.append("static char *p;")
    out.append("void wide(char *a, int k) {")
    for i in range(20000):
        out.append(f"  if (k == {i}) p = a + {i};")
    out.append("}")
    out.append("void use(const void *src, size_t n) { memcpy_nocache(p, src, n); } // STEPS-LINE")
print("\n".join(out))
