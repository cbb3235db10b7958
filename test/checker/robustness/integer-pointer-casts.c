// ROBUSTNESS: destinations that round-trip through integers (uintptr_t, unsigned long, intptr_t), masked and aligned addresses, pointers stored in integer fields, pointer differences, and null-based address arithmetic.
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
#include <stdint.h>

#include <copyintent/copy.h>
#include <libpmem.h>

struct handle {
	uintptr_t addr;
	unsigned long len;
};

static uintptr_t pmem_addr(void)
{
	size_t len;
	int is_pmem;

	return (uintptr_t)pmem_map_file("/mnt/pmem/i", 1 << 16, PMEM_FILE_CREATE, 0600, &len,
					&is_pmem);
}

void integer_casts(struct handle *h, const void *src, size_t n)
{
	uintptr_t base = pmem_addr();
	unsigned long aligned = (base + 63) & ~63ul;
	intptr_t signed_addr = (intptr_t)base;
	char *p = (char *)base;
	ptrdiff_t d = (p + 100) - p;

	h->addr = base;
	h->len = 1 << 16;
	copyintent_memcpy_nocache((void *)base, src, n);
	copyintent_memcpy_nocache((void *)aligned, src, n);
	copyintent_memcpy_nocache((void *)(signed_addr + 8), src, n);
	copyintent_memcpy_nocache((void *)(h->addr + (uintptr_t)d), src, n);
	copyintent_memcpy_nocache((char *)0 + aligned, src, n);
	copyintent_memcpy_nocache((void *)(uintptr_t)(void *)(uintptr_t)base, src, n);
}
