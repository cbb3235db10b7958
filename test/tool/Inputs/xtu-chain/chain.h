/*
 * A log whose durability helpers are wrapped once more in another file: core.c
 * writes back and drains a range (core_persist) or copies a record and leaves it to
 * its caller (core_put); mid.c wraps each (mid_sync, mid_put); app.c calls only
 * mid.c. What app.c needs to know crosses two file boundaries, so the facts of
 * mid.c are made from the facts of core.c (a second round).
 */
#ifndef CHAIN_H
#define CHAIN_H
#include <stddef.h>
#include <string.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
		    size_t *mapped_lenp, int *is_pmemp);
void pmem_flush(const void *addr, size_t len);
void pmem_drain(void);

struct clog {
	char *base;
	size_t *tail;
};

void core_persist(const void *p, size_t n);
void core_put(char *dst, const void *rec, size_t n);
void mid_sync(const void *p, size_t n);
void mid_put(char *dst, const void *rec, size_t n);
#endif
