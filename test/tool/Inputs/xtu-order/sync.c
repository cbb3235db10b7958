#include "plog.h"

void plog_persist(const void *p, size_t n)
{
	pmem_flush(p, n);
	pmem_drain();
}

void plog_fence(void)
{
	pmem_drain();
}

void plog_link(struct plog_index *idx, unsigned i, char *rec)
{
	idx->slot[i] = rec;
	pmem_persist(&idx->slot[i], sizeof(idx->slot[i]));
}

void plog_put(char *dst, const void *rec, size_t n)
{
	memcpy(dst, rec, n);
}
