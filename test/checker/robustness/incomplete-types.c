// ROBUSTNESS: pointers to incomplete struct types (never completed in this TU) as copy destinations and sources; extern objects of incomplete type; arrays of unknown size.
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

struct opaque;
struct never_defined;
union opaque_u;

extern struct opaque pool_object;
extern char region[];
extern struct never_defined *lookup(int key);
struct opaque *make_opaque(void);

void copy_into_opaque(struct opaque *dst, const struct opaque *src, size_t n)
{
	memcpy_nocache(dst, src, n);
	memcpy_writethrough(dst, src, n);
	copyintent_memcpy_persist(dst, src, n);
}

void copy_into_extern_object(const void *src, size_t n)
{
	memcpy_nocache(&pool_object, src, n);
	memcpy_writethrough(region, src, n);
	memcpy_nocache(region + 16, src, n);
}

void copy_returned(int key, const void *src, size_t n)
{
	memcpy_nocache(lookup(key), src, n);
	memcpy_nocache(make_opaque(), src, n);
	pmem_memcpy(lookup(key), src, n, PMEM_F_MEM_NOFLUSH);
}

void copy_union(union opaque_u *u, const void *src, size_t n)
{
	memcpy_writethrough(u, src, n);
}

struct opaque *pmem_opaque(const char *path)
{
	size_t len;
	int is_pmem;

	return pmem_map_file(path, 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
}

void copy_pmem_opaque(const char *path, const struct opaque *src, size_t n)
{
	struct opaque *p = pmem_opaque(path);

	memcpy_nocache(p, src, n);
	memcpy(p, src, n);
}
