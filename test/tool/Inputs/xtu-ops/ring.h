/*
 * A record ring split over four files, each step of the chain in its own: map.c maps
 * the persistent memory (ring_map()), store.c stores the mapping in a field and
 * calls the ring's write method through its ops table, ops.c installs the methods,
 * copy.c defines them.
 */
#ifndef RING_H
#define RING_H
#include <stddef.h>
#include <copyintent/copy.h>

struct ring;

struct ring_ops {
	void (*write)(char *dst, const void *src, size_t n);
	void (*stage)(char *dst, const void *src, size_t n);
};

struct ring {
	char *base;
	char *scratch;
	const struct ring_ops *ops;
};

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
		    size_t *mapped_lenp, int *is_pmemp);
char *ring_map(const char *path);
void ring_write_nt(char *dst, const void *src, size_t n);
void ring_stage_nt(char *dst, const void *src, size_t n);
extern const struct ring_ops ring_nt_ops;
#endif
