#include "pool.h"

int pool_open(struct pool *p, const void *rec, size_t n)
{
	size_t mapped;
	int is_pmem;

	p->base = pmem_map_file("/mnt/pmem/pool", 1 << 20, 1, 0600, &mapped, &is_pmem);
	if (!p->base)
		return -1;
	pool_write(p->base, rec, n);
	copyintent_memcpy_nocache(pool_slot(p, 3), rec, n);
	copyintent_drain();
	return 0;
}
