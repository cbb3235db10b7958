/* A pool whose mapping is made in map.c, written through write.c, indexed in slot.c. */
#ifndef POOL_H
#define POOL_H
#include <stddef.h>
#include <copyintent/copy.h>

struct pool {
	char *base;
	size_t size;
};

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
		    size_t *mapped_lenp, int *is_pmemp);
void pool_write(char *dst, const void *src, size_t n);
char *pool_slot(struct pool *p, int i);
#endif
