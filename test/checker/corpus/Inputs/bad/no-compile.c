// CORPUS-FLAGS: -std=gnu11 -I%S/../../../Inputs/user -I%S/../../../../../include
/* Bad input of score.test: this file does not compile. */
#include <copyintent/copy.h>

void put(void *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n, 0); /* LABEL: id=extra-arg expect=none class=direct reason="too many arguments" */
}
