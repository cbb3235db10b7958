/* A header shared by every TU: its helper's finding is one finding, reported by each
 * TU that includes it, and its fix-it is made once. */
#ifndef POOL_H
#define POOL_H
#include <stdlib.h>
#include <copyintent/copy.h>

static inline void *pool_stage(const void *src, size_t n)
{
	void *tmp = malloc(n);

	if (tmp)
		copyintent_memcpy_writethrough(tmp, src, n);
	return tmp;
}
#endif
