/*
 * A log split over two files: sync.c defines the durability helpers (a persist of a
 * range, a fence, a link of a record into a persistent index, a copy that leaves
 * the record to its caller to persist), append.c copies
 * records into the mapping and publishes them. Alone,
 * append.c cannot tell what the helpers do; the ordering facts of sync.c say it.
 */
#ifndef PLOG_H
#define PLOG_H
#include <stddef.h>
#include <string.h>
#include <copyintent/copy.h>

struct plog {
	char *base;
	size_t *tail;
};

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
		    size_t *mapped_lenp, int *is_pmemp);
void pmem_flush(const void *addr, size_t len);
void pmem_drain(void);
void pmem_persist(const void *addr, size_t len);

struct plog_index {
	char *slot[64];
};

void plog_persist(const void *p, size_t n);
void plog_fence(void);
void plog_link(struct plog_index *idx, unsigned i, char *rec);
void plog_put(char *dst, const void *rec, size_t n);
#endif
