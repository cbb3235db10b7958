#include <copyintent/copy.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char src[256], *dst = malloc(sizeof src);

	memset(src, 7, sizeof src);
	/* An unneeded writethrough (dst is malloc'd): the plugin's checks warn. */
	copyintent_memcpy_persist(dst, src, sizeof src);
	printf("%s\n", memcmp(dst, src, sizeof src) ? "differ" : "copied");
	free(dst);
	return 0;
}
