#include <stdlib.h>

#include "ring.h"

int ring_open(struct ring *r, const char *path)
{
	r->base = ring_map(path);
	r->scratch = malloc(4096);
	r->ops = &ring_nt_ops;
	return r->base && r->scratch ? 0 : -1;
}

void ring_put(struct ring *r, size_t off, const void *rec, size_t n)
{
	r->ops->write(r->base + off, rec, n);
	r->ops->stage(r->scratch, rec, n);
	copyintent_drain();
}
