#ifndef PMEM_H
#define PMEM_H
#include <stddef.h>
#define PMEM_FILE_CREATE 1
void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
		    size_t *mapped_lenp, int *is_pmemp);
#endif
