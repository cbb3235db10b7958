// ROBUSTNESS: copy functions used as values: pointers to them, tables of pointers (designated initializers, arrays of structs), calls through (*fp)(...) and (**fp)(...), pointers returned by functions, higher-order callers, casts of a copy function to another function type, libpmem2's pmem2_memcpy_fn.
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
#include <libpmem2.h>

typedef void (*copy_fn)(void *, const void *, size_t);
typedef void *(*libc_copy_fn)(void *, const void *, size_t);

struct copy_ops {
	const char *name;
	copy_fn copy;
	void (*flush)(const void *, size_t);
};

static const struct copy_ops ops_table[] = {
	{ .name = "nocache", .copy = memcpy_nocache, .flush = NULL },
	{ .name = "writethrough", .copy = memcpy_writethrough, .flush = flush_range },
	{ .name = "api", .copy = copyintent_memcpy_nocache, .flush = copyintent_flush },
	{ "persist", copyintent_memcpy_persist, pmem_flush },
};

static char *pmem_base;

static copy_fn choose(int durable)
{
	return durable ? copyintent_memcpy_writethrough : memcpy_nocache;
}

static void apply(copy_fn fn, void *dst, const void *src, size_t n)
{
	fn(dst, src, n);
	(*fn)(dst, src, n);
	(**fn)(dst, src, n);
}

void through_pointers(const void *src, size_t n, int i)
{
	copy_fn fp = memcpy_nocache;
	copy_fn *fpp = &fp;
	libc_copy_fn lc = memcpy;
	void (*as_other)(char *, const char *, unsigned) =
		(void (*)(char *, const char *, unsigned))memcpy_nocache;
	size_t len;
	int is_pmem;

	pmem_base = pmem_map_file("/mnt/pmem/f", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
	fp(pmem_base, src, n);
	(*fpp)(pmem_base + 8, src, n);
	lc(pmem_base + 16, src, n);
	ops_table[i & 3].copy(pmem_base + 24, src, n);
	if (ops_table[i & 3].flush)
		ops_table[i & 3].flush(pmem_base + 24, n);
	choose(i)(pmem_base + 32, src, n);
	apply(memcpy_nocache, pmem_base + 40, src, n);
	apply(choose(0), pmem_base + 48, src, n);
	(void)as_other;
}

void through_pmem2(struct pmem2_map *map, const void *src, size_t n)
{
	pmem2_memcpy_fn cp = pmem2_get_memcpy_fn(map);
	pmem2_memcpy_fn table[2] = { cp, pmem_memcpy };
	char *dst = pmem2_map_get_address(map);

	cp(dst, src, n, PMEM2_F_MEM_NOFLUSH);
	table[1](dst + n, src, n, PMEM_F_MEM_NOFLUSH);
	(*table[0])(dst + 2 * n, src, n, 0);
}
