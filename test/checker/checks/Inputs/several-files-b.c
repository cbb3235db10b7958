/* The second translation unit of several-files.c: the same names, other memory. */
#include <stdlib.h>

#include <copyintent/copy.h>

struct log {
	char *base;
};

void attach(struct log *l)
{
	l->base = malloc(4096);
}

void append(struct log *l, const void *src, size_t n)
{
	copyintent_memcpy_nocache(l->base, src, n);
	copyintent_memcpy_writethrough(l->base + n, src, n);
}
