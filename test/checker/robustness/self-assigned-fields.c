// ROBUSTNESS: struct fields assigned from themselves (p = p, p = p + 1), fields assigned from each other in a cycle, a self-referential list whose nodes share buffers, whole-struct assignment, compound literals, and a field that is pmem in one object and RAM in another.
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

struct node {
	struct node *next;
	char *buf;
	char *alt;
};

struct pair {
	char *a;
	char *b;
};

void fields(struct node *n, struct pair *pr, const char *src, size_t len)
{
	size_t mapped;
	int is_pmem;

	n->buf = n->buf;
	n->buf = n->buf + 1;
	n->buf += 0;
	n->alt = n->buf;
	n->buf = n->alt;
	pr->a = pr->b;
	pr->b = pr->a;
	n->next->buf = n->buf;
	n->next->next->alt = n->next->buf;
	n->buf = pmem_map_file("/mnt/pmem/s", 4096, PMEM_FILE_CREATE, 0600, &mapped, &is_pmem);
	memcpy_nocache(n->buf, src, len);
	memcpy_nocache(n->next->buf, src, len);
	memcpy_nocache(n->next->next->alt, src, len);
	memcpy_nocache(pr->a, src, len);
	memcpy_writethrough(pr->b, src, len);
}

void whole_structs(struct pair *dst, const struct pair *src, const char *data, size_t len)
{
	struct pair local = *src;
	struct pair heap = { malloc(len), malloc(len) };

	*dst = local;
	local = (struct pair){ .a = dst->b, .b = local.a };
	memcpy(&local, src, sizeof(local));
	memcpy_nocache(local.a, data, len);
	memcpy_writethrough(heap.a, data, len);
	memcpy_writethrough(dst->a, data, len);
	free(heap.a);
	free(heap.b);
}
