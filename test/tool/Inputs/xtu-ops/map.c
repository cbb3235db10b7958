#include "ring.h"

char *ring_map(const char *path)
{
	size_t mapped;
	int is_pmem;

	return pmem_map_file(path, 1 << 20, 1, 0600, &mapped, &is_pmem);
}
