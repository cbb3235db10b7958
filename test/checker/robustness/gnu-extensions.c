// ROBUSTNESS: GNU C extensions around copies: statement expressions as destinations, typeof/__typeof__, __auto_type, labels as values and computed goto, the ?: elvis operator, __builtin_choose_expr, case ranges, zero-length arrays, cleanup attribute, __builtin_memcpy and __builtin___memcpy_chk, __extension__, local labels, range designators. (Nested functions are GCC-only and left out.)
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

struct blob {
	size_t len;
	char data[0];
};

static char *pmem_base;
static char ram_buf[256];
static int (*const pick[4])(void) = { [0 ... 3] = NULL };

static void release(char **p)
{
	*p = NULL;
}

#define PMEM_AT(off) ({ char *__p = pmem_base; __p + (off); })
#define MAX(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })

void gnu_copies(const char *src, size_t len, int which)
{
	static void *targets[] = { &&to_pmem, &&to_ram, &&done };
	__auto_type dst = pmem_base + 8;
	typeof(pmem_base) other = ram_buf;
	__typeof__(*pmem_base) *third = pmem_base ?: ram_buf;
	char *guarded __attribute__((cleanup(release))) = pmem_base;

	memcpy_nocache(PMEM_AT(16), src, len);
	memcpy_nocache(({ len > 8 ? pmem_base : ram_buf; }), src, len);
	memcpy_nocache(dst, src, MAX(len, (size_t)4));
	memcpy_writethrough(other, src, len);
	memcpy_nocache(third, src, len);
	memcpy_nocache(guarded, src, len);
	memcpy_nocache(__builtin_choose_expr(sizeof(int) == 4, pmem_base, ram_buf), src, len);
	__builtin_memcpy(pmem_base, src, len);
	__builtin___memcpy_chk(ram_buf, src, len, __builtin_object_size(ram_buf, 0));
	__extension__ memcpy_nocache(pmem_base + 24, src, len);

	goto *targets[which & 1];
to_pmem:
	memcpy_nocache(pmem_base + 32, src, len);
	goto *targets[2];
to_ram:
	memcpy_writethrough(ram_buf + 32, src, len);
done:
	switch (len) {
	case 1 ... 8:
		memcpy_nocache(pmem_base + 40, src, len);
		break;
	case 9 ... 64:
		memcpy_writethrough(ram_buf, src, len);
		break;
	default:
		break;
	}
	{
		__label__ again;
		int n = 0;
again:
		memcpy_nocache(pmem_base + 48 + n, src, 1);
		if (++n < 2)
			goto again;
	}
	(void)pick;
}

void blob_copy(struct blob *b, const char *src)
{
	memcpy_nocache(b->data, src, b->len);
}

void map_gnu(void)
{
	size_t len;
	int is_pmem;

	pmem_base = pmem_map_file("/mnt/pmem/g", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
}
