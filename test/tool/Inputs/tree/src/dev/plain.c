#include <string.h>

void plain_copy(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
}
