// ROBUSTNESS: destinations chosen by the conditional operator: pmem or RAM, nested ternaries, ternaries of casts and of array decays, comma expressions, conditions with side effects, both arms from calls.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags -std=gnu17 > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#include <stdlib.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

static char ram[128];

static char *pmem_open(void)
{
	size_t len;
	int is_pmem;

	return pmem_map_file("/mnt/pmem/t", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
}

void ternaries(const char *src, size_t n, int a, int b)
{
	char *pm = pmem_open();
	char *heap = malloc(n);
	char stack[32];

	memcpy_nocache(a ? pm : ram, src, n);
	memcpy_writethrough(a ? heap : stack, src, n);
	memcpy_nocache(a ? (b ? pm : pm + 8) : (b ? ram : heap), src, n);
	memcpy_nocache((void *)(a ? (unsigned char *)pm : (unsigned char *)ram), src, n);
	memcpy_nocache((a++, b ? pm : stack), src, n);
	memcpy_nocache(a > b ? pmem_open() : (char *)malloc(n), src, n);
	memcpy_writethrough(a ? stack : ram, src, n < sizeof(stack) ? n : sizeof(stack));
	(a ? memcpy_nocache : memcpy_writethrough)(pm, src, n);
	free(heap);
}
