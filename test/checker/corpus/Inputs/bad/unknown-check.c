// CORPUS-FLAGS: -std=gnu11 -I%S/../../../Inputs/user -I%S/../../../../../include
/* Bad input of score.test: a label names a check that does not exist. */
#include <copyintent/copy.h>

void put(void *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n); /* LABEL: id=bogus expect=copyintent-writethrough-everywhere class=direct reason="no such check" */
}
