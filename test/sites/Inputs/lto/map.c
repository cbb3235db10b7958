/* The mapping: a pmem_map_file() pool kept in a variable of this file. */
#include <stddef.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);

static char *base;

int pool_open(const char *path) {
  size_t len;
  int is_pmem;
  base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
  return base ? 0 : -1;
}

char *pool_base(void) { return base; }
