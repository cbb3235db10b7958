#include "chain.h"

void core_persist(const void *p, size_t n)
{
	pmem_flush(p, n);
	pmem_drain();
}

void core_put(char *dst, const void *rec, size_t n)
{
	memcpy(dst, rec, n);
}
