#include "pool.h"

void pool_write(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_nocache(dst, src, n);
}
