// CORPUS-FLAGS: -std=gnu11 -mclwb -I%S/../../Inputs/user -I%S/../../../../include
/*
 * Items of a slab allocator that lives in a pmem pool mapped in another file (the
 * shape of memcached's pslab / pmem-backed slab items): pslab_alloc() and the item
 * macros hand out pointers into the pool, and nothing in this file maps it. The
 * code itself says which pointers are pmem: it persists them with pmem_persist(),
 * flushes them with pmem_flush(), clwb's them, or flushes them with our API
 * (issue 9, class 4). A nocache copy that the following write-back covers is right
 * (class 5); one that the write-back misses is not.
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

#define ITEM_LINKED 1u
#define CACHELINE 64

typedef struct _item {
	struct _item *next;
	uint32_t exptime;
	uint32_t nbytes;
	uint16_t it_flags;
	uint8_t nkey;
	char data[];
} item;

#define ITEM_key(it) ((it)->data)
#define ITEM_data(it) ((it)->data + (it)->nkey + 1)

item *pslab_alloc(size_t ntotal);	/* defined with the pool mapping, elsewhere */

static char *pool;			/* pmem_map_file() of the slab pool */
static size_t pool_len;

int pslab_pool_open(const char *path)
{
	int is_pmem;

	pool = pmem_map_file(path, 0, 0, 0, &pool_len, &is_pmem);
	return pool ? 0 : -1;
}

void item_set_value(item *it, const void *val, uint32_t nbytes)
{
	memcpy_nocache(ITEM_data(it), val, nbytes); /* LABEL: id=pslab-value-persist-flags expect=copyintent-nocache-needs-writethrough class=c4-usage-evidence reason="it is pmem (pmem_persist() below); only it_flags is persisted, the nocache value may stay dirty when the item is linked" */
	it->nbytes = nbytes; /* LABEL: id=pslab-nbytes-publish expect=copyintent-publish-before-persist class=ordering reason="nbytes (and then ITEM_LINKED) is stored while the nocache value is not written back" */
	it->it_flags |= ITEM_LINKED; /* LABEL: id=pslab-linked-publish expect=copyintent-publish-before-persist class=ordering reason="ITEM_LINKED makes the item visible while its nocache value is not written back" */
	pmem_persist(&it->it_flags, sizeof(it->it_flags));
}

void item_set_key(item *it, const char *key, uint8_t nkey)
{
	memcpy_writethrough(ITEM_key(it), key, nkey); /* LABEL: id=pslab-key-writethrough expect=none class=c4-usage-evidence reason="writethrough into an item that pmem_persist() below shows to be pmem: right" */
	it->nkey = nkey; /* LABEL: id=pslab-nkey-publish expect=copyintent-publish-before-persist class=ordering reason="nkey is stored after a writethrough of the key with no drain between" */
	pmem_persist(&it->nkey, sizeof(it->nkey));
}

void item_store_flushed(item *it, const void *val, uint32_t nbytes)
{
	copyintent_memcpy_nocache(ITEM_data(it), val, nbytes); /* LABEL: id=pslab-flush-covers expect=none class=c5-batching reason="pmem_flush() of the same range and pmem_drain() follow before the item is linked" */
	pmem_flush(ITEM_data(it), nbytes);
	pmem_drain();
	it->it_flags |= ITEM_LINKED;
	pmem_persist(&it->it_flags, sizeof(it->it_flags));
}

static void clwb_range(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(CACHELINE - 1);

	for (; a < (uintptr_t)p + n; a += CACHELINE)
		_mm_clwb((void *)a);
}

void item_store_clwb(item *it, const void *val, uint32_t nbytes)
{
	copyintent_memcpy_nocache(ITEM_data(it), val, nbytes); /* LABEL: id=pslab-clwb-covers expect=none class=c5-batching reason="clwb_range() over the copied bytes and an sfence follow: written back before the item is linked" */
	clwb_range(ITEM_data(it), nbytes);
	_mm_sfence();
	it->it_flags |= ITEM_LINKED;
}

void item_store_clwb_hdr_only(item *it, const void *val, uint32_t nbytes)
{
	copyintent_memcpy_nocache(ITEM_data(it), val, nbytes); /* LABEL: id=pslab-clwb-hdr-only expect=copyintent-nocache-needs-writethrough class=c4-usage-evidence reason="_mm_clwb() of it->nbytes shows the item is pmem; the value itself is never written back" */
	it->nbytes = nbytes; /* LABEL: id=pslab-clwb-hdr-nbytes expect=copyintent-publish-before-persist class=ordering reason="nbytes is stored while the value is never written back" */
	_mm_clwb(&it->nbytes);
	_mm_sfence();
}

void item_store_api_flush_hdr(item *it, const void *val, uint32_t nbytes)
{
	copyintent_memcpy_nocache(ITEM_data(it), val, nbytes); /* LABEL: id=pslab-api-flush-hdr-only expect=copyintent-nocache-needs-writethrough class=c4-usage-evidence reason="copyintent_flush() of the item header shows it is pmem; the value is not flushed" */
	it->exptime = 0;
	copyintent_flush(it, sizeof(*it));
	copyintent_drain();
}

/* the pool itself: known pmem, with a nocache copy flushed by our API */
void pool_write(size_t off, const void *src, size_t n)
{
	memcpy_nocache(pool + off, src, n); /* LABEL: id=pool-nocache-flush-range expect=none class=c5-batching reason="flush_range() of exactly the copied bytes and drain() follow" */
	flush_range(pool + off, n);
	drain();
}

item *item_alloc_copy(const char *key, uint8_t nkey, const void *val, uint32_t nbytes)
{
	item *it = pslab_alloc(sizeof(item) + nkey + 1 + nbytes);

	if (!it)
		return NULL;
	it->nkey = nkey;
	copyintent_memcpy_persist(ITEM_key(it), key, nkey); /* LABEL: id=pslab-alloc-persist expect=none class=c4-usage-evidence reason="an item from the pmem slab (pmem_persist() below): persist copy is right" */
	pmem_memcpy_persist(ITEM_data(it), val, nbytes); /* LABEL: id=pslab-alloc-pmem-persist expect=none class=c4-usage-evidence reason="the same item, libpmem's persist copy" */
	pmem_persist(it, sizeof(*it));
	return it;
}
