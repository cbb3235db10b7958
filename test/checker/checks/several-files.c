// One clang-tidy run over several translation units: each is analysed with its own
// index (the analysis of one TU must not leak into the next, even when the next
// ASTContext lands at the same address). This file and Inputs/several-files-b.c
// define the same struct and functions; here log->base is persistent memory, there
// it is malloc'ed. Each file gets its own verdicts, in both orders.
// RUN: %clang_tidy '-checks=-*,copyintent-*,-copyintent-classify' --header-filter='^$' \
// RUN:   --config={} --quiet %s %S/Inputs/several-files-b.c -- %ci-user-cflags \
// RUN:   2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_tidy '-checks=-*,copyintent-*,-copyintent-classify' --header-filter='^$' \
// RUN:   --config={} --quiet %S/Inputs/several-files-b.c %s -- %ci-user-cflags \
// RUN:   2>&1 | FileCheck %s --implicit-check-not=warning:
// CHECK-DAG: several-files.c:[[#@LINE+20]]:2: warning: copyintent_memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}[copyintent-nocache-needs-writethrough]
// CHECK-DAG: several-files-b.c:18:2: warning: copyintent_memcpy_writethrough{{.*}}[copyintent-unneeded-writethrough]
#include <stddef.h>

#include <copyintent/copy.h>
#include <libpmem.h>

struct log {
	char *base;
};

void attach(struct log *l, const char *path)
{
	size_t len;
	int is_pmem;
	l->base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
}

void append(struct log *l, const void *src, size_t n)
{
	copyintent_memcpy_nocache(l->base, src, n);
	copyintent_memcpy_writethrough(l->base + n, src, n);
}
