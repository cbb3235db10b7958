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
