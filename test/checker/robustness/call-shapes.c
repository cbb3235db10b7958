// ROBUSTNESS: copy calls in unusual positions: conditions, for-loop headers, comma expressions, a void function returning a void call, nested copies (memcpy's result as a destination), parenthesized and dereferenced callees, address-of callee, side effects in arguments, a copy as a statement-expression value.
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
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

static char *pm;

static void relay(void *d, const void *s, size_t n)
{
	return memcpy_nocache(d, s, n);
}

void shapes(const char *src, size_t n)
{
	char ram[64];
	char *cursor;
	size_t i, len;
	int is_pmem;

	pm = pmem_map_file("/mnt/pmem/x", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
	if (memcpy(pm, src, n))
		(memcpy_nocache)(pm + 8, src, n);
	for (cursor = memcpy(pm + 16, src, n), i = 0; i < 2; memcpy_nocache(cursor + i, src, 1), i++)
		;
	memcpy(memcpy(memcpy(pm + 32, src, n), src, n), src, n);
	(*memcpy_nocache)(pm + 40, src, n);
	(&memcpy_writethrough)(ram, src, n < sizeof(ram) ? n : sizeof(ram));
	cursor = pm + 48;
	memcpy_nocache(cursor++, src++, n--);
	relay(pm + 56, src, n);
	while (pmem_memcpy(pm + 64, src, n, PMEM_F_MEM_NOFLUSH) == NULL)
		break;
	n = ({ memcpy_nocache(pm + 72, src, n); n; });
	(void)(memcpy_nocache(pm + 80, src, n), memcpy_writethrough(ram, src, 1), 0);
}
