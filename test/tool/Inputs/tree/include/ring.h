/* A helper whose destination is a parameter: persistent memory in one TU, MMIO in
 * another. Each TU asks for a different rewrite of the same call: a conflict. */
#ifndef RING_H
#define RING_H
#include <stddef.h>
#include <copyintent/copy.h>

static inline void ring_put(void *slot, const void *src, size_t n)
{
	copyintent_memcpy_nocache(slot, src, n);
}
#endif
