// ROBUSTNESS: K&R-style (identifier-list) function definitions and unprototyped declarations around copies; calls through unprototyped function pointers (valid C17, removed in C23: compile with -std=gnu17 or older).
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags -std=gnu17 > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#include <stddef.h>

#include <copyintent/copy.h>
#include <libpmem.h>

void *get_region();
int store_knr();

char *region_base;

void *get_region(len)
	size_t len;
{
	size_t mapped;
	int is_pmem;

	return pmem_map_file("/mnt/pmem/region", len, PMEM_FILE_CREATE, 0600, &mapped,
			     &is_pmem);
}

int store_knr(dst, src, n, mode)
	void *dst;
	const void *src;
	size_t n;
	register int mode;
{
	if (mode)
		memcpy_writethrough(dst, src, n);
	else
		memcpy_nocache(dst, src, n);
	return 0;
}

static int forward_knr(p, q, n)
	char *p, *q;
	unsigned n;
{
	return store_knr(p + 1, q, (size_t)n, 0);
}

typedef int (*unprototyped_fn)();

int run_knr(const char *src)
{
	unprototyped_fn fn = store_knr;

	region_base = get_region((size_t)4096);
	fn(region_base, src, (size_t)8, 1);
	return forward_knr(region_base, (char *)src, 8u);
}
