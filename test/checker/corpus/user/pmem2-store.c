// CORPUS-FLAGS: -std=gnu11 -I%S/../../Inputs/user -I%S/../../../../include
/*
 * A key-value slot store on libpmem2 (the shape of PMDK's libpmem2 examples and of
 * pmemkv-style engines): the mapping comes from pmem2_map_get_address(), the copy,
 * persist and drain functions are pointers from pmem2_get_*_fn(). Slots are handed
 * to the setters by callers in other files, so inside this file a slot is pmem only
 * because the code persists it with the mapping's persist function (issue 9,
 * class 4); copies with PMEM2_F_MEM_NOFLUSH followed by one persist are the batching
 * idiom (class 5).
 */
#include <stdint.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem2.h>

#define KV_VAL_MAX 240

struct kv_slot {
	uint64_t vlen;
	char val[KV_VAL_MAX];
};

struct store {
	struct pmem2_map *map;
	char *base;
	size_t size;
	pmem2_memcpy_fn memcpy_fn;
	pmem2_memmove_fn memmove_fn;
	pmem2_persist_fn persist_fn;
	pmem2_drain_fn drain_fn;
};

int store_open(struct store *st, struct pmem2_config *cfg, struct pmem2_source *src)
{
	if (pmem2_map_new(&st->map, cfg, src))
		return -1;
	st->base = pmem2_map_get_address(st->map);
	st->size = pmem2_map_get_size(st->map);
	st->memcpy_fn = pmem2_get_memcpy_fn(st->map);
	st->memmove_fn = pmem2_get_memmove_fn(st->map);
	st->persist_fn = pmem2_get_persist_fn(st->map);
	st->drain_fn = pmem2_get_drain_fn(st->map);
	return 0;
}

void store_put_batch(struct store *st, size_t off, const void *const *bufs,
		     const size_t *lens, size_t n)
{
	size_t done = 0, i;

	for (i = 0; i < n; i++) {
		st->memcpy_fn(st->base + off + done, bufs[i], lens[i], PMEM2_F_MEM_NOFLUSH); /* LABEL: id=pmem2-batch-persist-fn expect=none class=c5-batching reason="NOFLUSH copies, then one persist_fn() of [off, off + done) before returning" */
		done += lens[i];
	}
	st->persist_fn(st->base + off, done);
}

void store_put_noflush(struct store *st, size_t off, const void *buf, size_t len)
{
	st->memcpy_fn(st->base + off, buf, len, PMEM2_F_MEM_NOFLUSH); /* LABEL: id=pmem2-noflush-return expect=copyintent-nocache-needs-writethrough class=direct reason="NOFLUSH into the mapping and the function returns: nothing writes the bytes back" */
}

void store_put_nodrain(struct store *st, size_t off, const void *buf, size_t len)
{
	st->memcpy_fn(st->base + off, buf, len, PMEM2_F_MEM_NODRAIN); /* LABEL: id=pmem2-nodrain-drain expect=none class=direct reason="NODRAIN flushes; drain_fn() follows" */
	st->drain_fn();
}

void store_move(struct store *st, size_t to, size_t from, size_t len)
{
	st->memmove_fn(st->base + to, st->base + from, len, 0); /* LABEL: id=pmem2-memmove-persist expect=none class=direct reason="flags 0: flushed and drained" */
}

void store_put_plain(struct store *st, size_t off, const void *buf, size_t len)
{
	memcpy(st->base + off, buf, len); /* LABEL: id=pmem2-memcpy-then-persist expect=none class=direct reason="plain copy made durable by the persist_fn() that follows" */
	st->persist_fn(st->base + off, len);
}

/* slots come from callers in other files: pmem by what is done with them */
void kv_set(struct store *st, struct kv_slot *slot, const void *val, size_t vlen)
{
	copyintent_memcpy_nocache(slot->val, val, vlen); /* LABEL: id=kv-set-usage-persist-fn expect=copyintent-nocache-needs-writethrough class=c4-usage-evidence reason="slot is persisted with the mapping's persist_fn below, so it is pmem; only vlen is persisted, the nocache value may stay dirty" */
	slot->vlen = vlen; /* LABEL: id=kv-set-vlen-publish expect=copyintent-publish-before-persist class=ordering reason="vlen vouches for val, which the nocache copy left unwritten-back: vlen can be durable before val" */
	st->persist_fn(&slot->vlen, sizeof(slot->vlen));
}

void kv_set_covered(struct store *st, struct kv_slot *slot, const void *val, size_t vlen)
{
	copyintent_memcpy_nocache(slot->val, val, vlen); /* LABEL: id=kv-set-covered expect=none class=c5-batching reason="the persist_fn() of the whole slot covers the nocache copy before return" */
	slot->vlen = vlen; /* LABEL: id=kv-set-covered-vlen expect=copyintent-publish-before-persist class=ordering reason="vlen is stored before the persist of the whole slot: one persist orders nothing between its lines, so vlen can be durable and val not" */
	st->persist_fn(slot, sizeof(*slot));
}

void kv_set_wt(struct store *st, struct kv_slot *slot, const void *val, size_t vlen)
{
	copyintent_memcpy_writethrough(slot->val, val, vlen); /* LABEL: id=kv-set-wt expect=none class=c4-usage-evidence reason="writethrough into a slot that the persist_fn() below shows to be pmem: right, not unneeded" */
	slot->vlen = vlen; /* LABEL: id=kv-set-wt-vlen expect=copyintent-publish-before-persist class=ordering reason="writethrough val still needs a drain; vlen is stored before any" */
	st->persist_fn(&slot->vlen, sizeof(slot->vlen));
}
