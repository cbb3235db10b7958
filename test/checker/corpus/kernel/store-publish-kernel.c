// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Publish-before-persist at plain stores (issue 11) in kernel pmem code (v6.1 style):
 * "nvkv", an out-of-tree block-map driver that keeps its metadata on a PMEM namespace
 * mapped with devm_memremap(ARCH_MEMREMAP_PMEM): a superblock (geometry, then the
 * magic), a bucket page of node indexes, a journal of fixed records counted by the
 * superblock, one-line hash nodes and 256-byte slots with a state word; and a request
 * ring in a DAX mapping from dax_direct_access() (16-byte descriptors, 256-byte
 * buffers of the same index). Names are invented; the shapes are those of
 * drivers/nvdimm users, dm-writecache and out-of-tree pmem drivers.
 *
 * There are no copies and no non-temporal stores: the data is written by field stores,
 * struct assignments and array element stores, and a later store publishes it: a count
 * or index the data's address is computed from (WRITE_ONCE(), ++, smp_store_release()),
 * or a non-zero state or flag word written back on its own more than 64 bytes from the
 * data (in the same slot, or in the descriptor of the same index). x86 model: a store
 * leaves a dirty line, arch_wb_cache_pmem() / clwb() write it back, and only wmb()
 * (sfence) makes the write-back persistent (ADR). The bugs: nothing written back, or
 * written back and not fenced, before the publish; data stored in a static init
 * helper and linked by its caller. The look-alikes: a superblock set field by field
 * and written back once, a flag within 64 bytes of the data, a zero that retires a
 * slot, a write-back + wmb() or a clwb() loop + wmb() before the publish, an error
 * path that returns before it. Every store into persistent memory is labelled; a data
 * store that a wmb() passes before anything writes it back is also
 * copyintent-missing-writethrough.
 *
 * Era 517 (v5.17-v6.x).
 *
 * Written from the check's specification only, not from its implementation.
 */
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/dax.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/corpus-compat.h>
#include <asm/barrier.h>
#include <asm/special_insns.h>

#define NK_MAGIC	0x6e766b7631ULL
#define NK_VERSION	3
#define NK_NR_BUCKETS	(PAGE_SIZE / sizeof(__u32))
#define NK_NR_JRECS	1024
#define NK_SLOT_VALID	1u
#define NK_DESC_READY	1u
#define NK_BUF_WORDS	32

/* namespace layout, in pages */
#define NK_BUCKET_OFF	(1 * PAGE_SIZE)
#define NK_JREC_OFF	(2 * PAGE_SIZE)
#define NK_NODE_OFF	(16 * PAGE_SIZE)
#define NK_SLOT_OFF	(64 * PAGE_SIZE)

struct nk_geom {
	__u64 nr_jrecs;
	__u64 nr_nodes;
	__u64 nr_slots;
	__u64 nr_buckets;
};

struct nk_super {		/* page 0 */
	__u64 magic;		/*   0: NK_MAGIC once the superblock is durable */
	__u32 version;		/*   8 */
	__u32 flags;		/*  12 */
	__u64 jcount;		/*  16: journal records [0, jcount) replay at mount */
	__u8 uuid[16];		/*  24 */
	__u8 rsvd[88];		/*  40 */
	struct nk_geom geo;	/* 128 */
};

struct nk_jrec {		/* 32 bytes */
	__u64 lba;
	__u64 blk;
	__u32 op;
	__u32 csum;
	__u64 seq;
};

struct nk_node {		/* 64 bytes: one cache line per node */
	__u64 key;
	__u64 blk;
	__u32 next;		/* index of the next node of the bucket */
	__u32 gen;
	__u8 pad[40];
};

struct nk_slot {		/* 256 bytes, 256-aligned */
	__u32 state;		/*   0: NK_SLOT_VALID once the record is durable */
	__u32 len;		/*   4 */
	__u64 seq;		/*   8 */
	__u8 rsvd[112];		/*  16 */
	__u64 lba;		/* 128 */
	__u64 blk;		/* 136 */
	__u64 csum;		/* 144 */
	__u8 rsvd2[104];	/* 152 */
};

struct nk_desc {		/* 16 bytes */
	__u64 off;
	__u32 len;
	__u32 flags;		/* NK_DESC_READY once the buffer is durable */
};

struct nk_buf {			/* 256 bytes */
	__u64 w[NK_BUF_WORDS];
};

struct nk_dev {
	struct device *dev;
	struct dax_device *dax_dev;
	void *base;			/* devm_memremap(ARCH_MEMREMAP_PMEM) */
	struct nk_super *sb;
	__u32 *buckets;
	struct nk_jrec *jrecs;
	struct nk_node *nodes;
	struct nk_slot *slots;
	struct nk_desc *desc;		/* dax_direct_access(): descriptor page */
	struct nk_buf *bufs;		/* the buffers after it */
	u32 nr_nodes;
	u32 nr_slots;
	u32 nr_desc;
	u32 next_node;			/* DRAM allocator cursor, rebuilt at mount */
	size_t size;
};

u32 nk_csum(const void *p, size_t n);

#define nk_persist(p, n)				\
	do {						\
		arch_wb_cache_pmem((p), (n));		\
		wmb();					\
	} while (0)

int nk_probe(struct nk_dev *pd, struct resource *res)
{
	void *base;

	pd->size = resource_size(res);
	base = devm_memremap(pd->dev, res->start, pd->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(base))
		return PTR_ERR(base);
	pd->base = base;
	pd->sb = base;
	pd->buckets = base + NK_BUCKET_OFF;
	pd->jrecs = base + NK_JREC_OFF;
	pd->nodes = base + NK_NODE_OFF;
	pd->slots = base + NK_SLOT_OFF;
	pd->nr_nodes = (NK_SLOT_OFF - NK_NODE_OFF) / sizeof(struct nk_node);
	pd->nr_slots = (pd->size - NK_SLOT_OFF) / sizeof(struct nk_slot);
	pd->next_node = 0;
	return 0;
}

int nk_ring_attach(struct nk_dev *pd, long nr_pages)
{
	void *kaddr;
	long avail;

	avail = dax_direct_access(pd->dax_dev, 0, nr_pages, DAX_ACCESS, &kaddr, NULL);
	if (avail < nr_pages)
		return -ENXIO;
	pd->desc = kaddr;
	pd->bufs = kaddr + PAGE_SIZE;
	pd->nr_desc = PAGE_SIZE / sizeof(struct nk_desc);
	return 0;
}

/* ==== superblock ==================================================================== */

int nk_format(struct nk_dev *pd)
{
	struct nk_super *sb = pd->sb;

	sb->geo.nr_nodes = pd->nr_nodes; /* LABEL: id=nk-fmt-nodes expect=none class=ordering reason="written back with the whole superblock and fenced by nk_persist() before the magic" */
	nk_persist(sb, sizeof(*sb));
	WRITE_ONCE(sb->magic, NK_MAGIC); /* LABEL: id=nk-fmt-magic expect=none class=ordering reason="the magic is written back on its own, after the geometry is persistent" */
	nk_persist(&sb->magic, sizeof(sb->magic));
	return 0;
}

/* the geometry is written back, the wmb() is missing before the magic */
int nk_format_nofence(struct nk_dev *pd)
{
	struct nk_super *sb = pd->sb;

	sb->geo.nr_slots = pd->nr_slots; /* LABEL: id=nk-nofence-slots expect=none class=ordering reason="arch_wb_cache_pmem(&sb->geo, ...) writes the enclosing field back before the wmb() of nk_persist()" */
	arch_wb_cache_pmem(&sb->geo, sizeof(sb->geo));
	WRITE_ONCE(sb->magic, NK_MAGIC); /* LABEL: id=nk-nofence-magic expect=copyintent-publish-before-persist class=ordering reason="non-zero magic in the same superblock, written back on its own and 128 bytes from geo: the geometry is written back but not fenced" */
	nk_persist(&sb->magic, sizeof(sb->magic));
	return 0;
}

/* set field by field, one write-back of the whole superblock */
int nk_format_once(struct nk_dev *pd)
{
	struct nk_super *sb = pd->sb;

	sb->geo.nr_nodes = pd->nr_nodes; /* LABEL: id=nk-once-nodes expect=none class=ordering reason="covered by nk_persist(sb, sizeof(*sb))" */
	sb->magic = NK_MAGIC; /* LABEL: id=nk-once-magic expect=none class=ordering reason="never written back on its own in this function: a superblock initialised field by field and written back once has no commit flag" */
	nk_persist(sb, sizeof(*sb));
	return 0;
}

/* ==== journal: records counted by sb->jcount ======================================== */

int nk_jadd(struct nk_dev *pd, const struct nk_jrec *rec)
{
	__u64 i = pd->sb->jcount;

	if (i >= NK_NR_JRECS)
		return -ENOSPC;
	pd->jrecs[i] = *rec; /* LABEL: id=nk-jadd-rec expect=none class=ordering reason="nk_persist() of exactly this element (write-back + wmb()) before the count" */
	nk_persist(&pd->jrecs[i], sizeof(pd->jrecs[i]));
	WRITE_ONCE(pd->sb->jcount, i + 1); /* LABEL: id=nk-jadd-count expect=none class=ordering reason="the record is persistent before the count that covers it" */
	nk_persist(&pd->sb->jcount, sizeof(pd->sb->jcount));
	return 0;
}

int nk_jadd_map(struct nk_dev *pd, u64 lba, u64 blk)
{
	__u64 i = pd->sb->jcount;
	struct nk_jrec *r = &pd->jrecs[i];

	if (i >= NK_NR_JRECS)
		return -ENOSPC;
	r->lba = lba; /* LABEL: id=nk-map-lba expect=copyintent-missing-writethrough class=ordering reason="journal record never written back; the wmb() of the count's nk_persist() passes it" */
	r->blk = blk; /* LABEL: id=nk-map-blk expect=copyintent-missing-writethrough class=ordering reason="never written back before the wmb()" */
	WRITE_ONCE(pd->sb->jcount, i + 1); /* LABEL: id=nk-map-count expect=copyintent-publish-before-persist class=ordering reason="the count covers jrecs[i] while its lba and blk are dirty: mount replays a garbage record" */
	nk_persist(&pd->sb->jcount, sizeof(pd->sb->jcount));
	return 0;
}

int nk_jadd_nofence(struct nk_dev *pd, const struct nk_jrec *rec)
{
	if (pd->sb->jcount >= NK_NR_JRECS)
		return -ENOSPC;
	pd->jrecs[pd->sb->jcount] = *rec; /* LABEL: id=nk-nofence-rec expect=none class=ordering reason="written back by arch_wb_cache_pmem() of the same element before any wmb()" */
	arch_wb_cache_pmem(&pd->jrecs[pd->sb->jcount], sizeof(struct nk_jrec));
	pd->sb->jcount++; /* LABEL: id=nk-nofence-count expect=copyintent-publish-before-persist class=ordering reason="the record's address is computed from jcount; the record is written back but not fenced when jcount moves" */
	nk_persist(&pd->sb->jcount, sizeof(pd->sb->jcount));
	return 0;
}

int nk_jadd_wmb(struct nk_dev *pd, const struct nk_jrec *rec)
{
	__u64 i = pd->sb->jcount;

	if (i >= NK_NR_JRECS)
		return -ENOSPC;
	pd->jrecs[i] = *rec; /* LABEL: id=nk-wmb-rec expect=copyintent-missing-writethrough class=ordering reason="struct assignment never written back, then wmb() as if it were durable" */
	wmb();
	pd->sb->jcount = i + 1; /* LABEL: id=nk-wmb-count expect=copyintent-publish-before-persist class=ordering reason="wmb() with nothing written back makes nothing persistent: the record is dirty when the count covers it" */
	nk_persist(&pd->sb->jcount, sizeof(pd->sb->jcount));
	return 0;
}

/* ==== hash: node indexes in the bucket page ======================================== */

/* static init helper; nk_insert_early() links the node without writing it back */
static void nk_node_init(struct nk_node *n, u64 key, u64 blk, u32 next)
{
	n->key = key; /* LABEL: id=nk-init-key expect=copyintent-missing-writethrough class=ordering reason="nk_insert_early() never writes the node back and the wmb() of the bucket's nk_persist() passes this store" */
	n->blk = blk; /* LABEL: id=nk-init-blk expect=copyintent-missing-writethrough class=ordering reason="same path through nk_insert_early()" */
	n->next = next; /* LABEL: id=nk-init-next expect=copyintent-missing-writethrough class=ordering reason="the node's own link is data, not a publish; unwritten on the same path" */
}

int nk_insert(struct nk_dev *pd, u64 key, u64 blk)
{
	u32 b = key % NK_NR_BUCKETS;
	u32 idx;
	struct nk_node *n;

	if (pd->next_node >= pd->nr_nodes)
		return -ENOSPC;
	idx = pd->next_node++;
	n = &pd->nodes[idx];
	nk_node_init(n, key, blk, pd->buckets[b]);
	nk_persist(n, sizeof(*n));
	WRITE_ONCE(pd->buckets[b], idx); /* LABEL: id=nk-insert-bucket expect=none class=ordering reason="the node the helper filled is written back and fenced before its index is stored in the bucket" */
	nk_persist(&pd->buckets[b], sizeof(pd->buckets[b]));
	return 0;
}

int nk_insert_early(struct nk_dev *pd, u64 key, u64 blk)
{
	u32 b = key % NK_NR_BUCKETS;
	u32 idx;
	struct nk_node *n;

	if (pd->next_node >= pd->nr_nodes)
		return -ENOSPC;
	idx = pd->next_node++;
	n = &pd->nodes[idx];
	nk_node_init(n, key, blk, pd->buckets[b]);
	WRITE_ONCE(pd->buckets[b], idx); /* LABEL: id=nk-early-bucket expect=copyintent-publish-before-persist class=ordering reason="the index the node's address is computed from, stored while the fields nk_node_init() wrote are still dirty" */
	nk_persist(&pd->buckets[b], sizeof(pd->buckets[b]));
	return 0;
}

/* lockless readers: the release orders visibility, not persistence */
int nk_insert_release(struct nk_dev *pd, u64 key, u64 blk)
{
	u32 b = key % NK_NR_BUCKETS;
	u32 idx;
	struct nk_node *n;

	if (pd->next_node >= pd->nr_nodes)
		return -ENOSPC;
	idx = pd->next_node++;
	n = &pd->nodes[idx];
	n->key = key; /* LABEL: id=nk-rel-key expect=none class=ordering reason="written back by arch_wb_cache_pmem(n, sizeof(*n)) before the wmb()" */
	n->blk = blk; /* LABEL: id=nk-rel-blk expect=none class=ordering reason="same node write-back" */
	n->next = pd->buckets[b]; /* LABEL: id=nk-rel-next expect=none class=ordering reason="own link, written back with the node" */
	arch_wb_cache_pmem(n, sizeof(*n));
	smp_store_release(&pd->buckets[b], idx); /* LABEL: id=nk-rel-bucket expect=copyintent-publish-before-persist class=ordering reason="release store of the node's index: on x86 a compiler barrier and a plain store, the node is written back but no wmb() has made it persistent" */
	nk_persist(&pd->buckets[b], sizeof(pd->buckets[b]));
	return 0;
}

/* ==== slots: state word at offset 0, record from offset 128 ========================= */

int nk_slot_commit(struct nk_dev *pd, unsigned int i, u64 lba, u64 blk)
{
	struct nk_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->lba = lba; /* LABEL: id=nk-commit-lba expect=none class=ordering reason="nk_persist(s, sizeof(*s)) writes back and fences the whole slot before the state" */
	s->blk = blk; /* LABEL: id=nk-commit-blk expect=none class=ordering reason="same slot persist" */
	nk_persist(s, sizeof(*s));
	WRITE_ONCE(s->state, NK_SLOT_VALID); /* LABEL: id=nk-commit-state expect=none class=ordering reason="commit word written back on its own, stored after the record is persistent" */
	nk_persist(&s->state, sizeof(s->state));
	return 0;
}

int nk_slot_commit_early(struct nk_dev *pd, unsigned int i, u64 lba, u32 len)
{
	struct nk_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->lba = lba; /* LABEL: id=nk-cearly-lba expect=copyintent-missing-writethrough class=ordering reason="offset 128, two lines from the state: nk_persist(&s->state) does not write it back but fences" */
	s->len = len; /* LABEL: id=nk-cearly-len expect=none class=ordering reason="len (offset 4) shares the state's line: written back by its nk_persist(), and no data of that flag" */
	WRITE_ONCE(s->state, NK_SLOT_VALID); /* LABEL: id=nk-cearly-state expect=copyintent-publish-before-persist class=ordering reason="non-zero state of the same slot, written back on its own and 128 bytes from lba, which is not persistent" */
	nk_persist(&s->state, sizeof(s->state));
	return 0;
}

/* seq is next to len */
int nk_slot_set_seq(struct nk_dev *pd, unsigned int i, u32 len, u64 seq)
{
	struct nk_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->len = len; /* LABEL: id=nk-seq-len expect=none class=ordering reason="len (offset 4) is within 64 bytes of seq (offset 8): the write-back of seq covers its line" */
	WRITE_ONCE(s->seq, seq); /* LABEL: id=nk-seq-seq expect=none class=ordering reason="written back on its own, but within 64 bytes of the only data stored: a flag in the data's line publishes nothing" */
	nk_persist(&s->seq, sizeof(s->seq));
	return 0;
}

/* retire: the final checksum for the scrubber, then the state is cleared */
int nk_slot_retire(struct nk_dev *pd, unsigned int i, u64 csum)
{
	struct nk_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->csum = csum; /* LABEL: id=nk-retire-csum expect=none class=ordering reason="written back by arch_wb_cache_pmem(&s->csum) before the wmb()" */
	arch_wb_cache_pmem(&s->csum, sizeof(s->csum));
	WRITE_ONCE(s->state, 0); /* LABEL: id=nk-retire-state expect=none class=ordering reason="a zero retires the slot: it vouches for no data, although csum is written back and not yet fenced" */
	nk_persist(&s->state, sizeof(s->state));
	return 0;
}

/* ==== request ring in the DAX mapping ============================================== */

int nk_ring_post_early(struct nk_dev *pd, unsigned int i, const __u64 *w, u32 n)
{
	u32 j;

	if (i >= pd->nr_desc || n > NK_BUF_WORDS)
		return -EINVAL;
	for (j = 0; j < n; j++)
		pd->bufs[i].w[j] = w[j]; /* LABEL: id=nk-rearly-buf expect=copyintent-missing-writethrough class=ordering reason="buffer words in the DAX mapping never written back; the descriptor's nk_persist() fences" */
	pd->desc[i].len = n; /* LABEL: id=nk-rearly-len expect=none class=ordering reason="same 16-byte descriptor as flags: written back by the flags' nk_persist()" */
	pd->desc[i].flags = NK_DESC_READY; /* LABEL: id=nk-rearly-flags expect=copyintent-publish-before-persist class=ordering reason="non-zero flag of the descriptor with the buffer's index i, written back on its own: the buffer is still dirty" */
	nk_persist(&pd->desc[i].flags, sizeof(pd->desc[i].flags));
	return 0;
}

/* a buffer that fails its checksum is never posted */
int nk_ring_post(struct nk_dev *pd, unsigned int i, const __u64 *w, u32 n, u32 csum)
{
	u32 j;

	if (i >= pd->nr_desc || n > NK_BUF_WORDS)
		return -EINVAL;
	for (j = 0; j < n; j++)
		pd->bufs[i].w[j] = w[j]; /* LABEL: id=nk-rpost-buf expect=none class=ordering reason="the -EIO path returns without a fence or a publish; the other path writes the buffer back and fences before the flag" */
	if (nk_csum(pd->bufs[i].w, n * sizeof(__u64)) != csum)
		return -EIO;
	nk_persist(&pd->bufs[i], sizeof(pd->bufs[i]));
	pd->desc[i].flags = NK_DESC_READY; /* LABEL: id=nk-rpost-flags expect=none class=ordering reason="the buffer is persistent before the flag" */
	nk_persist(&pd->desc[i].flags, sizeof(pd->desc[i].flags));
	return 0;
}

int nk_ring_post_clwb(struct nk_dev *pd, unsigned int i, const __u64 *w, u32 n)
{
	unsigned long p;
	u32 j;

	if (i >= pd->nr_desc || n > NK_BUF_WORDS)
		return -EINVAL;
	for (j = 0; j < n; j++)
		pd->bufs[i].w[j] = w[j]; /* LABEL: id=nk-rclwb-buf expect=none class=ordering reason="the clwb() loop walks every line of pd->bufs[i], then wmb()" */
	for (p = (unsigned long)&pd->bufs[i] & ~(unsigned long)(L1_CACHE_BYTES - 1);
	     p < (unsigned long)&pd->bufs[i] + sizeof(pd->bufs[i]); p += L1_CACHE_BYTES)
		clwb((void *)p);
	wmb();
	pd->desc[i].flags = NK_DESC_READY; /* LABEL: id=nk-rclwb-flags expect=none class=ordering reason="the buffer is written back and fenced before the flag" */
	nk_persist(&pd->desc[i].flags, sizeof(pd->desc[i].flags));
	return 0;
}
