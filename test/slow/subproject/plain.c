/* Built by gcc, linked with the runtime of the subproject: out-of-line calls. */
#include <copyintent/copy.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	static char src[4096], dst[4096];

	memset(src, 3, sizeof src);
	copyintent_memcpy_persist(dst, src, sizeof dst);
	puts(memcmp(dst, src, sizeof dst) ? "differ" : "copied");
	return 0;
}
