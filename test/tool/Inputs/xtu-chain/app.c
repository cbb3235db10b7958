#include "chain.h"

void clog_open(struct clog *lg, const char *path)
{
	size_t len;
	int is_pmem;

	lg->base = pmem_map_file(path, 1 << 20, 1, 0600, &len, &is_pmem);
	lg->tail = (size_t *)lg->base;
}

/* Right: mid_sync() persists the record (through core_persist()) before the tail. */
void clog_append(struct clog *lg, const void *rec, size_t n)
{
	size_t t = *lg->tail;

	memcpy(lg->base + 64 + t, rec, n);
	mid_sync(lg->base + 64 + t, n);
	*lg->tail = t + n;
	mid_sync(lg->tail, sizeof(*lg->tail));
}

/* Wrong: mid_put() returns the record unpersisted (core_put() copies); the tail moves. */
void clog_append_put(struct clog *lg, const void *rec, size_t n)
{
	size_t t = *lg->tail;

	mid_put(lg->base + 64 + t, rec, n);
	*lg->tail = t + n;
	mid_sync(lg->tail, sizeof(*lg->tail));
}
