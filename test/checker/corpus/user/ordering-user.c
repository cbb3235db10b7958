// CORPUS-FLAGS: -std=gnu11 -mclwb -I%S/../../Inputs/user -I%S/../../../../include
/*
 * Publish-before-persist (issue 11) in libpmem-style user code: four small persistent
 * structures on pmem_map_file() pools, written the way PMDK examples and pmemkv-like
 * engines write them.
 *
 *   alog   an append-only log whose header holds the persistent tail
 *   ht     a hash table whose buckets hold the offset of the newest item
 *   tree   a binary tree of nodes in a pmem array, linked by absolute pointers
 *   ring   a ring buffer whose header holds the producer's head index
 *   kv     fixed slots with a valid flag and a sequence number
 *
 * An append, insert or put is correct when the data is written back and drained
 * before the tail, link, index, flag or sequence number that makes it reachable is
 * stored; the stores below that do it in the other order (or with the write-back or
 * the drain missing on some path) are the bugs. The look-alikes are the idioms that
 * get the order right in other spellings: a drain in a helper, a flush + drain macro,
 * a clwb loop then sfence, a persist of the whole object, and stores that publish
 * nothing (DRAM, unrelated fields, a zero that clears, a new node's own link).
 */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

#define CACHELINE 64

/* ==== alog: append-only log, persistent tail ==================================== */

struct alog_hdr {
	uint64_t magic;
	uint64_t tail;		/* bytes of committed records after the header */
	uint64_t last_client;	/* id of the last appender, for the admin tool only */
	uint64_t pad;
};

struct alog_rec {
	uint32_t len;
	uint32_t crc;
	char payload[];
};

struct alog {
	struct alog_hdr *hdr;	/* start of the pmem_map_file() mapping */
	char *data;		/* records, right after the header */
	size_t cap;
	int is_pmem;
};

int alog_open(struct alog *lg, const char *path)
{
	size_t len;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &lg->is_pmem);

	if (!base)
		return -1;
	lg->hdr = (struct alog_hdr *)base;
	lg->data = base + sizeof(struct alog_hdr);
	lg->cap = len - sizeof(struct alog_hdr);
	return 0;
}

/* pmem_memcpy_nodrain() flushes but does not drain, and nothing drains before the tail */
int alog_append_nodrain(struct alog *lg, const void *buf, size_t n)
{
	uint64_t tail = lg->hdr->tail;

	if (tail + n > lg->cap)
		return -1;
	pmem_memcpy_nodrain(lg->data + tail, buf, n); /* LABEL: id=alog-nodrain-copy expect=none class=direct reason="writethrough copy into the log area of the mapping: the right copy for pmem" */
	lg->hdr->tail = tail + n; /* LABEL: id=alog-nodrain-tail expect=copyintent-publish-before-persist class=ordering reason="the record is written back but not drained (no pmem_drain()): the clwb/NT stores are weakly ordered, so the new tail can be durable before the record" */
	pmem_persist(&lg->hdr->tail, sizeof(lg->hdr->tail));
	return 0;
}

static void alog_fence(void)
{
	pmem_drain();
}

int alog_append_fenced(struct alog *lg, const void *buf, size_t n)
{
	uint64_t tail = lg->hdr->tail;

	if (tail + n > lg->cap)
		return -1;
	pmem_memcpy_nodrain(lg->data + tail, buf, n); /* LABEL: id=alog-fenced-copy expect=none class=direct reason="writethrough copy into the log area" */
	alog_fence();
	lg->hdr->tail = tail + n; /* LABEL: id=alog-fenced-tail expect=none class=ordering reason="alog_fence() is pmem_drain(): the written-back record is persistent before the tail moves" */
	pmem_persist(&lg->hdr->tail, sizeof(lg->hdr->tail));
	return 0;
}

/* a fence with nothing to fence: the plain memcpy left the record in the cache */
int alog_append_sfence_only(struct alog *lg, const void *buf, size_t n)
{
	uint64_t tail = lg->hdr->tail;

	if (tail + n > lg->cap)
		return -1;
	memcpy(lg->data + tail, buf, n); /* LABEL: id=alog-sfence-only-copy expect=copyintent-missing-writethrough class=direct reason="plain copy into pmem that nothing writes back, then pmem_drain(): the drain completes nothing (labelled none before missing-writethrough existed; publish-before-persist reports the tail)" */
	pmem_drain();
	lg->hdr->tail = tail + n; /* LABEL: id=alog-sfence-only-tail expect=copyintent-publish-before-persist class=ordering reason="pmem_drain() without a flush orders nothing: the record's lines are still dirty when the tail is stored" */
	pmem_persist(&lg->hdr->tail, sizeof(lg->hdr->tail));
	return 0;
}

/* both persists are there, in the wrong order */
int alog_append_late(struct alog *lg, const void *buf, size_t n)
{
	uint64_t tail = lg->hdr->tail;

	if (tail + n > lg->cap)
		return -1;
	memcpy(lg->data + tail, buf, n); /* LABEL: id=alog-late-copy expect=none class=direct reason="plain copy into pmem, persisted (too late) below" */
	lg->hdr->tail = tail + n; /* LABEL: id=alog-late-tail expect=copyintent-publish-before-persist class=ordering reason="the tail is stored and persisted before pmem_persist() of the record" */
	pmem_persist(lg->hdr, sizeof(*lg->hdr));
	pmem_persist(lg->data + tail, n);
	return 0;
}

/*
 * Header fields of a record beyond the tail: the record is unreachable until the tail
 * moves, and header and payload are persisted together before that.
 */
int alog_append_rec(struct alog *lg, const void *buf, uint32_t n, uint32_t crc)
{
	uint64_t tail = lg->hdr->tail;
	struct alog_rec *rec = (struct alog_rec *)(lg->data + tail);
	size_t sz = sizeof(*rec) + n;

	if (tail + sz > lg->cap)
		return -1;
	memcpy(rec->payload, buf, n); /* LABEL: id=alog-rec-copy expect=none class=direct reason="plain copy into a record of the log area, persisted with its header below" */
	rec->len = n; /* LABEL: id=alog-rec-len expect=none class=ordering reason="the record lies past the tail: nothing reads its len until the tail store, and pmem_persist(rec, sz) makes header and payload durable first" */
	rec->crc = crc; /* LABEL: id=alog-rec-crc expect=none class=ordering reason="same record, unreachable until the tail moves; persisted with the payload" */
	pmem_persist(rec, sz);
	lg->hdr->tail = tail + sz; /* LABEL: id=alog-rec-tail expect=none class=ordering reason="pmem_persist() of the whole record precedes the tail" */
	pmem_persist(&lg->hdr->tail, sizeof(lg->hdr->tail));
	return 0;
}

/* a diagnostics field of the header is stored before the record is persisted */
int alog_append_tagged(struct alog *lg, const void *buf, size_t n, uint64_t client)
{
	uint64_t tail = lg->hdr->tail;

	if (tail + n > lg->cap)
		return -1;
	memcpy(lg->data + tail, buf, n); /* LABEL: id=alog-tagged-copy expect=none class=direct reason="plain copy into pmem, persisted below" */
	lg->hdr->last_client = client; /* LABEL: id=alog-tagged-client expect=none class=ordering reason="last_client is read by the admin tool only: no record's address, length or validity depends on it, so it publishes nothing" */
	pmem_persist(lg->data + tail, n);
	lg->hdr->tail = tail + n; /* LABEL: id=alog-tagged-tail expect=none class=ordering reason="the record was persisted by pmem_persist() just before" */
	pmem_persist(lg->hdr, sizeof(*lg->hdr));
	return 0;
}

/* the fallback for non-pmem files is right; the pmem branch forgets the drain */
int alog_append_either(struct alog *lg, const void *buf, size_t n)
{
	uint64_t tail = lg->hdr->tail;

	if (tail + n > lg->cap)
		return -1;
	memcpy(lg->data + tail, buf, n); /* LABEL: id=alog-either-copy expect=none class=direct reason="plain copy into the mapping, flushed on both branches" */
	if (lg->is_pmem)
		pmem_flush(lg->data + tail, n);
	else
		pmem_msync(lg->data + tail, n);
	lg->hdr->tail = tail + n; /* LABEL: id=alog-either-tail expect=copyintent-publish-before-persist class=ordering reason="on the is_pmem path the record is flushed but never drained before the tail store (pmem_msync() on the other path is enough)" */
	pmem_persist(&lg->hdr->tail, sizeof(lg->hdr->tail));
	return 0;
}

/* ==== ht: hash table, buckets hold the offset of the newest item ================= */

#define HT_NBUCKETS 1024
#define HT_MAGIC 0x6874616231ULL

struct ht_item {
	uint64_t next;		/* pool offset of the next item of the bucket, 0 ends */
	uint32_t klen;
	uint32_t vlen;
	uint64_t hash;
	char kv[];		/* key, then value */
};

struct ht_root {
	uint64_t magic;
	uint64_t alloc_off;	/* bump allocator: first free byte of the pool */
	uint64_t buckets[HT_NBUCKETS];
};

static char *ht_base;		/* pmem_map_file() of the pool */
static size_t ht_len;
static struct ht_root *ht_root;

int ht_open(const char *path)
{
	int is_pmem;

	ht_base = pmem_map_file(path, 0, 0, 0, &ht_len, &is_pmem);
	if (!ht_base)
		return -1;
	ht_root = (struct ht_root *)ht_base;
	return 0;
}

static uint64_t ht_alloc(size_t sz)
{
	uint64_t off = ht_root->alloc_off;

	if (off + sz > ht_len)
		return 0;
	ht_root->alloc_off = off + ((sz + 7) & ~(size_t)7);
	pmem_persist(&ht_root->alloc_off, sizeof(ht_root->alloc_off));
	return off;
}

int ht_insert(const void *key, uint32_t klen, const void *val, uint32_t vlen, uint64_t h)
{
	uint64_t off = ht_alloc(sizeof(struct ht_item) + klen + vlen);
	struct ht_item *it = (struct ht_item *)(ht_base + off);
	uint64_t *bucket = &ht_root->buckets[h % HT_NBUCKETS];

	if (!off)
		return -1;
	it->klen = klen;
	it->vlen = vlen;
	it->hash = h;
	memcpy(it->kv, key, klen); /* LABEL: id=ht-insert-key expect=none class=direct reason="plain copy into a new item of the pool, persisted with the whole item below" */
	memcpy(it->kv + klen, val, vlen); /* LABEL: id=ht-insert-val expect=none class=direct reason="plain copy into the same item" */
	it->next = *bucket; /* LABEL: id=ht-insert-next expect=none class=ordering reason="the new item's own link, set while nothing points at the item" */
	pmem_persist(it, sizeof(*it) + klen + vlen);
	*bucket = off; /* LABEL: id=ht-insert-bucket expect=none class=ordering reason="pmem_persist() of the whole item, key and value included, precedes the link" */
	pmem_persist(bucket, sizeof(*bucket));
	return 0;
}

/* sizeof(*it) stops where the flexible array kv[] starts: key and value are left out */
int ht_insert_nt(const void *key, uint32_t klen, const void *val, uint32_t vlen, uint64_t h)
{
	uint64_t off = ht_alloc(sizeof(struct ht_item) + klen + vlen);
	struct ht_item *it = (struct ht_item *)(ht_base + off);
	uint64_t *bucket = &ht_root->buckets[h % HT_NBUCKETS];

	if (!off)
		return -1;
	it->klen = klen;
	it->vlen = vlen;
	it->hash = h;
	copyintent_memcpy_nocache(it->kv, key, klen); /* LABEL: id=ht-nt-key expect=copyintent-nocache-needs-writethrough class=direct reason="nocache copy into the pool item; the only persist covers sizeof(*it), which ends where kv[] begins" */
	copyintent_memcpy_nocache(it->kv + klen, val, vlen); /* LABEL: id=ht-nt-val expect=copyintent-nocache-needs-writethrough class=direct reason="same: the value is never written back" */
	it->next = *bucket; /* LABEL: id=ht-nt-next expect=none class=ordering reason="the new item's own link, before the item is reachable" */
	pmem_persist(it, sizeof(*it));
	*bucket = off; /* LABEL: id=ht-nt-bucket expect=copyintent-publish-before-persist class=ordering reason="the bucket links the item while its key and value are not written back: pmem_persist(it, sizeof(*it)) covers only the fixed header" */
	pmem_persist(bucket, sizeof(*bucket));
	return 0;
}

/* ==== tree: nodes in a pmem array, absolute pointers ============================ */

#define TREE_VAL_MAX 200

struct tnode {
	uint64_t key;
	struct tnode *child[2];
	uint32_t vlen;
	uint32_t pad;
	char val[TREE_VAL_MAX];
};

struct tree_root {
	struct tnode *root;
	uint64_t nnodes;	/* nodes[0, nnodes) are in use */
};

/* the pool is always mapped at the address recorded at creation, so pointers hold */
static struct tree_root *tree_root;
static struct tnode *tree_nodes;
static size_t tree_cap;

int tree_open(const char *path)
{
	size_t len;
	int is_pmem;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);

	if (!base)
		return -1;
	tree_root = (struct tree_root *)base;
	tree_nodes = (struct tnode *)(base + 4096);
	tree_cap = (len - 4096) / sizeof(struct tnode);
	return 0;
}

static struct tnode **tree_slot(uint64_t key)
{
	struct tnode **pp = &tree_root->root;

	while (*pp)
		pp = &(*pp)->child[key > (*pp)->key];
	return pp;
}

int tree_insert(uint64_t key, const void *val, uint32_t vlen)
{
	uint64_t idx = tree_root->nnodes;
	struct tnode *n = &tree_nodes[idx];
	struct tnode **pp;

	if (idx >= tree_cap || vlen > TREE_VAL_MAX)
		return -1;
	n->key = key;
	n->vlen = vlen;
	n->child[0] = n->child[1] = NULL;
	memcpy(n->val, val, vlen); /* LABEL: id=tree-insert-copy expect=none class=direct reason="plain copy into a node of the pmem array, persisted with the node" */
	pmem_persist(n, sizeof(*n));
	tree_root->nnodes = idx + 1; /* LABEL: id=tree-insert-nnodes expect=none class=ordering reason="the node (its whole struct, val included) is persistent before the count that covers it" */
	pmem_persist(&tree_root->nnodes, sizeof(tree_root->nnodes));
	pp = tree_slot(key);
	*pp = n; /* LABEL: id=tree-insert-link expect=none class=ordering reason="the node was persisted before the link" */
	pmem_persist(pp, sizeof(*pp));
	return 0;
}

/* writethrough is not a drain */
int tree_insert_wt(uint64_t key, const void *val, uint32_t vlen)
{
	uint64_t idx = tree_root->nnodes;
	struct tnode *n = &tree_nodes[idx];
	struct tnode **pp;

	if (idx >= tree_cap || vlen > TREE_VAL_MAX)
		return -1;
	n->key = key;
	n->vlen = vlen;
	copyintent_memcpy_writethrough(n->val, val, vlen); /* LABEL: id=tree-wt-copy expect=none class=direct reason="writethrough into a node of the pmem array: the right copy" */
	n->child[0] = n->child[1] = NULL; /* LABEL: id=tree-wt-children expect=none class=ordering reason="the new node's own links, cleared while nothing points at it" */
	copyintent_flush(n, offsetof(struct tnode, val));
	pp = tree_slot(key);
	*pp = n; /* LABEL: id=tree-wt-link expect=copyintent-publish-before-persist class=ordering reason="value and header are written back but no copyintent_drain() precedes the link: the parent's pointer can be durable first" */
	copyintent_flush(pp, sizeof(*pp));
	tree_root->nnodes = idx + 1; /* LABEL: id=tree-wt-nnodes expect=copyintent-publish-before-persist class=ordering reason="the count that covers the node, also stored before any drain" */
	copyintent_flush(&tree_root->nnodes, sizeof(tree_root->nnodes));
	copyintent_drain();
	return 0;
}

/* ==== ring: producer head index ================================================= */

#define RING_SLOTS 256
#define RING_SLOT_SIZE 256

struct ring_hdr {
	uint64_t head;		/* slots [tail, head) hold messages */
	uint64_t tail;
};

struct ring {
	struct ring_hdr *hdr;
	char *slots;
};

static struct ring pring;

int ring_open(const char *path)
{
	size_t len;
	int is_pmem;
	char *base = pmem_map_file(path, 4096 + RING_SLOTS * RING_SLOT_SIZE, PMEM_FILE_CREATE,
				   0600, &len, &is_pmem);

	if (!base)
		return -1;
	pring.hdr = (struct ring_hdr *)base;
	pring.slots = base + 4096;
	return 0;
}

int ring_push(const void *msg, size_t n)
{
	uint64_t head = pring.hdr->head;
	char *slot = pring.slots + (head % RING_SLOTS) * RING_SLOT_SIZE;
	uintptr_t p;

	if (n > RING_SLOT_SIZE || head - pring.hdr->tail == RING_SLOTS)
		return -1;
	memcpy(slot, msg, n); /* LABEL: id=ring-push-copy expect=none class=direct reason="plain copy into a ring slot, clwb'd line by line below" */
	for (p = (uintptr_t)slot & ~(uintptr_t)(CACHELINE - 1); p < (uintptr_t)slot + n;
	     p += CACHELINE)
		_mm_clwb((void *)p);
	_mm_sfence();
	pring.hdr->head = head + 1; /* LABEL: id=ring-push-head expect=none class=ordering reason="every line of the slot is clwb'd and the sfence drains them before the head moves" */
	_mm_clwb(&pring.hdr->head);
	_mm_sfence();
	return 0;
}

int ring_push_batch(const void *const *msgs, const size_t *lens, unsigned cnt)
{
	uint64_t head = pring.hdr->head;
	unsigned i;

	for (i = 0; i < cnt; i++) {
		char *slot = pring.slots + ((head + i) % RING_SLOTS) * RING_SLOT_SIZE;

		pmem_memcpy_nodrain(slot, msgs[i], lens[i]); /* LABEL: id=ring-batch-copy expect=none class=direct reason="writethrough copy into a ring slot" */
	}
	pmem_drain();
	pring.hdr->head = head + cnt; /* LABEL: id=ring-batch-head expect=none class=ordering reason="one pmem_drain() after the batch of written-back slots, before the head" */
	pmem_persist(&pring.hdr->head, sizeof(pring.hdr->head));
	return 0;
}

int ring_push_batch_nofence(const void *const *msgs, const size_t *lens, unsigned cnt)
{
	uint64_t head = pring.hdr->head;
	unsigned i;

	for (i = 0; i < cnt; i++) {
		char *slot = pring.slots + ((head + i) % RING_SLOTS) * RING_SLOT_SIZE;

		pmem_memcpy_nodrain(slot, msgs[i], lens[i]); /* LABEL: id=ring-nofence-copy expect=none class=direct reason="writethrough copy into a ring slot" */
	}
	pring.hdr->head = head + cnt; /* LABEL: id=ring-nofence-head expect=copyintent-publish-before-persist class=ordering reason="the slots are written back but not drained before the head that makes them visible to the consumer after a crash" */
	pmem_persist(&pring.hdr->head, sizeof(pring.hdr->head));
	return 0;
}

/* ==== kv: fixed slots with a valid flag and a sequence number ==================== */

#define KV_NSLOTS 4096
#define KV_VAL_MAX 448

struct kv_slot {
	uint64_t seq;		/* recovery keeps the highest seq of a key; 0: never written */
	uint32_t valid;
	uint32_t vlen;
	char key[32];
	char val[KV_VAL_MAX];
};

static struct kv_slot *kv_slots;	/* pmem_map_file() */
static size_t kv_len;

static struct {
	uint32_t *vlen_of;	/* malloc'ed: DRAM index of the value lengths */
	char *last_val;		/* malloc'ed: the last value written, for the stats thread */
	uint64_t puts;
} kv_dram;

uint32_t kv_crc(const void *p, size_t n);

#define KV_PERSIST(p, n)					\
	do {							\
		copyintent_flush((p), (n));			\
		copyintent_drain();				\
	} while (0)

int kv_open(const char *path)
{
	int is_pmem;

	kv_slots = pmem_map_file(path, KV_NSLOTS * sizeof(struct kv_slot), PMEM_FILE_CREATE,
				 0600, &kv_len, &is_pmem);
	kv_dram.vlen_of = calloc(KV_NSLOTS, sizeof(uint32_t));
	kv_dram.last_val = malloc(KV_VAL_MAX);
	return kv_slots && kv_dram.vlen_of && kv_dram.last_val ? 0 : -1;
}

int kv_put_seq(unsigned idx, const char key[32], const void *val, uint32_t vlen, uint64_t seq)
{
	struct kv_slot *s = &kv_slots[idx];

	s->vlen = vlen;
	memcpy(s->key, key, sizeof(s->key)); /* LABEL: id=kv-seq-key expect=none class=direct reason="plain copy into the slot, written back by the macro below" */
	copyintent_memcpy_nocache(s->val, val, vlen); /* LABEL: id=kv-seq-val expect=none class=c5-batching reason="nocache copy into the slot; KV_PERSIST() flushes the whole slot and drains right after" */
	KV_PERSIST(s, sizeof(*s));
	s->seq = seq; /* LABEL: id=kv-seq-seq expect=none class=ordering reason="KV_PERSIST() is copyintent_flush() + copyintent_drain() of the whole slot before the sequence number" */
	KV_PERSIST(&s->seq, sizeof(s->seq));
	return 0;
}

int kv_put_seq_wt(unsigned idx, const char key[32], const void *val, uint32_t vlen,
		  uint64_t seq)
{
	struct kv_slot *s = &kv_slots[idx];

	s->vlen = vlen;
	copyintent_memcpy_writethrough(s->key, key, sizeof(s->key)); /* LABEL: id=kv-seqwt-key expect=none class=direct reason="writethrough into the slot" */
	copyintent_memcpy_writethrough(s->val, val, vlen); /* LABEL: id=kv-seqwt-val expect=none class=direct reason="writethrough into the slot" */
	s->seq = seq; /* LABEL: id=kv-seqwt-seq expect=copyintent-publish-before-persist class=ordering reason="writethrough leaves the key and value in flight until a drain; the seq that makes this slot the newest is stored first" */
	copyintent_flush(&s->seq, sizeof(s->seq));
	copyintent_drain();
	return 0;
}

/* a torn or poisoned copy clears the slot instead of publishing it */
int kv_put_checked(unsigned idx, const void *val, uint32_t vlen, uint32_t crc)
{
	struct kv_slot *s = &kv_slots[idx];

	s->vlen = vlen;
	memcpy(s->val, val, vlen); /* LABEL: id=kv-checked-copy expect=none class=direct reason="plain copy into the slot, persisted before the flag is set" */
	if (kv_crc(s->val, vlen) != crc) {
		s->valid = 0; /* LABEL: id=kv-checked-clear expect=none class=ordering reason="storing 0 invalidates the slot: it vouches for no data" */
		pmem_persist(&s->valid, sizeof(s->valid));
		return -1;
	}
	pmem_persist(s->val, vlen);
	s->valid = 1; /* LABEL: id=kv-checked-valid expect=none class=ordering reason="pmem_persist() of the value on the only path that reaches the flag" */
	pmem_persist(&s->valid, sizeof(s->valid));
	return 0;
}

/* the caller may batch several puts and drain once; the flag is not deferred with it */
int kv_put_maybe_batched(unsigned idx, const void *val, uint32_t vlen, int batch)
{
	struct kv_slot *s = &kv_slots[idx];

	s->vlen = vlen;
	pmem_memcpy_nodrain(s->val, val, vlen); /* LABEL: id=kv-maybe-copy expect=none class=direct reason="writethrough into the slot" */
	if (!batch)
		pmem_drain();
	s->valid = 1; /* LABEL: id=kv-maybe-valid expect=copyintent-publish-before-persist class=ordering reason="when batch is set the value is not drained before the valid flag" */
	pmem_flush(&s->valid, sizeof(s->valid));
	return 0;
}

/* the key is made durable, the value is not */
int kv_put_keyfirst(unsigned idx, const char key[32], const void *val, uint32_t vlen)
{
	struct kv_slot *s = &kv_slots[idx];

	s->vlen = vlen;
	copyintent_memcpy_persist(s->key, key, sizeof(s->key)); /* LABEL: id=kv-keyfirst-key expect=none class=direct reason="persist copy into the slot" */
	memcpy(s->val, val, vlen); /* LABEL: id=kv-keyfirst-val expect=none class=direct reason="plain copy into pmem; never written back before the flag" */
	s->valid = 1; /* LABEL: id=kv-keyfirst-valid expect=copyintent-publish-before-persist class=ordering reason="the persist of s->key does not cover s->val: the flag can be durable over a stale value" */
	pmem_persist(s, sizeof(*s));
	return 0;
}

static void kv_persist_range(const void *p, size_t n)
{
	pmem_flush(p, n);
	pmem_drain();
}

/* DRAM bookkeeping between the copy and the persist */
int kv_put_cached(unsigned idx, const void *val, uint32_t vlen)
{
	struct kv_slot *s = &kv_slots[idx];

	s->vlen = vlen;
	memcpy(s->val, val, vlen); /* LABEL: id=kv-cached-copy expect=none class=direct reason="plain copy into the slot, persisted by kv_persist_range()" */
	kv_dram.vlen_of[idx] = vlen; /* LABEL: id=kv-cached-dram-len expect=none class=ordering reason="vlen_of is calloc()ed: a store into DRAM publishes nothing durable" */
	copyintent_memcpy_writethrough(kv_dram.last_val, val, vlen); /* LABEL: id=kv-cached-last-val expect=copyintent-unneeded-writethrough class=direct reason="kv_dram.last_val is malloc()ed in kv_open(): the write-backs are wasted" */
	kv_dram.puts++; /* LABEL: id=kv-cached-dram-puts expect=none class=ordering reason="a counter in a static DRAM struct" */
	kv_persist_range(s->val, vlen);
	s->valid = 1; /* LABEL: id=kv-cached-valid expect=none class=ordering reason="kv_persist_range() flushes and drains the value before the flag" */
	pmem_persist(&s->valid, sizeof(s->valid));
	return 0;
}
