#include "pmem.h"
#include "pool.h"

struct log {
	char *base;
	size_t used;
};

int log_open(struct log *l)
{
	size_t mapped;
	int is_pmem;

	l->base = pmem_map_file("/mnt/pmem/log", 1 << 20, PMEM_FILE_CREATE, 0600, &mapped,
				&is_pmem);
	l->used = 0;
	return l->base ? 0 : -1;
}

void log_append(struct log *l, const void *rec, size_t n)
{
	copyintent_memcpy_nocache(l->base + l->used, rec, n);
	copyintent_drain();
	l->used += n;
}
