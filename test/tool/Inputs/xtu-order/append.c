#include "plog.h"

void plog_open(struct plog *lg, const char *path)
{
	size_t len;
	int is_pmem;

	lg->base = pmem_map_file(path, 1 << 20, 1, 0600, &len, &is_pmem);
	lg->tail = (size_t *)lg->base;
}

/* Right: the helper of sync.c persists the record before the tail moves. */
void plog_append(struct plog *lg, const void *rec, size_t n)
{
	size_t t = *lg->tail;

	memcpy(lg->base + 64 + t, rec, n);
	plog_persist(lg->base + 64 + t, n);
	*lg->tail = t + n;
	plog_persist(lg->tail, sizeof(*lg->tail));
}

/* Wrong: the fence of sync.c drains a record nothing wrote back. */
void plog_append_fenced(struct plog *lg, const void *rec, size_t n)
{
	size_t t = *lg->tail;

	memcpy(lg->base + 64 + t, rec, n);
	plog_fence();
}

/* Wrong: plog_link() of sync.c links the record into the index before it persists. */
void plog_insert(struct plog *lg, struct plog_index *idx, unsigned i, const void *rec,
		 size_t n)
{
	char *r = lg->base + 4096 + (size_t)i * 256;

	memcpy(r, rec, n);
	plog_link(idx, i, r);
}

/* Wrong: plog_put() of sync.c returns the record unpersisted; the tail moves first. */
void plog_append_put(struct plog *lg, const void *rec, size_t n)
{
	size_t t = *lg->tail;

	plog_put(lg->base + 64 + t, rec, n);
	*lg->tail = t + n;
	plog_persist(lg->tail, sizeof(*lg->tail));
}

/* Wrong: plog_put() of sync.c returns the record unwritten, and the fence comes next. */
void plog_append_put_fenced(struct plog *lg, const void *rec, size_t n)
{
	plog_put(lg->base + 64 + *lg->tail, rec, n);
	plog_fence();
}
