// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
// CORPUS-CHECK-OPTIONS: copyintent-redundant-flush.InKernelCode=true
/*
 * copyintent-redundant-flush in kernel pmem code (v6.1 style, drivers/nvdimm and DAX
 * shapes): "pjl", an out-of-tree pmem-backed journal that maps a PMEM namespace with
 * devm_memremap(ARCH_MEMREMAP_PMEM) (a superblock, fixed records, a log area), writes
 * DAX pages through dax_direct_access(), and hands descriptors in a kmalloc()ed array
 * to a DMA engine that does not snoop the CPU caches. Names are invented.
 *
 * Reported: an arch_wb_cache_pmem() / clean_cache_range() of a range that
 * memcpy_flushcache() or an earlier write-back of the same or a larger range already
 * wrote back, with nothing in between that can dirty it; a wmb() / pmem_wmb() that
 * follows another with nothing in between that leaves something to wait for. Quiet:
 * a store or a call in between, a larger or another range, a write-back on one branch
 * only, a loop whose pointer advances, a fence at the top of a function, a fence after
 * movnti, nvdimm_flush(), and clflush of DMA memory (device coherency, not pmem).
 *
 * The check looks at kernel code only with InKernelCode=true: the TIDY-ARGS line
 * above sets it (quoted, so that the scorer's shlex split keeps the YAML in one
 * argument).
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
#include <asm/special_insns.h>

/*
 * [arch/x86/lib/usercopy_64.c] clwb of every line of [addr, addr + size). Static
 * there in v6.1 (arch_wb_cache_pmem() calls it); this driver's compat layer carries
 * its own copy for the kernels it supports.
 */
void clean_cache_range(void *addr, size_t size);

#define PJL_MAGIC	0x4a4c50ULL
#define PJL_REC_DATA	240
#define PJL_WB_EARLY	128	/* large records: start the write-back early */
#define PJL_SEQ_MASK	((1ULL << 48) - 1)
#define PJL_NR_DESCS	64
#define PJL_DESC_VALID	1u

/* head and tail on lines of their own: reclaim and append run on different CPUs */
struct pjl_super {
	__u64 magic;
	__u64 seq;
	__u32 state;
	__u32 flags;
	__u8 uuid[16];
	__u8 pad0[24];
	__u64 head;		/* offset 64 */
	__u8 pad1[56];
	__u64 tail;		/* offset 128 */
	__u8 pad2[56];
};

struct pjl_rec_hdr {
	__u32 len;
	__u32 csum;
	__u64 seq;
};

struct pjl_rec {
	struct pjl_rec_hdr hdr;
	__u8 data[PJL_REC_DATA];
};

struct pjl_dma_desc {
	__u64 src;
	__u64 dst;
	__u32 len;
	__u32 flags;
};

struct pjl_dev {
	struct device *dev;
	struct nd_region *region;
	struct dax_device *dax_dev;
	void *base;			/* devm_memremap(ARCH_MEMREMAP_PMEM) */
	struct pjl_super *sb;		/* first page of base */
	struct pjl_rec *recs;		/* second page on */
	unsigned int nr_recs;
	void *log;			/* after the records */
	size_t log_size;
	struct pjl_dma_desc *descs;	/* kmalloc()ed, read by the DMA engine */
	size_t size;
};

void pjl_trace_commit(struct pjl_dev *pj, u64 seq);	/* pjl_trace.c, another file */

int pjl_probe(struct pjl_dev *pj, struct resource *res, unsigned int nr_recs)
{
	size_t recs_size = nr_recs * sizeof(struct pjl_rec);

	pj->size = resource_size(res);
	if (PAGE_SIZE + recs_size >= pj->size)
		return -EINVAL;
	pj->base = devm_memremap(pj->dev, res->start, pj->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(pj->base))
		return PTR_ERR(pj->base);
	pj->sb = pj->base;
	pj->recs = pj->base + PAGE_SIZE;
	pj->nr_recs = nr_recs;
	pj->log = pj->base + PAGE_SIZE + recs_size;
	pj->log_size = pj->size - PAGE_SIZE - recs_size;
	pj->descs = kmalloc_array(PJL_NR_DESCS, sizeof(struct pjl_dma_desc), GFP_KERNEL);
	if (!pj->descs)
		return -ENOMEM;
	return 0;
}

/* ==== records ======================================================================= */

int pjl_write_rec(struct pjl_dev *pj, unsigned int i, const void *buf, size_t len)
{
	struct pjl_rec *r;

	if (i >= pj->nr_recs || len > PJL_REC_DATA)
		return -EINVAL;
	r = &pj->recs[i];
	memcpy_flushcache(r->data, buf, len); /* LABEL: id=pjl-rec-flushcache expect=none class=ordering reason="writethrough copy into a record of the ARCH_MEMREMAP_PMEM mapping, fenced below" */
	arch_wb_cache_pmem(r->data, len); /* LABEL: id=pjl-rec-wb-after-flushcache expect=copyintent-redundant-flush class=ordering reason="memcpy_flushcache() of exactly [r->data, r->data + len) left no line dirty and nothing ran since: the clwb loop writes back clean lines" */
	wmb(); /* LABEL: id=pjl-rec-wmb expect=none class=ordering reason="the copy's non-temporal stores and write-backs are in flight: this is their fence" */
	wmb(); /* LABEL: id=pjl-rec-wmb-again expect=copyintent-redundant-flush class=ordering reason="wmb(); wmb(): the first sfence already waited for everything, nothing in between" */
	return 0;
}

/* the write-back and fence of the old memcpy() path stayed after the switch */
int pjl_commit_rec(struct pjl_dev *pj, unsigned int i, const void *buf, size_t len)
{
	struct pjl_rec *r;

	if (i >= pj->nr_recs || len > PJL_REC_DATA)
		return -EINVAL;
	r = &pj->recs[i];
	memcpy_flushcache(r->data, buf, len); /* LABEL: id=pjl-commit-flushcache expect=none class=ordering reason="writethrough copy into the record, fenced on the next line" */
	wmb(); /* LABEL: id=pjl-commit-wmb expect=none class=ordering reason="fences the copy's non-temporal stores" */
	arch_wb_cache_pmem(r->data, len); /* LABEL: id=pjl-commit-wb-after-fence expect=copyintent-redundant-flush class=ordering reason="the same range memcpy_flushcache() wrote back; only a fence since, which dirties nothing" */
	wmb(); /* LABEL: id=pjl-commit-wmb-again expect=copyintent-redundant-flush class=ordering reason="since the last wmb() only a redundant write-back (above): nothing new to wait for" */
	return 0;
}

/* the header goes with a writethrough copy; returns the next sequence number */
u64 pjl_append_hdr(struct pjl_dev *pj, unsigned int i, const struct pjl_rec_hdr *h)
{
	u64 next;

	memcpy_flushcache(&pj->recs[i].hdr, h, sizeof(*h)); /* LABEL: id=pjl-hdr-flushcache expect=none class=ordering reason="writethrough copy into the record header, fenced on the next line" */
	wmb(); /* LABEL: id=pjl-hdr-wmb expect=none class=ordering reason="fences the copy's non-temporal stores" */
	next = h->seq + 1;
	next &= PJL_SEQ_MASK;
	pmem_wmb(); /* LABEL: id=pjl-hdr-pmem-wmb-after-wmb expect=copyintent-redundant-flush class=ordering reason="the wmb() above already drained; only arithmetic on the local 'next' since" */
	return next;
}

/* a record moved within the journal (compaction) or filled from the caller */
int pjl_put(struct pjl_dev *pj, unsigned int i, const void *src, size_t len, bool from_log)
{
	void *dst;

	if (i >= pj->nr_recs || len > PJL_REC_DATA)
		return -EINVAL;
	dst = pj->recs[i].data;
	if (from_log) {
		memmove(dst, src, len); /* LABEL: id=pjl-put-memmove expect=none class=ordering reason="plain move into the record, written back by arch_wb_cache_pmem(dst, len) on the next line, fenced after the join" */
		arch_wb_cache_pmem(dst, len); /* LABEL: id=pjl-put-wb-then expect=none class=ordering reason="the memmove just before dirtied the range" */
	} else {
		memcpy(dst, src, len); /* LABEL: id=pjl-put-memcpy expect=none class=ordering reason="plain copy into the record, written back on the next line, fenced after the join" */
		arch_wb_cache_pmem(dst, len); /* LABEL: id=pjl-put-wb-else expect=none class=ordering reason="the memcpy just before dirtied the range" */
	}
	arch_wb_cache_pmem(dst, len); /* LABEL: id=pjl-put-wb-after-join expect=copyintent-redundant-flush class=ordering reason="both branches wrote back exactly [dst, dst + len) and nothing ran since the join" */
	wmb(); /* LABEL: id=pjl-put-wmb expect=none class=ordering reason="the branches' write-backs are in flight: needed" */
	return 0;
}

/* returns the record's checksum for the caller's in-core index */
u32 pjl_put_csum(struct pjl_dev *pj, unsigned int i, const u8 *buf, size_t len)
{
	struct pjl_rec *r;
	u32 csum = 0;
	size_t k;

	if (i >= pj->nr_recs || len > PJL_REC_DATA)
		return 0;
	r = &pj->recs[i];
	memcpy(r->data, buf, len); /* LABEL: id=pjl-csum-memcpy expect=none class=ordering reason="written back by the final arch_wb_cache_pmem(r->data, len) on every path, then wmb()" */
	if (len >= PJL_WB_EARLY)
		arch_wb_cache_pmem(r->data, len); /* LABEL: id=pjl-csum-wb-early expect=none class=ordering reason="the memcpy just before dirtied the range" */
	for (k = 0; k < len; k++)
		csum = (csum << 1 | csum >> 31) ^ buf[k];
	arch_wb_cache_pmem(r->data, len); /* LABEL: id=pjl-csum-wb expect=none class=ordering reason="on the short-record path (len < PJL_WB_EARLY) nothing wrote the data back: needed there" */
	wmb(); /* LABEL: id=pjl-csum-wmb expect=none class=ordering reason="write-backs in flight: needed" */
	return csum;
}

/* the caller wrote the data; seal the header, then write back the whole record */
void pjl_seal_rec(struct pjl_dev *pj, unsigned int i, u32 csum)
{
	struct pjl_rec *r = &pj->recs[i];

	r->hdr.csum = csum;
	arch_wb_cache_pmem(&r->hdr, sizeof(r->hdr)); /* LABEL: id=pjl-seal-wb-hdr expect=none class=ordering reason="the csum store just before dirtied the header" */
	arch_wb_cache_pmem(r, sizeof(*r)); /* LABEL: id=pjl-seal-wb-larger expect=none class=ordering reason="a larger range than the header written back before it: the data the caller wrote is not written back yet" */
}

/* ==== superblock ==================================================================== */

void pjl_sb_init(struct pjl_dev *pj)
{
	struct pjl_super *sb = pj->sb;

	sb->magic = PJL_MAGIC;
	sb->seq = 1;
	sb->head = 0;
	sb->tail = 0;
	sb->state = 0;
	arch_wb_cache_pmem(sb, sizeof(*sb)); /* LABEL: id=pjl-sb-wb-all expect=none class=ordering reason="the stores just before dirtied the superblock" */
	arch_wb_cache_pmem(&sb->seq, sizeof(sb->seq)); /* LABEL: id=pjl-sb-wb-seq expect=copyintent-redundant-flush class=ordering reason="sb->seq is a constant-offset, constant-size part of the superblock written back on the line before, nothing in between" */
	wmb(); /* LABEL: id=pjl-sb-init-wmb expect=none class=ordering reason="the write-back of the superblock is in flight: needed" */
}

void pjl_sb_set_state(struct pjl_dev *pj, u32 state)
{
	struct pjl_super *sb = pj->sb;

	sb->seq++;
	arch_wb_cache_pmem(sb, sizeof(*sb)); /* LABEL: id=pjl-state-wb-1 expect=none class=ordering reason="the seq store just before dirtied the superblock" */
	sb->state = state;
	arch_wb_cache_pmem(sb, sizeof(*sb)); /* LABEL: id=pjl-state-wb-2 expect=none class=ordering reason="same range as the write-back above, but the state store in between dirtied it again" */
	wmb(); /* LABEL: id=pjl-state-wmb expect=none class=ordering reason="write-backs in flight: needed" */
}

/* the block layer's half moved head and tail; write both back in order */
void pjl_sync_head_tail(struct pjl_dev *pj)
{
	arch_wb_cache_pmem(&pj->sb->head, sizeof(pj->sb->head)); /* LABEL: id=pjl-ht-wb-head expect=none class=ordering reason="first write-back in the function; the callers dirtied the field" */
	wmb(); /* LABEL: id=pjl-ht-wmb-head expect=none class=ordering reason="the head's write-back is in flight" */
	arch_wb_cache_pmem(&pj->sb->tail, sizeof(pj->sb->tail)); /* LABEL: id=pjl-ht-wb-tail expect=none class=ordering reason="another field, on another cache line (tail, offset 128), than the head written back before: not covered" */
	wmb(); /* LABEL: id=pjl-ht-wmb-tail expect=none class=ordering reason="a write-back of something else (the tail) since the last wmb(): there is something to wait for" */
}

/* ==== log area ====================================================================== */

void pjl_zero_log(struct pjl_dev *pj)
{
	void *end = pj->log + pj->log_size;
	void *p;

	memset(pj->log, 0, pj->log_size);
	for (p = pj->log; p < end; p += PAGE_SIZE)
		arch_wb_cache_pmem(p, PAGE_SIZE); /* LABEL: id=pjl-zero-wb-loop expect=none class=ordering reason="p advances by a page each iteration: each call writes back another page" */
	wmb(); /* LABEL: id=pjl-zero-wmb expect=none class=ordering reason="the write-backs of the loop are in flight (and on the empty-log path the fence is reached from the start of the function)" */
}

/* REQ_PREFLUSH: everything written before is made durable */
int pjl_flush(struct pjl_dev *pj)
{
	wmb(); /* LABEL: id=pjl-flush-wmb-entry expect=none class=ordering reason="reached from the start of the function: the callers' memcpy_flushcache() stores may be pending" */
	pjl_trace_commit(pj, pj->sb->seq);
	wmb(); /* LABEL: id=pjl-flush-wmb-after-call expect=none class=ordering reason="pjl_trace_commit() is defined in another file and may write its own pmem trace with flushcache copies: something may be left to wait for" */
	return nvdimm_flush(pj->region, NULL); /* LABEL: id=pjl-flush-nvdimm expect=none class=ordering reason="nvdimm_flush() after wmb(): it also flushes the DIMMs' write-pending queues, more than a CPU fence, never reported" */
}

/* the sequence number with one movnti, after records the caller wrote back */
void pjl_stamp_seq(struct pjl_dev *pj, u64 seq)
{
	wmb(); /* LABEL: id=pjl-stamp-wmb-entry expect=none class=ordering reason="reached from the start of the function: orders the caller's write-backs before the stamp" */
	asm volatile("movnti %1, %0" : "=m"(pj->sb->seq) : "r"(seq));
	wmb(); /* LABEL: id=pjl-stamp-wmb-after-nt expect=none class=ordering reason="the movnti since the last fence is weakly ordered and not yet drained: needed" */
}

/* ==== DAX pages ===================================================================== */

ssize_t pjl_dax_write(struct pjl_dev *pj, pgoff_t pgoff, const void *buf, size_t len)
{
	void *kaddr;
	long avail;

	if (len > PAGE_SIZE)
		return -EINVAL;
	avail = dax_direct_access(pj->dax_dev, pgoff, 1, DAX_ACCESS, &kaddr, NULL);
	if (avail < 1)
		return avail < 0 ? avail : -ENXIO;
	memcpy_flushcache(kaddr, buf, len); /* LABEL: id=pjl-dax-flushcache expect=none class=ordering reason="writethrough copy into the dax_direct_access() page, fenced below" */
	clean_cache_range(kaddr, len); /* LABEL: id=pjl-dax-clean-after-flushcache expect=copyintent-redundant-flush class=ordering reason="clean_cache_range() is the clwb loop behind arch_wb_cache_pmem(): memcpy_flushcache() of the same range left no line dirty, nothing in between" */
	wmb(); /* LABEL: id=pjl-dax-wmb expect=none class=ordering reason="the copy's non-temporal stores are in flight: needed" */
	return len;
}

/* ==== DMA descriptors (ordinary memory, for a non-snooping engine) ================= */

void pjl_dma_prep(struct pjl_dev *pj, unsigned int slot, u64 src, u64 dst, u32 len)
{
	struct pjl_dma_desc *d = &pj->descs[slot % PJL_NR_DESCS];

	d->src = src;
	d->dst = dst;
	d->len = len;
	d->flags = PJL_DESC_VALID;
	clflush(d); /* LABEL: id=pjl-dma-clflush-1 expect=none class=ordering reason="d is in a kmalloc()ed descriptor array: a clflush for device coherency, not persistent memory" */
	clflush(d); /* LABEL: id=pjl-dma-clflush-2 expect=none class=ordering reason="the same DMA descriptor again (the doorbell path's copy of the flush): wasted, but not a pmem write-back, never reported" */
}
