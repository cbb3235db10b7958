#include "chain.h"

void mid_sync(const void *p, size_t n)
{
	core_persist(p, n);
}

void mid_put(char *dst, const void *rec, size_t n)
{
	core_put(dst, rec, n);
}
