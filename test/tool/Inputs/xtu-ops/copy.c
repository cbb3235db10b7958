#include "ring.h"

void ring_write_nt(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_nocache(dst, src, n);
}

void ring_stage_nt(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_nocache(dst, src, n);
}
