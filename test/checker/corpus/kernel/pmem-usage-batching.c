// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Kernel pmem code whose destinations are classified by what the code does with them
 * (issue 9, class 4: a pointer handed to arch_wb_cache_pmem() is pmem) and the
 * batching idiom (class 5): cache-avoiding copies into pmem followed by one
 * write-back that covers them all before anything is published, which is correct
 * and cheaper than writethrough per copy - and its broken variant, where the record
 * is published before the write-back.
 *
 * Era 517 (v5.17-v6.x; arch_wb_cache_pmem() from <linux/libnvdimm.h>).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/string.h>
#include <linux/uio.h>

#define SLOT_SIZE 512

struct rec_hdr {
	__u64 seq;
	__u32 len;
	__u32 csum;
};

struct plog_hdr {
	__u64 head;
	__u64 tail;
};

struct plog {
	struct plog_hdr *hdr;	/* first bytes of the namespace */
	void *base;		/* record area */
	size_t size;
};

/* ---- usage evidence: slot is never mapped here, but it is written back as pmem ---- */

size_t plog_commit_rec(void *slot, const struct rec_hdr *hdr, struct iov_iter *from,
		       size_t len)
{
	size_t n = _copy_from_iter_nocache(slot + sizeof(*hdr), len, from); /* LABEL: id=usage-wb-hdr-only expect=copyintent-nocache-needs-writethrough class=c4-usage-evidence reason="slot is passed to arch_wb_cache_pmem(), so it is pmem; only the header is written back, the nocache payload may stay dirty" */

	memcpy(slot, hdr, sizeof(*hdr)); /* LABEL: id=usage-hdr-plain expect=none class=c4-usage-evidence reason="plain header copy, written back by the arch_wb_cache_pmem() that follows" */
	arch_wb_cache_pmem(slot, sizeof(*hdr));
	return n;
}

size_t plog_commit_rec_covered(void *slot, const struct rec_hdr *hdr,
			       struct iov_iter *from, size_t len)
{
	size_t n = _copy_from_iter_nocache(slot + sizeof(*hdr), len, from); /* LABEL: id=usage-wb-covers-all expect=none class=c5-batching reason="the arch_wb_cache_pmem() and wmb() below cover header and payload before the function returns" */

	memcpy(slot, hdr, sizeof(*hdr)); /* LABEL: id=usage-covered-hdr-plain expect=none class=c5-batching reason="plain header copy inside the covered range" */
	arch_wb_cache_pmem(slot, sizeof(*hdr) + n);
	wmb();
	return n;
}

void plog_write_wt(void *slot, const void *src, size_t len)
{
	struct rec_hdr *hdr = slot;

	memcpy_flushcache(slot + sizeof(*hdr), src, len); /* LABEL: id=usage-wt-into-pmem expect=none class=c4-usage-evidence reason="slot is pmem by usage (arch_wb_cache_pmem() below): writethrough is right, not unneeded" */
	hdr->len = len;
	arch_wb_cache_pmem(hdr, sizeof(*hdr));
}

/* ---- batching with a known mapping ------------------------------------------ */

int plog_attach(struct device *dev, struct plog *log, struct resource *res)
{
	void *addr = devm_memremap(dev, res->start, resource_size(res), ARCH_MEMREMAP_PMEM);

	if (IS_ERR(addr))
		return PTR_ERR(addr);
	log->hdr = addr;
	log->base = addr + PAGE_SIZE;
	log->size = resource_size(res) - PAGE_SIZE;
	return 0;
}

size_t plog_append_batch(struct plog *log, struct iov_iter *from, unsigned int nr)
{
	size_t off = log->hdr->tail, n = 0;
	unsigned int i;

	for (i = 0; i < nr; i++)
		n += _copy_from_iter_nocache(log->base + off + (size_t)i * SLOT_SIZE, SLOT_SIZE, from); /* LABEL: id=batch-wb-then-publish expect=none class=c5-batching reason="one arch_wb_cache_pmem() covers every slot, and a wmb() orders it, before the tail is published: the batching idiom" */
	arch_wb_cache_pmem(log->base + off, (size_t)nr * SLOT_SIZE);
	wmb();
	WRITE_ONCE(log->hdr->tail, off + (size_t)nr * SLOT_SIZE);
	arch_wb_cache_pmem(&log->hdr->tail, sizeof(log->hdr->tail));
	wmb();
	return n;
}

size_t plog_append_publish_first(struct plog *log, struct iov_iter *from, unsigned int nr)
{
	size_t off = log->hdr->tail, n = 0;
	unsigned int i;

	for (i = 0; i < nr; i++)
		n += _copy_from_iter_nocache(log->base + off + (size_t)i * SLOT_SIZE, SLOT_SIZE, from); /* LABEL: id=batch-publish-before-wb expect=copyintent-nocache-needs-writethrough class=c5-batching reason="the tail is published (and written back) before the slots are: a crash in between exposes dirty, lost records" */
	WRITE_ONCE(log->hdr->tail, off + (size_t)nr * SLOT_SIZE); /* LABEL: id=batch-publish-first-tail expect=copyintent-publish-before-persist class=ordering reason="the tail is stored (WRITE_ONCE) while the nocache slots are not written back" */
	arch_wb_cache_pmem(&log->hdr->tail, sizeof(log->hdr->tail));
	wmb();
	arch_wb_cache_pmem(log->base + off, (size_t)nr * SLOT_SIZE);
	wmb();
	return n;
}
