// CORPUS-FLAGS: -std=gnu11 -mclwb -I%S/../../Inputs/user -I%S/../../../../include
/*
 * Publish-before-persist at plain stores (issue 11) in libpmem / libpmemobj user code.
 * There are no copies and no non-temporal stores here: the data is written by field
 * stores, struct assignments and array element stores into a pmem_map_file() pool,
 * and a later store makes it reachable. The areas are the ones PMDK examples and
 * pmemkv-like engines keep (names invented):
 *
 *   pool   the pool header at the start of the mapping: geometry, then the magic
 *   jl     a journal: records in an array, the record count in a header page
 *   ht     a hash table of one-line nodes whose buckets hold absolute pointers
 *   tree   a binary tree of 256-byte nodes, a static init helper, a commit state
 *   kv     256-byte slots whose valid flag is two lines away from the key and value
 *   rq     a request ring: 256-byte buffers and 16-byte descriptors of the same index
 *   lst    a libpmemobj list changed in transactions
 *
 * The publishing stores: a count or index the data's address is computed from; a
 * pointer to the data's object (a link, a release store, a call to a helper that
 * stores its pointer argument); a non-zero flag in another field of the same object,
 * or of the descriptor of the same index, that the function writes back on its own
 * and that lies more than 64 bytes from the data. Each is a bug when some path reaches
 * it before the data is written back and drained. The look-alikes: a header set field
 * by field and persisted once, a flag within 64 bytes of the data, a zero that clears,
 * a new node's own link, DRAM, the eADR branch, a transaction, a persist of the whole
 * object or a flush + drain or a clwb loop + sfence before the publish, an error
 * path that returns before it. Every store into persistent memory is labelled; a data
 * store that a drain passes before anything writes it back is also
 * copyintent-missing-writethrough.
 *
 * Written from the check's specification only, not from its implementation.
 */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <copyintent/copy.h>
#include <libpmem.h>
#include <libpmemobj.h>

#define CACHELINE 64

/*
 * The pool file: one pmem_map_file() mapping, page-aligned.
 *   0        pool header
 *   4 KiB    journal header
 *   8 KiB    journal records
 *   128 KiB  hash table, then its nodes from 256 KiB
 *   1 MiB    tree root, then its nodes from 1 MiB + 4 KiB
 *   2 MiB    kv slots
 *   4 MiB    request descriptors, then the buffers from 4 MiB + 4 KiB
 */
#define OFF_JHDR	(4UL << 10)
#define OFF_JRECS	(8UL << 10)
#define OFF_HT		(128UL << 10)
#define OFF_HNODES	(256UL << 10)
#define OFF_TREE	(1UL << 20)
#define OFF_TNODES	((1UL << 20) + 4096)
#define OFF_KV		(2UL << 20)
#define OFF_RQDESC	(4UL << 20)
#define OFF_RQBUF	((4UL << 20) + 4096)

/* ==== pool: the header at offset 0 ============================================== */

#define POOL_MAGIC	0x4b56504f4f4c3031ULL
#define POOL_MAJOR	1

struct pool_geo {
	uint64_t size;
	uint64_t nrecs;
	uint64_t nnodes;
	uint64_t nslots;
};

struct pool_hdr {
	uint64_t magic;		/*   0: POOL_MAGIC once the rest of the header is durable */
	uint32_t major;		/*   8 */
	uint32_t minor;		/*  12 */
	uint64_t features;	/*  16 */
	uint64_t uuid[2];	/*  24 */
	uint64_t rsvd[11];	/*  40 */
	struct pool_geo geo;	/* 128 */
	uint64_t crtime;	/* 160 */
};

static struct pool_hdr *pool;

/* ==== jl: journal records, count in the journal header =========================== */

#define JL_OP_PUT	1u

struct jl_hdr {
	uint64_t count;		/* records [0, count) are replayed at recovery */
	uint64_t gen;
};

struct jl_rec {			/* 32 bytes */
	uint64_t key;
	uint64_t val;
	uint32_t op;
	uint32_t crc;
	uint64_t gen;
};

static struct jl_hdr *jl_hdr;
static struct jl_rec *jl_recs;
static uint64_t jl_cap;

/* ==== ht: one-line nodes, buckets of absolute pointers (fixed-address pool) ======= */

#define HT_NB 256

struct hnode {			/* 64 bytes, 64-aligned: one cache line per node */
	uint64_t key;
	uint64_t val;
	struct hnode *next;	/* the next older node of the bucket */
	uint64_t pad[5];
};

struct htab {
	uint64_t nb;
	struct hnode *bucket[HT_NB];
};

static struct htab *ht;
static struct hnode *ht_nodes;
static uint64_t ht_nfree;	/* DRAM: first unused node, rebuilt by recovery */
static uint64_t ht_cap;

/* ==== tree: 256-byte nodes linked by absolute pointers ============================ */

#define TN_WORDS	16
#define TN_LIVE		1u

struct tnode {			/* 256 bytes, 256-aligned */
	uint64_t key;		/*   0 */
	struct tnode *child[2];	/*   8 */
	uint32_t state;		/*  24: TN_LIVE, read by the compactor */
	uint32_t pad;		/*  28 */
	uint64_t rsvd[12];	/*  32 */
	uint64_t val[TN_WORDS];	/* 128 */
};

struct tree_root {
	struct tnode *root;
};

static struct tree_root *tree_root;
static struct tnode *tree_nodes;
static uint64_t tree_nfree;	/* DRAM allocator cursor */
static uint64_t tree_cap;

/* ==== kv: fixed slots ============================================================= */

#define KV_VALID	1u
#define KV_KEY_NONE	0xffffffffffffffffULL

struct kv_slot {		/* 256 bytes, 256-aligned */
	uint32_t valid;		/*   0: KV_VALID once key and value are durable */
	uint32_t flags;		/*   4 */
	uint64_t seq;		/*   8: bumped by every change of hits */
	uint64_t hits;		/*  16 */
	uint64_t rsvd[13];	/*  24 */
	uint64_t key;		/* 128 */
	uint64_t val;		/* 136 */
	uint64_t rsvd2[14];	/* 144 */
};

static struct kv_slot *kv_slots;
static unsigned kv_nslots;

int kv_verify(const struct kv_slot *s);	/* reads the lines back: 0 when no media error */

/* ==== rq: descriptors and buffers of the same index =============================== */

#define RQ_WORDS	32
#define RQ_READY	1u

struct rq_desc {		/* 16 bytes */
	uint32_t len;
	uint32_t flags;		/* RQ_READY once the buffer is durable */
	uint64_t seq;
};

struct rq_buf {			/* 256 bytes, 256-aligned */
	uint64_t w[RQ_WORDS];
};

static struct rq_desc *rq_desc;
static struct rq_buf *rq_bufs;
static unsigned rq_nr;
static uint32_t *rq_shadow;	/* calloc()ed: the poller's DRAM copy of the lengths */

int store_open(const char *path)
{
	size_t len;
	int is_pmem;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);

	if (!base || len < OFF_RQBUF + 4096 * sizeof(struct rq_buf))
		return -1;
	pool = (struct pool_hdr *)base;
	jl_hdr = (struct jl_hdr *)(base + OFF_JHDR);
	jl_recs = (struct jl_rec *)(base + OFF_JRECS);
	jl_cap = (OFF_HT - OFF_JRECS) / sizeof(struct jl_rec);
	ht = (struct htab *)(base + OFF_HT);
	ht_nodes = (struct hnode *)(base + OFF_HNODES);
	ht_cap = (OFF_TREE - OFF_HNODES) / sizeof(struct hnode);
	tree_root = (struct tree_root *)(base + OFF_TREE);
	tree_nodes = (struct tnode *)(base + OFF_TNODES);
	tree_cap = (OFF_KV - OFF_TNODES) / sizeof(struct tnode);
	kv_slots = (struct kv_slot *)(base + OFF_KV);
	kv_nslots = (OFF_RQDESC - OFF_KV) / sizeof(struct kv_slot);
	rq_desc = (struct rq_desc *)(base + OFF_RQDESC);
	rq_bufs = (struct rq_buf *)(base + OFF_RQBUF);
	rq_nr = 4096;
	rq_shadow = calloc(rq_nr, sizeof(*rq_shadow));
	return rq_shadow ? 0 : -1;
}

/* ==== pool ======================================================================== */

/* the header is made durable first, then the magic that declares it valid */
int pool_format(uint64_t size, uint64_t now)
{
	struct pool_hdr *h = pool;

	h->geo.size = size; /* LABEL: id=pool-fmt-size expect=none class=ordering reason="persisted with the whole header by pmem_persist(h, sizeof(*h)) before the magic is stored" */
	h->crtime = now; /* LABEL: id=pool-fmt-crtime expect=none class=ordering reason="persisted with the whole header before the magic" */
	pmem_persist(h, sizeof(*h));
	h->magic = POOL_MAGIC; /* LABEL: id=pool-fmt-magic expect=none class=ordering reason="the magic is written back on its own, but the geometry was persisted (written back and drained) before it on the only path" */
	pmem_persist(&h->magic, sizeof(h->magic));
	return 0;
}

/* the geometry is flushed, never drained, when the magic is stored */
int pool_format_nodrain(uint64_t size)
{
	struct pool_hdr *h = pool;

	h->major = POOL_MAJOR; /* LABEL: id=pool-nodrain-major expect=none class=ordering reason="major (offset 8) is within 64 bytes of the magic: the magic's own persist may write its line back (quiet for both checks)" */
	h->geo.size = size; /* LABEL: id=pool-nodrain-size expect=none class=ordering reason="written back by pmem_flush(&h->geo, ...), the enclosing field, before the drain of pmem_persist(&h->magic)" */
	pmem_flush(&h->geo, sizeof(h->geo));
	h->magic = POOL_MAGIC; /* LABEL: id=pool-nodrain-magic expect=copyintent-publish-before-persist class=ordering reason="a non-zero magic in the same header, written back on its own below and 128 bytes from geo: geo.size is flushed but no pmem_drain() precedes the magic" */
	pmem_persist(&h->magic, sizeof(h->magic));
	return 0;
}

/* set field by field and persisted once: no field is written back on its own */
int pool_format_once(uint64_t size)
{
	struct pool_hdr *h = pool;

	h->geo.size = size; /* LABEL: id=pool-once-size expect=none class=ordering reason="covered by the one pmem_persist(h, sizeof(*h)) of the whole header" */
	h->magic = POOL_MAGIC; /* LABEL: id=pool-once-magic expect=none class=ordering reason="the function never writes the magic back on its own: a header initialised field by field and persisted once has no commit flag, so the magic publishes nothing" */
	pmem_persist(h, sizeof(*h));
	return 0;
}

/* ==== jl: journal ================================================================= */

/* flush + drain of the record before the count */
int jl_put(uint64_t key, uint64_t val)
{
	uint64_t i = jl_hdr->count;
	struct jl_rec *r = &jl_recs[i];

	if (i >= jl_cap)
		return -1;
	r->key = key; /* LABEL: id=jl-put-key expect=none class=ordering reason="pmem_flush(r, sizeof(*r)) then pmem_drain() before the count moves" */
	r->val = val; /* LABEL: id=jl-put-val expect=none class=ordering reason="same record, flushed and drained before the count" */
	pmem_flush(r, sizeof(*r));
	pmem_drain();
	jl_hdr->count = i + 1; /* LABEL: id=jl-put-count expect=none class=ordering reason="the count the record's address is computed from, stored after the record is persistent" */
	pmem_persist(&jl_hdr->count, sizeof(jl_hdr->count));
	return 0;
}

/* nothing writes the record back */
int jl_put_unflushed(uint64_t key, uint64_t val)
{
	uint64_t i = jl_hdr->count;
	struct jl_rec *r = &jl_recs[i];

	if (i >= jl_cap)
		return -1;
	r->key = key; /* LABEL: id=jl-unflushed-key expect=copyintent-missing-writethrough class=ordering reason="never written back; pmem_persist(&jl_hdr->count) of another object drains as if the record were durable" */
	r->val = val; /* LABEL: id=jl-unflushed-val expect=copyintent-missing-writethrough class=ordering reason="never written back before the drain of the count's persist" */
	jl_hdr->count = i + 1; /* LABEL: id=jl-unflushed-count expect=copyintent-publish-before-persist class=ordering reason="the count covers jl_recs[i], whose key and value are still dirty in the cache: one finding for both data stores" */
	pmem_persist(&jl_hdr->count, sizeof(jl_hdr->count));
	return 0;
}

/* the record is flushed, the drain is forgotten; the index is the count itself */
int jl_put_nodrain(const struct jl_rec *rec)
{
	if (jl_hdr->count >= jl_cap)
		return -1;
	jl_recs[jl_hdr->count] = *rec; /* LABEL: id=jl-nodrain-rec expect=none class=ordering reason="struct assignment written back by pmem_flush() of the same element before any drain" */
	pmem_flush(&jl_recs[jl_hdr->count], sizeof(struct jl_rec));
	jl_hdr->count++; /* LABEL: id=jl-nodrain-count expect=copyintent-publish-before-persist class=ordering reason="the record's address is computed from count; it is written back but not drained when count is incremented" */
	pmem_persist(&jl_hdr->count, sizeof(jl_hdr->count));
	return 0;
}

/* a drain with nothing written back */
int jl_put_fenced(const struct jl_rec *rec)
{
	uint64_t i = jl_hdr->count;

	if (i >= jl_cap)
		return -1;
	jl_recs[i] = *rec; /* LABEL: id=jl-fenced-rec expect=copyintent-missing-writethrough class=ordering reason="struct assignment never written back, then pmem_drain() as if it were durable" */
	pmem_drain();
	jl_hdr->count = i + 1; /* LABEL: id=jl-fenced-count expect=copyintent-publish-before-persist class=ordering reason="pmem_drain() without a flush makes nothing persistent: the record is still dirty when the count covers it" */
	pmem_persist(&jl_hdr->count, sizeof(jl_hdr->count));
	return 0;
}

/* eADR: the caches are in the persistence domain */
int jl_put_auto(const struct jl_rec *rec)
{
	uint64_t i = jl_hdr->count;

	if (i >= jl_cap)
		return -1;
	if (pmem_has_auto_flush()) {
		jl_recs[i] = *rec; /* LABEL: id=jl-auto-rec expect=none class=ordering reason="true side of pmem_has_auto_flush(): a store is persistent once it is visible, nothing to write back" */
		jl_hdr->count = i + 1; /* LABEL: id=jl-auto-count expect=none class=ordering reason="under eADR the record is persistent before the later count store: no publish-before-persist" */
		return 0;
	}
	return jl_put(rec->key, rec->val);
}

/* ==== ht: hash table ============================================================== */

/* release store: orders visibility for readers, not the write-back */
int ht_insert_concurrent(uint64_t key, uint64_t val, uint64_t h)
{
	struct hnode **b = &ht->bucket[h % HT_NB];
	struct hnode *n;

	if (ht_nfree >= ht_cap)
		return -1;
	n = &ht_nodes[ht_nfree++];
	n->key = key; /* LABEL: id=ht-conc-key expect=none class=ordering reason="written back by pmem_flush(n, sizeof(*n)) before the drain of the bucket's persist" */
	n->val = val; /* LABEL: id=ht-conc-val expect=none class=ordering reason="same node, flushed before any drain" */
	n->next = *b; /* LABEL: id=ht-conc-next expect=none class=ordering reason="the new node's own link does not publish it; flushed with the node" */
	pmem_flush(n, sizeof(*n));
	__atomic_store_n(b, n, __ATOMIC_RELEASE); /* LABEL: id=ht-conc-release expect=copyintent-publish-before-persist class=ordering reason="a release store of the node's pointer into the persistent bucket: the node is flushed but not drained, so the link can be durable first" */
	pmem_persist(b, sizeof(*b));
	return 0;
}

/* stores its pointer argument into the bucket and persists the bucket */
static void ht_link(struct hnode **slot, struct hnode *n)
{
	*slot = n; /* LABEL: id=ht-link-store expect=none class=ordering reason="the helper's own store; its data lives in the callers, so the publish is reported at each caller's call of ht_link()" */
	pmem_persist(slot, sizeof(*slot));
}

int ht_push(uint64_t key, uint64_t h)
{
	struct hnode **b = &ht->bucket[h % HT_NB];
	struct hnode *n;

	if (ht_nfree >= ht_cap)
		return -1;
	n = &ht_nodes[ht_nfree++];
	n->key = key; /* LABEL: id=ht-push-key expect=copyintent-missing-writethrough class=ordering reason="never written back; ht_link() persists only the bucket, and its drain passes this store" */
	n->next = *b; /* LABEL: id=ht-push-next expect=copyintent-missing-writethrough class=ordering reason="the node's own link is data too: never written back before ht_link()'s drain" */
	ht_link(b, n); /* LABEL: id=ht-push-link expect=copyintent-publish-before-persist class=ordering reason="ht_link() stores its pointer parameter n into the persistent bucket while the node is dirty" */
	return 0;
}

int ht_push_persisted(uint64_t key, uint64_t h)
{
	struct hnode **b = &ht->bucket[h % HT_NB];
	struct hnode *n;

	if (ht_nfree >= ht_cap)
		return -1;
	n = &ht_nodes[ht_nfree++];
	n->key = key; /* LABEL: id=ht-pushp-key expect=none class=ordering reason="pmem_persist(n, sizeof(*n)) before the call that links it" */
	n->next = *b; /* LABEL: id=ht-pushp-next expect=none class=ordering reason="own link, persisted with the node" */
	pmem_persist(n, sizeof(*n));
	ht_link(b, n); /* LABEL: id=ht-pushp-link expect=none class=ordering reason="the whole node is persistent before ht_link() stores its pointer" */
	return 0;
}

/* ==== tree ======================================================================== */

static struct tnode **tree_slot(uint64_t key)
{
	struct tnode **pp = &tree_root->root;

	while (*pp)
		pp = &(*pp)->child[key > (*pp)->key];
	return pp;
}

/* static init helper: both callers write the node back after it, before any drain */
static void tnode_init(struct tnode *n, uint64_t key, const uint64_t *val)
{
	unsigned j;

	n->key = key; /* LABEL: id=tnode-init-key expect=none class=ordering reason="both callers copyintent_flush(n, sizeof(*n)) after the call, before any drain" */
	n->child[0] = n->child[1] = NULL; /* LABEL: id=tnode-init-children expect=none class=ordering reason="the new node's own links (zero, and nothing points at the node yet); written back by the callers' flush" */
	for (j = 0; j < TN_WORDS; j++)
		n->val[j] = val[j]; /* LABEL: id=tnode-init-val expect=none class=ordering reason="written back by the callers' copyintent_flush() of the whole node before a drain" */
}

int tree_insert(uint64_t key, const uint64_t *val)
{
	struct tnode *n;
	struct tnode **pp;

	if (tree_nfree >= tree_cap)
		return -1;
	n = &tree_nodes[tree_nfree++];
	tnode_init(n, key, val);
	copyintent_flush(n, sizeof(*n));
	copyintent_drain();
	pp = tree_slot(key);
	*pp = n; /* LABEL: id=tree-insert-link expect=none class=ordering reason="the node the helper filled is flushed and drained before the parent's pointer" */
	pmem_persist(pp, sizeof(*pp));
	return 0;
}

/* written back, but the drain comes only with the link's persist */
int tree_insert_nodrain(uint64_t key, const uint64_t *val)
{
	struct tnode *n;
	struct tnode **pp;

	if (tree_nfree >= tree_cap)
		return -1;
	n = &tree_nodes[tree_nfree++];
	tnode_init(n, key, val);
	copyintent_flush(n, sizeof(*n));
	pp = tree_slot(key);
	*pp = n; /* LABEL: id=tree-nodrain-link expect=copyintent-publish-before-persist class=ordering reason="the data stored in the static helper tnode_init() is flushed but not drained when the parent links the node" */
	pmem_persist(pp, sizeof(*pp));
	return 0;
}

/* the state is a commit flag by its shape, but the function links the node */
int tree_insert_live(uint64_t key, const uint64_t *val)
{
	struct tnode *n;
	struct tnode **pp;
	unsigned j;

	if (tree_nfree >= tree_cap)
		return -1;
	n = &tree_nodes[tree_nfree++];
	n->key = key; /* LABEL: id=tree-live-key expect=none class=ordering reason="key (offset 0) is within 64 bytes of state, whose persist may write its line back" */
	n->child[0] = n->child[1] = NULL; /* LABEL: id=tree-live-children expect=none class=ordering reason="own links at offsets 8 and 16, within 64 bytes of the persisted state" */
	for (j = 0; j < TN_WORDS; j++)
		n->val[j] = val[j]; /* LABEL: id=tree-live-val expect=copyintent-missing-writethrough class=ordering reason="val starts at offset 128, beyond the line of state: pmem_persist(&n->state) and the link's persist drain, nothing writes the value back" */
	n->state = TN_LIVE; /* LABEL: id=tree-live-state expect=none class=ordering reason="the function links the node, so its numeric fields are data, not flags: only the link publishes; state itself is persisted before the link" */
	pmem_persist(&n->state, sizeof(n->state));
	pp = tree_slot(key);
	*pp = n; /* LABEL: id=tree-live-link expect=copyintent-publish-before-persist class=ordering reason="the node's value is still dirty when the parent's pointer is stored" */
	pmem_persist(pp, sizeof(*pp));
	return 0;
}

/* ==== kv: slots with a valid flag ================================================= */

/* a media error leaves the slot invalid: the error path publishes nothing */
int kv_put(unsigned i, uint64_t key, uint64_t val)
{
	struct kv_slot *s = &kv_slots[i];

	if (i >= kv_nslots)
		return -1;
	s->key = key; /* LABEL: id=kv-put-key expect=none class=ordering reason="the error path returns without a drain or a publish; the other path persists the whole slot before the flag" */
	s->val = val; /* LABEL: id=kv-put-val expect=none class=ordering reason="same as the key" */
	if (kv_verify(s) != 0)
		return -1;
	pmem_persist(s, sizeof(*s));
	s->valid = KV_VALID; /* LABEL: id=kv-put-valid expect=none class=ordering reason="a commit flag (written back on its own, two lines from the key) stored after the slot is persistent" */
	pmem_persist(&s->valid, sizeof(s->valid));
	return 0;
}

int kv_put_early(unsigned i, uint64_t key, uint64_t val)
{
	struct kv_slot *s = &kv_slots[i];

	if (i >= kv_nslots)
		return -1;
	s->key = key; /* LABEL: id=kv-early-key expect=copyintent-missing-writethrough class=ordering reason="offset 128, two lines from valid: the persist of the flag does not write it back but drains" */
	s->val = val; /* LABEL: id=kv-early-val expect=copyintent-missing-writethrough class=ordering reason="offset 136: never written back before the flag's persist drains" */
	s->valid = KV_VALID; /* LABEL: id=kv-early-valid expect=copyintent-publish-before-persist class=ordering reason="non-zero flag of the same slot, written back on its own just below and more than 64 bytes from the key and value, which are not persistent" */
	pmem_persist(&s->valid, sizeof(s->valid));
	return 0;
}

/* seq sits in the same line as hits */
int kv_count_hit(unsigned i, uint64_t hits, uint64_t seq)
{
	struct kv_slot *s = &kv_slots[i];

	if (i >= kv_nslots)
		return -1;
	s->hits = hits; /* LABEL: id=kv-hit-hits expect=none class=ordering reason="hits (offset 16) is within 64 bytes of seq: the persist of seq may write it back with its line" */
	s->seq = seq; /* LABEL: id=kv-hit-seq expect=none class=ordering reason="seq is written back on its own, but the data beside it is within 64 bytes: a flag in the data's own line publishes nothing" */
	pmem_persist(&s->seq, sizeof(s->seq));
	return 0;
}

/* retire: the key becomes the tombstone, then the flag is cleared */
int kv_retire(unsigned i)
{
	struct kv_slot *s = &kv_slots[i];

	if (i >= kv_nslots)
		return -1;
	s->key = KV_KEY_NONE; /* LABEL: id=kv-retire-key expect=none class=ordering reason="written back by pmem_flush(&s->key) before the drain of the flag's persist" */
	pmem_flush(&s->key, sizeof(s->key));
	s->valid = 0; /* LABEL: id=kv-retire-valid expect=none class=ordering reason="a zero clears the flag: it vouches for nothing, although the key is only flushed, not drained" */
	pmem_persist(&s->valid, sizeof(s->valid));
	return 0;
}

/* ==== rq: request ring ============================================================ */

int rq_post_early(unsigned i, const uint64_t *w, uint32_t n)
{
	uint32_t j;

	if (i >= rq_nr || n > RQ_WORDS)
		return -1;
	for (j = 0; j < n; j++)
		rq_bufs[i].w[j] = w[j]; /* LABEL: id=rq-early-buf expect=copyintent-missing-writethrough class=ordering reason="buffer words never written back; the persist of the descriptor's flags (another object) drains" */
	rq_desc[i].len = n; /* LABEL: id=rq-early-len expect=none class=ordering reason="len shares the 16-byte descriptor with flags: written back by the flags' persist, and no data of the flag" */
	rq_desc[i].flags = RQ_READY; /* LABEL: id=rq-early-flags expect=copyintent-publish-before-persist class=ordering reason="non-zero flag of the descriptor with the same index i as the buffer, written back on its own: the buffer is still dirty" */
	pmem_persist(&rq_desc[i].flags, sizeof(rq_desc[i].flags));
	return 0;
}

int rq_post(unsigned i, const uint64_t *w, uint32_t n)
{
	uintptr_t p;
	uint32_t j;

	if (i >= rq_nr || n > RQ_WORDS)
		return -1;
	for (j = 0; j < n; j++)
		rq_bufs[i].w[j] = w[j]; /* LABEL: id=rq-post-buf expect=none class=ordering reason="every line of rq_bufs[i] is clwb'd and _mm_sfence() drains them before the descriptor" */
	rq_shadow[i] = n; /* LABEL: id=rq-post-shadow expect=none class=ordering reason="rq_shadow is calloc()ed: a non-zero number at the same index in DRAM publishes nothing" */
	for (p = (uintptr_t)&rq_bufs[i] & ~(uintptr_t)(CACHELINE - 1);
	     p < (uintptr_t)&rq_bufs[i] + sizeof(rq_bufs[i]); p += CACHELINE)
		_mm_clwb((void *)p);
	_mm_sfence();
	rq_desc[i].len = n; /* LABEL: id=rq-post-len expect=none class=ordering reason="same descriptor line as flags, persisted with it" */
	rq_desc[i].flags = RQ_READY; /* LABEL: id=rq-post-flags expect=none class=ordering reason="the buffer is written back and drained before the flag" */
	pmem_persist(&rq_desc[i].flags, sizeof(rq_desc[i].flags));
	return 0;
}

/* ==== lst: libpmemobj list in transactions ======================================== */

struct lnode;
TOID_DECLARE(struct lnode, 2);

struct lnode {
	uint64_t key;
	uint64_t val;
	TOID(struct lnode) next;
};

struct lroot {
	TOID(struct lnode) head;
	uint64_t count;
};
TOID_DECLARE(struct lroot, 3);

static PMEMobjpool *lpop;
static TOID(struct lroot) lroot;

int lst_open(const char *path)
{
	lpop = pmemobj_open(path, "lst");
	if (!lpop)
		return -1;
	lroot.oid = pmemobj_root(lpop, sizeof(struct lroot));
	return 0;
}

int lst_push(uint64_t key)
{
	int ret = 0;

	TX_BEGIN(lpop) {
		TOID(struct lnode) n = TX_NEW(struct lnode);

		D_RW(n)->key = key; /* LABEL: id=lst-push-key expect=none class=ordering reason="inside TX_BEGIN..TX_END into an object TX_NEW allocated: the commit persists it" */
		D_RW(n)->next = D_RO(lroot)->head; /* LABEL: id=lst-push-next expect=none class=ordering reason="own link of the new object, in the transaction" */
		TX_ADD_FIELD(lroot, head);
		D_RW(lroot)->head = n; /* LABEL: id=lst-push-head expect=none class=ordering reason="the link is in the same transaction, the field added first: never a publish-before-persist finding" */
	} TX_ONABORT {
		ret = -1;
	} TX_END
	return ret;
}
