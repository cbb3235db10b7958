// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Publish-before-persist (issue 11) in kernel pmem code: "pjrnl", a journal kept on a
 * PMEM namespace mapped with devm_memremap(ARCH_MEMREMAP_PMEM) (superblock with the
 * log tail and a checkpoint index, a log area, a list of fixed entries), and "pring",
 * a descriptor ring in a DAX mapping from dax_direct_access(), written the way
 * dm-writecache and out-of-tree pmem drivers write them.
 *
 * x86 model: memcpy_flushcache() and _copy_from_iter_flushcache() leave no dirty
 * line but their non-temporal stores are weakly ordered, arch_wb_cache_pmem() is
 * clwb, and only wmb() (sfence) makes either persistent (ADR). The log tail, the
 * checkpoint index, the list head and the descriptor's valid flag publish; storing
 * them before the data is written back and fenced is the bug.
 *
 * Era 517 (v5.17-v6.x).
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
#include <linux/uio.h>
#include <linux/corpus-compat.h>

/* ==== pjrnl: superblock, checkpoints, entries, log ============================== */

#define PJ_CKPT_OFF	PAGE_SIZE
#define PJ_ENTRY_OFF	(2 * PAGE_SIZE)
#define PJ_NR_ENTRIES	256
#define PJ_ENTRY_DATA	240
#define PJ_LOG_OFF	(PJ_ENTRY_OFF + PJ_NR_ENTRIES * sizeof(struct pj_entry))
#define PJ_NIL		0xffffffffu

struct pj_super {
	__u64 magic;
	__u64 log_head;		/* records in [log_head, log_tail) replay at mount */
	__u64 log_tail;
	__u32 active;		/* which checkpoint copy is current */
	__u32 list_head;	/* index of the newest entry, PJ_NIL if none */
};

struct pj_ckpt {
	__u64 seq;
	__u64 log_head;
	__u8 bitmap[PAGE_SIZE / 2 - 16];
};

struct pj_entry_hdr {
	__u32 next;		/* index of the next older entry */
	__u32 len;
	__u64 csum;
};

struct pj_entry {
	struct pj_entry_hdr hdr;
	char data[PJ_ENTRY_DATA];
};

struct pj_rec_hdr {
	__u64 seq;
	__u32 len;
	__u32 csum;
};

struct pj_dev {
	struct device *dev;
	struct nd_region *region;
	struct pj_super *sb;
	struct pj_ckpt *ckpt;		/* two copies */
	struct pj_entry *entries;
	void *log;
	size_t size;
	size_t log_size;
};

static bool pj_use_clwb = true;

#define pj_persist(p, n)				\
	do {						\
		arch_wb_cache_pmem((p), (n));		\
		wmb();					\
	} while (0)

static inline void pj_barrier(void)
{
	wmb();
}

int pj_probe(struct pj_dev *pj, struct resource *res)
{
	void *base;

	pj->size = resource_size(res);
	base = devm_memremap(pj->dev, res->start, pj->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(base))
		return PTR_ERR(base);
	pj->sb = base;
	pj->ckpt = base + PJ_CKPT_OFF;
	pj->entries = base + PJ_ENTRY_OFF;
	pj->log = base + PJ_LOG_OFF;
	pj->log_size = pj->size - PJ_LOG_OFF;
	return 0;
}

/* ---- the log tail ---------------------------------------------------------------- */

int pj_log_append(struct pj_dev *pj, const struct pj_rec_hdr *h, const void *payload)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;

	if (tail + sizeof(*h) + h->len > pj->log_size)
		return -ENOSPC;
	memcpy_flushcache(dst, h, sizeof(*h)); /* LABEL: id=pj-append-hdr expect=none class=direct reason="writethrough into the log area of the ARCH_MEMREMAP_PMEM mapping" */
	memcpy_flushcache(dst + sizeof(*h), payload, h->len); /* LABEL: id=pj-append-payload expect=none class=direct reason="writethrough into the log area" */
	wmb();
	pj->sb->log_tail = tail + sizeof(*h) + h->len; /* LABEL: id=pj-append-tail expect=none class=ordering reason="memcpy_flushcache() then wmb(): the record is persistent before the tail moves" */
	pj_persist(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	return 0;
}

int pj_log_append_nofence(struct pj_dev *pj, const struct pj_rec_hdr *h, const void *payload)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;

	if (tail + sizeof(*h) + h->len > pj->log_size)
		return -ENOSPC;
	memcpy_flushcache(dst, h, sizeof(*h)); /* LABEL: id=pj-nofence-hdr expect=none class=direct reason="writethrough into the log area" */
	memcpy_flushcache(dst + sizeof(*h), payload, h->len); /* LABEL: id=pj-nofence-payload expect=none class=direct reason="writethrough into the log area" */
	pj->sb->log_tail = tail + sizeof(*h) + h->len; /* LABEL: id=pj-nofence-tail expect=copyintent-publish-before-persist class=ordering reason="no wmb() between memcpy_flushcache() and the tail: the movnt stores are weakly ordered, the tail line can reach the media first (dm-writecache fences here)" */
	pj_persist(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	return 0;
}

int pj_log_append_early_tail(struct pj_dev *pj, const struct pj_rec_hdr *h, const void *payload)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;
	size_t n = sizeof(*h) + h->len;

	if (tail + n > pj->log_size)
		return -ENOSPC;
	memcpy(dst, h, sizeof(*h)); /* LABEL: id=pj-early-hdr expect=none class=direct reason="plain copy into pmem, written back below (after the publish)" */
	memcpy(dst + sizeof(*h), payload, h->len); /* LABEL: id=pj-early-payload expect=none class=direct reason="plain copy into pmem" */
	WRITE_ONCE(pj->sb->log_tail, tail + n); /* LABEL: id=pj-early-tail expect=copyintent-publish-before-persist class=ordering reason="the tail is stored while the record's lines are dirty: eviction can make the tail durable before the write-back below" */
	arch_wb_cache_pmem(dst, n);
	arch_wb_cache_pmem(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	wmb();
	return 0;
}

int pj_log_append_helper(struct pj_dev *pj, const struct pj_rec_hdr *h, const void *payload)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;
	size_t n = sizeof(*h) + h->len;

	if (tail + n > pj->log_size)
		return -ENOSPC;
	memcpy_flushcache(dst, h, sizeof(*h)); /* LABEL: id=pj-helper-hdr expect=none class=direct reason="writethrough into the log area" */
	memcpy_flushcache(dst + sizeof(*h), payload, h->len); /* LABEL: id=pj-helper-payload expect=none class=direct reason="writethrough into the log area" */
	pj_barrier();
	WRITE_ONCE(pj->sb->log_tail, tail + n); /* LABEL: id=pj-helper-tail expect=none class=ordering reason="pj_barrier() is wmb(): the written-back record is fenced before the tail" */
	arch_wb_cache_pmem(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	pj_barrier();
	return 0;
}

int pj_log_append_macro(struct pj_dev *pj, const struct pj_rec_hdr *h, const void *payload)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;
	size_t n = sizeof(*h) + h->len;

	if (tail + n > pj->log_size)
		return -ENOSPC;
	memcpy(dst, h, sizeof(*h)); /* LABEL: id=pj-macro-hdr expect=none class=direct reason="plain copy into pmem, persisted by pj_persist()" */
	memcpy(dst + sizeof(*h), payload, h->len); /* LABEL: id=pj-macro-payload expect=none class=direct reason="plain copy into pmem" */
	pj_persist(dst, n);
	pj->sb->log_tail = tail + n; /* LABEL: id=pj-macro-tail expect=none class=ordering reason="pj_persist() is arch_wb_cache_pmem() + wmb() over the whole record" */
	pj_persist(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	return 0;
}

int pj_log_append_lines(struct pj_dev *pj, const void *rec, size_t n)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;
	size_t off;

	if (tail + n > pj->log_size)
		return -ENOSPC;
	memcpy(dst, rec, n); /* LABEL: id=pj-lines-copy expect=none class=direct reason="plain copy into pmem, written back line by line below" */
	for (off = 0; off < n; off += L1_CACHE_BYTES)
		arch_wb_cache_pmem(dst + off, L1_CACHE_BYTES);
	wmb();
	pj->sb->log_tail = tail + n; /* LABEL: id=pj-lines-tail expect=none class=ordering reason="the loop writes back every line of [dst, dst + n), then wmb()" */
	pj_persist(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	return 0;
}

/* a short user copy leaves the tail alone: the partial record lies past the end */
ssize_t pj_log_write_iter(struct pj_dev *pj, struct iov_iter *from, size_t len)
{
	__u64 tail = pj->sb->log_tail;
	void *dst = pj->log + tail;

	if (tail + len > pj->log_size)
		return -ENOSPC;
	if (_copy_from_iter_flushcache(dst, len, from) != len) /* LABEL: id=pj-iter-copy expect=none class=direct reason="writethrough iter copy into the log area" */
		return -EFAULT;
	wmb();
	pj->sb->log_tail = tail + len; /* LABEL: id=pj-iter-tail expect=none class=ordering reason="the error path returns without publishing; the other path fences the written-back data first" */
	pj_persist(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	return len;
}

/* commit with an optional fence: the async mode skips the one that matters */
int pj_commit_txn(struct pj_dev *pj, const void *recs, size_t len, bool sync)
{
	__u64 tail = pj->sb->log_tail;

	if (tail + len > pj->log_size)
		return -ENOSPC;
	memcpy_flushcache(pj->log + tail, recs, len); /* LABEL: id=pj-txn-copy expect=none class=direct reason="writethrough into the log area" */
	if (sync)
		wmb();
	pj->sb->log_tail = tail + len; /* LABEL: id=pj-txn-tail expect=copyintent-publish-before-persist class=ordering reason="when sync is false nothing fences the flushcache stores before the tail" */
	arch_wb_cache_pmem(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	if (sync)
		wmb();
	return 0;
}

/* platforms with flush hints: nvdimm_flush() fences, then flushes the WPQs */
int pj_log_append_wpq(struct pj_dev *pj, const void *rec, size_t n)
{
	__u64 tail = pj->sb->log_tail;

	if (tail + n > pj->log_size)
		return -ENOSPC;
	memcpy_flushcache(pj->log + tail, rec, n); /* LABEL: id=pj-wpq-copy expect=none class=direct reason="writethrough into the log area" */
	nvdimm_flush(pj->region, NULL);
	pj->sb->log_tail = tail + n; /* LABEL: id=pj-wpq-tail expect=none class=ordering reason="nvdimm_flush() -> generic_nvdimm_flush() starts with wmb() and then flushes the write-pending queues: the record is persistent before the tail" */
	arch_wb_cache_pmem(&pj->sb->log_tail, sizeof(pj->sb->log_tail));
	return nvdimm_flush(pj->region, NULL);
}

/* ---- checkpoints: two copies, sb->active selects one ---------------------------- */

int pj_checkpoint(struct pj_dev *pj, const struct pj_ckpt *new_ck)
{
	__u32 next = !pj->sb->active;
	struct pj_ckpt *ck = &pj->ckpt[next];

	memcpy(ck, new_ck, sizeof(*ck)); /* LABEL: id=pj-ckpt-copy expect=copyintent-missing-writethrough class=direct reason="plain copy into the inactive checkpoint, never written back, and the wmb() after the index's write-back drains as if it were durable (relabelled: the label said only publish-before-persist has a say, but the copy is never written back on any path, which is missing-writethrough's own finding; the index's write-back covered it only through the same-mapping rule, which no longer covers a record elsewhere)" */
	pj->sb->active = next; /* LABEL: id=pj-ckpt-active expect=copyintent-publish-before-persist class=ordering reason="the checkpoint is never written back before the index that selects it: only the index is" */
	arch_wb_cache_pmem(&pj->sb->active, sizeof(pj->sb->active));
	wmb();
	return 0;
}

int pj_checkpoint_either(struct pj_dev *pj, const struct pj_ckpt *new_ck)
{
	__u32 next = !pj->sb->active;
	struct pj_ckpt *ck = &pj->ckpt[next];

	if (pj_use_clwb) {
		memcpy(ck, new_ck, sizeof(*ck)); /* LABEL: id=pj-either-memcpy expect=none class=direct reason="plain copy, written back by arch_wb_cache_pmem() on the same branch" */
		arch_wb_cache_pmem(ck, sizeof(*ck));
	} else {
		memcpy_flushcache(ck, new_ck, sizeof(*ck)); /* LABEL: id=pj-either-flushcache expect=none class=direct reason="writethrough into the checkpoint" */
	}
	wmb();
	pj->sb->active = next; /* LABEL: id=pj-either-active expect=none class=ordering reason="both branches write the checkpoint back and the common wmb() fences it before the index" */
	pj_persist(&pj->sb->active, sizeof(pj->sb->active));
	return 0;
}

/* ---- entries: a persistent list, newest first ------------------------------------ */

int pj_entry_add(struct pj_dev *pj, __u32 idx, const void *data, __u32 len)
{
	struct pj_entry *e = &pj->entries[idx];

	if (idx >= PJ_NR_ENTRIES || len > PJ_ENTRY_DATA)
		return -EINVAL;
	e->hdr.len = len;
	memcpy(e->data, data, len); /* LABEL: id=pj-entry-copy expect=none class=direct reason="plain copy into an entry, persisted with the whole entry" */
	e->hdr.next = pj->sb->list_head; /* LABEL: id=pj-entry-next expect=none class=ordering reason="the new entry's own link, set before anything points at it" */
	pj_persist(e, sizeof(*e));
	pj->sb->list_head = idx; /* LABEL: id=pj-entry-head expect=none class=ordering reason="pj_persist() of the whole entry, data included, precedes the list head" */
	pj_persist(&pj->sb->list_head, sizeof(pj->sb->list_head));
	return 0;
}

int pj_entry_add_hdr_only(struct pj_dev *pj, __u32 idx, const void *data, __u32 len)
{
	struct pj_entry *e = &pj->entries[idx];

	if (idx >= PJ_NR_ENTRIES || len > PJ_ENTRY_DATA)
		return -EINVAL;
	e->hdr.len = len;
	memcpy(e->data, data, len); /* LABEL: id=pj-hdronly-copy expect=copyintent-missing-writethrough class=direct reason="plain copy into an entry whose data is never written back: only &e->hdr is, then wmb() fences as if the entry were durable (labelled none before missing-writethrough existed; publish-before-persist reports the list head)" */
	e->hdr.next = pj->sb->list_head; /* LABEL: id=pj-hdronly-next expect=none class=ordering reason="the new entry's own link" */
	arch_wb_cache_pmem(&e->hdr, sizeof(e->hdr));
	wmb();
	pj->sb->list_head = idx; /* LABEL: id=pj-hdronly-head expect=copyintent-publish-before-persist class=ordering reason="&e->hdr does not cover e->data: the list can link an entry whose data is still dirty" */
	pj_persist(&pj->sb->list_head, sizeof(pj->sb->list_head));
	return 0;
}

/* ==== pring: descriptor ring in a DAX mapping ==================================== */

#define PRING_BUF_SIZE	2048
#define PRING_DESC_VALID	1u

struct pring_desc {
	__u64 off;		/* payload offset in the buffer area */
	__u32 len;
	__u32 flags;		/* PRING_DESC_VALID once the payload is durable */
};

struct pring {
	struct pring_desc *desc;	/* descriptor table, first page of the mapping */
	void *bufs;			/* payload buffers after it */
	__u32 nr;
	__u32 prod;			/* next descriptor to fill */
};

static struct pring pr;

int pring_init(struct dax_device *dax_dev, long nr_pages)
{
	void *kaddr;
	long avail;

	avail = dax_direct_access(dax_dev, 0, nr_pages, DAX_ACCESS, &kaddr, NULL);
	if (avail < nr_pages)
		return -ENXIO;
	pr.desc = kaddr;
	pr.bufs = kaddr + PAGE_SIZE;
	pr.nr = PAGE_SIZE / sizeof(struct pring_desc);
	pr.prod = 0;
	return 0;
}

ssize_t pring_post(struct iov_iter *from, size_t len)
{
	__u32 i = pr.prod % pr.nr;
	struct pring_desc *d = &pr.desc[i];
	void *buf = pr.bufs + (size_t)i * PRING_BUF_SIZE;

	if (len > PRING_BUF_SIZE)
		return -EINVAL;
	d->off = (size_t)i * PRING_BUF_SIZE;
	d->len = len;
	if (_copy_from_iter_nocache(buf, len, from) != len) /* LABEL: id=pring-post-copy expect=copyintent-nocache-needs-writethrough class=direct reason="nocache copy into the DAX buffer area; only the descriptor is written back" */
		return -EFAULT;
	d->flags = PRING_DESC_VALID; /* LABEL: id=pring-post-valid expect=copyintent-publish-before-persist class=ordering reason="the payload was copied with nocache and never written back, yet the descriptor is marked valid" */
	arch_wb_cache_pmem(d, sizeof(*d));
	wmb();
	pr.prod++; /* LABEL: id=pring-post-prod expect=none class=ordering reason="pr is a static struct in kernel memory: the producer index in DRAM publishes nothing durable" */
	return len;
}

ssize_t pring_post_checked(struct iov_iter *from, size_t len)
{
	__u32 i = pr.prod % pr.nr;
	struct pring_desc *d = &pr.desc[i];
	void *buf = pr.bufs + (size_t)i * PRING_BUF_SIZE;

	if (len > PRING_BUF_SIZE)
		return -EINVAL;
	d->off = (size_t)i * PRING_BUF_SIZE;
	d->len = len;
	if (_copy_from_iter_flushcache(buf, len, from) != len) { /* LABEL: id=pring-checked-copy expect=none class=direct reason="writethrough iter copy into the DAX buffer area" */
		d->flags = 0; /* LABEL: id=pring-checked-clear expect=none class=ordering reason="a short copy clears the descriptor: a zero vouches for nothing" */
		pj_persist(d, sizeof(*d));
		return -EFAULT;
	}
	wmb();
	d->flags = PRING_DESC_VALID; /* LABEL: id=pring-checked-valid expect=none class=ordering reason="the written-back payload is fenced by wmb() before the valid flag" */
	pj_persist(&d->flags, sizeof(d->flags));
	pr.prod++; /* LABEL: id=pring-checked-prod expect=none class=ordering reason="DRAM producer index" */
	return len;
}
