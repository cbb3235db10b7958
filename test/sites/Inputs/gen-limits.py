#!/usr/bin/env python3
"""Inputs for test/sites/limits.test: a chain of helpers deeper than the IR provenance
bound, mutual recursion, and many sites in one module.

    gen-limits.py deep|recursive|many > file.c
"""
import sys

HEAD = """#include <stddef.h>
#include <copyintent/copy.h>
void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);
"""
kind = sys.argv[1]
print(HEAD)
if kind == "deep":
    # 40 helpers, each returning the previous one's result: 40 levels to the mapping.
    print("__attribute__((noinline)) static char *h0(const char *p) {"
          " size_t l; int i; return pmem_map_file(p, 0, 0, 0, &l, &i); }")
    for i in range(1, 40):
        print(f"__attribute__((noinline)) static char *h{i}(const char *p) "
              f"{{ return h{i - 1}(p); }}")
    print("void put_deep(const char *p, const void *s, size_t n) "
          "{ copyintent_memcpy_nocache(h39(p), s, n); }")
elif kind == "recursive":
    # Two helpers that return each other's result: a cycle, and no mapping anywhere.
    print("static char *odd(unsigned k);")
    print("static char *even(unsigned k) { return k ? odd(k - 1) : (char *)0; }")
    print("static char *odd(unsigned k) { return even(k - 1); }")
    print("void put_rec(unsigned k, const void *s, size_t n) "
          "{ copyintent_memcpy_nocache(odd(k), s, n); }")
elif kind == "many":
    # 3000 functions, each with a copy into the one pool.
    print("static char *pool;")
    print("void open_pool(const char *p) { size_t l; int i; "
          "pool = pmem_map_file(p, 0, 0, 0, &l, &i); }")
    for i in range(3000):
        print(f"void put{i}(const void *s, size_t n) "
              f"{{ copyintent_memcpy_nocache(pool + {i} * 64, s, n); }}")
else:
    sys.exit("gen-limits.py: unknown input '" + kind + "' (deep, recursive or many)")
