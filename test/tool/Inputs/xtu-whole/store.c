#include <stdlib.h>

#include "store.h"

int store_open(struct store *s, const char *path)
{
	size_t mapped;
	int is_pmem;

	s->base = pmem_map_file(path, 1 << 20, 1, 0600, &mapped, &is_pmem);
	s->shadow = malloc(4096);
	return s->base && s->shadow ? 0 : -1;
}

void store_commit(struct store *s, size_t off, const void *rec, size_t n)
{
	store_copy_payload(s->base + off, rec, n);
	store_copy_meta(s->shadow, rec, n);
	store_copy_hooked(s->shadow, rec, n);
	store_copy_exported(s->shadow, rec, n);
	copyintent_drain();
}
