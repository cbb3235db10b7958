// CORPUS-FLAGS: -std=gnu11 -I%S/../../../Inputs/user -I%S/../../../../../include
/* Bad input of score.test: a copy that a check reports carries no label. */
#include <stdlib.h>

#include <copyintent/copy.h>

void *dup_record(const void *src, size_t n)
{
	void *buf = malloc(n);

	if (buf)
		copyintent_memcpy_writethrough(buf, src, n);
	return buf;
}
