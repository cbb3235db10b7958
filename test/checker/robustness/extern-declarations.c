// ROBUSTNESS: extern declarations without definitions (functions returning destinations, globals, arrays of unknown size), block-scope extern declarations, redeclarations of copy functions with other parameter names, weak and alias attributes.
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

extern char *pmem_region;
extern char ram_region[];
extern void *region_for(int id);
extern void *(*region_hook)(int id);
extern struct { char *base; size_t len; } pool_desc;

void copyintent_memcpy_nocache(void *to, const void *from, size_t count);
void copyintent_memcpy_writethrough(void *, const void *, size_t);

__attribute__((weak)) void *weak_region(void);

static void impl_copy(void *d, const void *s, size_t n)
{
	copyintent_memcpy_nocache(d, s, n);
}

void aliased_copy(void *d, const void *s, size_t n) __attribute__((alias("impl_copy")));

void externs(const void *src, size_t n, int id)
{
	extern char *block_scope_region;
	extern void copyintent_flush(const void *, size_t);

	copyintent_memcpy_nocache(pmem_region, src, n);
	copyintent_memcpy_writethrough(ram_region, src, n);
	copyintent_memcpy_nocache(region_for(id), src, n);
	copyintent_memcpy_nocache(region_hook(id), src, n);
	copyintent_memcpy_nocache(pool_desc.base, src, n);
	copyintent_memcpy_nocache(block_scope_region + id, src, n);
	if (weak_region)
		copyintent_memcpy_writethrough(weak_region(), src, n);
	aliased_copy(pmem_region, src, n);
	copyintent_flush(pmem_region, n);
}
