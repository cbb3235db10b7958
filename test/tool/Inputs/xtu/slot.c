#include "pool.h"

char *pool_slot(struct pool *p, int i)
{
	return p->base + (size_t)i * 64;
}
