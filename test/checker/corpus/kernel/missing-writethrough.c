// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * copyintent-missing-writethrough in kernel pmem code (v6.1 style): "pbuf", an
 * out-of-tree persistent buffer driver that maps a PMEM namespace with
 * devm_memremap(ARCH_MEMREMAP_PMEM) (a superblock page, then fixed slots), writes
 * DAX pages through dax_direct_access(), keeps a kmalloc()ed shadow of its state and
 * a firmware mailbox in ordinary RAM (memremap(MEMREMAP_WB)), and exports a log
 * put whose destination is marked COPYINTENT_PMEM. Names are invented; the shapes
 * are those of drivers/nvdimm/pmem.c, dm-writecache and out-of-tree pmem drivers.
 *
 * x86 model: a plain memcpy() leaves dirty lines; only arch_wb_cache_pmem() (clwb,
 * clean_cache_range()) or memcpy_flushcache() writes them back, and wmb() /
 * pmem_wmb() / nvdimm_flush() then make them persistent. A fence after a plain copy
 * that nothing writes back is the bug: the author fenced as if the data were durable.
 * Also reported: a static helper whose callers never write back what it copied.
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

/* The marking of copyintent/annotations.h (that header is not on a kernel include path). */
#ifndef COPYINTENT_PMEM
#if defined(__clang__)
#define COPYINTENT_PMEM __attribute__((annotate("copyintent_pmem")))
#else
#define COPYINTENT_PMEM
#endif
#endif

/*
 * [arch/x86/lib/usercopy_64.c] clwb of every line of [addr, addr + size). Static
 * there in v6.1 (arch_wb_cache_pmem() calls it); this driver's compat layer carries
 * its own copy for the kernels it supports.
 */
void clean_cache_range(void *addr, size_t size);

#define PB_SLOT_DATA	448
#define PB_WB_MIN	256	/* "small records stay cached": the bug below */

struct pb_super {
	__u64 magic;
	__u64 seq;
	__u8 uuid[16];
	char label[64];
};

struct pb_slot_hdr {
	__u32 len;
	__u32 csum;
	__u64 seq;
};

struct pb_slot {
	struct pb_slot_hdr hdr;
	__u8 data[PB_SLOT_DATA];
};

struct pb_dev {
	struct device *dev;
	struct nd_region *region;
	struct dax_device *dax_dev;
	void *base;			/* devm_memremap(ARCH_MEMREMAP_PMEM) */
	struct pb_super *sb;		/* first page of base */
	struct pb_slot *slots;		/* after it */
	unsigned int nr_slots;
	bool use_clwb;
	void *shadow;			/* kmalloc()ed copy of the slot area's state */
	void *fw_mbox;			/* memremap(MEMREMAP_WB): RAM shared with firmware */
	size_t size;
};

u32 pb_csum(const void *p, size_t n);

int pb_probe(struct pb_dev *pb, struct resource *res, struct resource *mbox)
{
	pb->size = resource_size(res);
	pb->base = devm_memremap(pb->dev, res->start, pb->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(pb->base))
		return PTR_ERR(pb->base);
	pb->sb = pb->base;
	pb->slots = pb->base + PAGE_SIZE;
	pb->nr_slots = (pb->size - PAGE_SIZE) / sizeof(struct pb_slot);
	pb->shadow = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!pb->shadow)
		return -ENOMEM;
	pb->fw_mbox = memremap(mbox->start, resource_size(mbox), MEMREMAP_WB);
	if (!pb->fw_mbox)
		return -ENOMEM;
	return 0;
}

/* ==== slot writes: plain copy, then a fence ======================================= */

/* wmb() with nothing written back */
int pb_slot_write_wmb(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-wmb-only expect=copyintent-missing-writethrough class=ordering reason="plain copy into a slot of the ARCH_MEMREMAP_PMEM mapping, never written back, then wmb() as if durable; exact fix: memcpy_flushcache() before the existing wmb()" */
	wmb();
	return 0;
}

int pb_slot_write_wb(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-wb-range expect=none class=ordering reason="arch_wb_cache_pmem() of exactly the copied range, then wmb()" */
	arch_wb_cache_pmem(s->data, len);
	wmb();
	return 0;
}

int pb_slot_write_flushcache(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy_flushcache(s->data, buf, len); /* LABEL: id=pb-flushcache expect=none class=ordering reason="memcpy_flushcache() is a writethrough copy, not a plain one; wmb() follows" */
	wmb();
	return 0;
}

/* the header is written back, the data is not */
int pb_slot_write_hdr_wb(struct pb_dev *pb, unsigned int i, const void *buf, size_t len, u64 seq)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	s->hdr.len = len;
	s->hdr.seq = seq;
	s->hdr.csum = pb_csum(buf, len);
	memcpy(s->data, buf, len); /* LABEL: id=pb-wb-hdr-only expect=copyintent-missing-writethrough class=ordering reason="arch_wb_cache_pmem(&s->hdr, ...) names another field: s->data is never written back, and wmb() follows; exact fix: memcpy_flushcache()" */
	arch_wb_cache_pmem(&s->hdr, sizeof(s->hdr));
	wmb();
	return 0;
}

int pb_slot_write_whole(struct pb_dev *pb, unsigned int i, const void *buf, size_t len, u64 seq)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	s->hdr.len = len;
	s->hdr.seq = seq;
	s->hdr.csum = pb_csum(buf, len);
	memcpy(s->data, buf, len); /* LABEL: id=pb-wb-whole-slot expect=none class=ordering reason="arch_wb_cache_pmem(s, sizeof(*s)) writes back the whole enclosing slot (data is a fixed-size array), then wmb()" */
	arch_wb_cache_pmem(s, sizeof(*s));
	wmb();
	return 0;
}

/* small records skip the write-back, not the fence */
int pb_slot_write_small(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-wb-if-large expect=copyintent-missing-writethrough class=ordering reason="when len < PB_WB_MIN the path skips arch_wb_cache_pmem() and still passes pmem_wmb(); exact fix: memcpy_flushcache() (the conditional write-back becomes redundant)" */
	if (len >= PB_WB_MIN)
		arch_wb_cache_pmem(s->data, len);
	pmem_wmb();
	return 0;
}

int pb_slot_write_either(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	if (pb->use_clwb) {
		memcpy(s->data, buf, len); /* LABEL: id=pb-either-memcpy expect=none class=ordering reason="arch_wb_cache_pmem() of the copied range on the same branch, before the common wmb()" */
		arch_wb_cache_pmem(s->data, len);
	} else {
		memcpy_flushcache(s->data, buf, len); /* LABEL: id=pb-either-flushcache expect=none class=ordering reason="writethrough copy into the slot" */
	}
	wmb();
	return 0;
}

/* ==== superblock: nvdimm_flush() is a fence plus a WPQ flush, not a write-back ===== */

int pb_set_uuid(struct pb_dev *pb, const u8 uuid[16])
{
	__builtin_memcpy(pb->sb->uuid, uuid, sizeof(pb->sb->uuid)); /* LABEL: id=pb-uuid-nvdimm-flush expect=copyintent-missing-writethrough class=ordering reason="__builtin_memcpy into the superblock, then nvdimm_flush() (wmb() + WPQ flush) with the lines still dirty in the CPU cache; exact fix: memcpy_flushcache()" */
	return nvdimm_flush(pb->region, NULL);
}

int pb_set_uuid_wb(struct pb_dev *pb, const u8 uuid[16])
{
	__builtin_memcpy(pb->sb->uuid, uuid, sizeof(pb->sb->uuid)); /* LABEL: id=pb-uuid-wb-nvdimm-flush expect=none class=ordering reason="arch_wb_cache_pmem() of the uuid field before nvdimm_flush()" */
	arch_wb_cache_pmem(pb->sb->uuid, sizeof(pb->sb->uuid));
	return nvdimm_flush(pb->region, NULL);
}

/* ==== DAX pages ==================================================================== */

ssize_t pb_dax_write(struct pb_dev *pb, loff_t pos, const void *buf, size_t len)
{
	unsigned long off = offset_in_page(pos);
	void *kaddr;
	long avail;

	if (off + len > PAGE_SIZE)
		return -EINVAL;
	avail = dax_direct_access(pb->dax_dev, pos >> PAGE_SHIFT, 1, DAX_ACCESS, &kaddr, NULL);
	if (avail < 1)
		return avail < 0 ? avail : -ENXIO;
	memcpy(kaddr + off, buf, len); /* LABEL: id=dax-nvdimm-flush expect=copyintent-missing-writethrough class=ordering reason="dax_direct_access() kaddr is pmem; nvdimm_flush() fences and flushes the WPQs but nothing wrote the CPU cache lines back; exact fix: memcpy_flushcache()" */
	nvdimm_flush(pb->region, NULL);
	return len;
}

ssize_t pb_dax_write_clean(struct pb_dev *pb, loff_t pos, const void *buf, size_t len)
{
	unsigned long off = offset_in_page(pos);
	void *kaddr;
	long avail;

	if (off + len > PAGE_SIZE)
		return -EINVAL;
	avail = dax_direct_access(pb->dax_dev, pos >> PAGE_SHIFT, 1, DAX_ACCESS, &kaddr, NULL);
	if (avail < 1)
		return avail < 0 ? avail : -ENXIO;
	memcpy(kaddr + off, buf, len); /* LABEL: id=dax-clean-then-flush expect=none class=ordering reason="clean_cache_range() of the copied range before nvdimm_flush()" */
	clean_cache_range(kaddr + off, len);
	nvdimm_flush(pb->region, NULL);
	return len;
}

/* ==== static helpers: callers that do and do not write back ======================= */

/* both callers fence after it; neither writes back */
static void pb_fill(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len); /* LABEL: id=pb-static-fill expect=copyintent-missing-writethrough class=ordering reason="static helper, dst is its parameter; its only callers (pb_commit_slot, pb_set_label) pass slot data / the superblock label and only fence (wmb(), nvdimm_flush()) after the call; exact fix: memcpy_flushcache() in the helper" */
}

int pb_commit_slot(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	pb_fill(pb->slots[i].data, buf, len);
	wmb();
	return 0;
}

int pb_set_label(struct pb_dev *pb, const char *label)
{
	pb_fill(pb->sb->label, label, sizeof(pb->sb->label));
	return nvdimm_flush(pb->region, NULL);
}

static void pb_persist(void *p, size_t n)
{
	arch_wb_cache_pmem(p, n);
	pmem_wmb();
}

/* both callers write back what it copied */
static void pb_stage(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len); /* LABEL: id=pb-static-stage expect=none class=ordering reason="static helper whose callers (pb_commit_slot_wb, pb_set_label_wb) write the range back after the call: arch_wb_cache_pmem() + wmb(), pb_persist()" */
}

int pb_commit_slot_wb(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	pb_stage(pb->slots[i].data, buf, len);
	arch_wb_cache_pmem(pb->slots[i].data, len);
	wmb();
	return 0;
}

int pb_set_label_wb(struct pb_dev *pb, const char *label)
{
	pb_stage(pb->sb->label, label, sizeof(pb->sb->label));
	pb_persist(pb->sb->label, sizeof(pb->sb->label));
	return 0;
}

/* a helper of this file that writes back its argument */
int pb_slot_write_helper(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-helper-persist expect=none class=ordering reason="pb_persist(), a function of this file, writes back its pointer argument (the copied range) and fences" */
	pb_persist(s->data, len);
	return 0;
}

static inline void pb_barrier(void)
{
	pmem_wmb();
}

/* a helper of this file that only fences */
int pb_slot_write_barrier(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-helper-barrier expect=copyintent-missing-writethrough class=ordering reason="pb_barrier() is pmem_wmb(): a drain on the path, and nothing writes the slot back; exact fix: memcpy_flushcache()" */
	pb_barrier();
	return 0;
}

/* ==== compaction: slots move down ================================================= */

int pb_compact(struct pb_dev *pb, unsigned int dst, unsigned int src, unsigned int n)
{
	if (dst >= src || src + n > pb->nr_slots)
		return -EINVAL;
	memmove(&pb->slots[dst], &pb->slots[src], n * sizeof(struct pb_slot)); /* LABEL: id=pb-memmove-wmb expect=copyintent-missing-writethrough class=ordering reason="memmove within the pmem slot area, never written back, then wmb(); no exact fix: Linux has no memmove_flushcache() and the ranges may overlap (memmove + arch_wb_cache_pmem() is the repair)" */
	wmb();
	return 0;
}

int pb_compact_wb(struct pb_dev *pb, unsigned int dst, unsigned int src, unsigned int n)
{
	if (dst >= src || src + n > pb->nr_slots)
		return -EINVAL;
	memmove(&pb->slots[dst], &pb->slots[src], n * sizeof(struct pb_slot)); /* LABEL: id=pb-memmove-wb expect=none class=ordering reason="arch_wb_cache_pmem() of the destination slots, then wmb()" */
	arch_wb_cache_pmem(&pb->slots[dst], n * sizeof(struct pb_slot));
	wmb();
	return 0;
}

/* ==== ordinary memory, then a fence =============================================== */

int pb_shadow_update(struct pb_dev *pb, size_t off, const void *buf, size_t len)
{
	if (off + len > PAGE_SIZE)
		return -EINVAL;
	memcpy(pb->shadow + off, buf, len); /* LABEL: id=pb-kmalloc-shadow expect=none class=ordering reason="pb->shadow is kmalloc()ed: ordinary memory, the wmb() orders it for other CPUs, no write-back is due" */
	wmb();
	return 0;
}

int pb_fw_post(struct pb_dev *pb, const void *cmd, size_t len)
{
	if (len > PAGE_SIZE)
		return -EINVAL;
	memcpy(pb->fw_mbox, cmd, len); /* LABEL: id=pb-memremap-wb-ram expect=none class=ordering reason="memremap(..., MEMREMAP_WB) of the mailbox resource: ordinary RAM (MEMREMAP_WB is spelled, not ARCH_MEMREMAP_PMEM), the wmb() orders it for the firmware" */
	wmb();
	return 0;
}

/* ==== exported: the callers' business ============================================== */

/* fills a slot; the block layer half of the driver writes it back with pb_flush_slot() */
int pb_slot_fill(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(pb->slots[i].data, buf, len); /* LABEL: id=pb-exported-no-fence expect=none class=ordering reason="exported function reaching its end with no fence: its callers may write the slot back" */
	return 0;
}

void pb_flush_slot(struct pb_dev *pb, unsigned int i, size_t len)
{
	arch_wb_cache_pmem(pb->slots[i].data, len);
	wmb();
}

/* a slot that fails its checksum is left for recovery to discard */
int pb_slot_write_verified(struct pb_dev *pb, unsigned int i, const void *buf, size_t len, u32 csum)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-error-path expect=none class=ordering reason="the -EIO return skips the write-back but passes no fence in an exported function; the other path writes the range back and fences" */
	if (pb_csum(s->data, len) != csum)
		return -EIO;
	arch_wb_cache_pmem(s->data, len);
	wmb();
	return 0;
}

/* marked pmem: the log put of the filesystem half */
int pb_log_put(void *COPYINTENT_PMEM dst, const void *src, size_t len)
{
	memcpy(dst, src, len); /* LABEL: id=pb-annotated-wmb expect=copyintent-missing-writethrough class=ordering reason="dst is a COPYINTENT_PMEM parameter: pmem, never written back, and wmb() follows as if durable; exact fix: memcpy_flushcache()" */
	wmb();
	return 0;
}

/* unmarked: the transport hands in a DMA buffer or a pmem address, unknown here */
int pb_msg_put(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len); /* LABEL: id=pb-unknown-param-wmb expect=none class=ordering reason="dst is a parameter of an exported function with no marking and no write-back of it in this file: unknown memory, and wmb() after a copy into DMA memory is ordinary" */
	wmb();
	return 0;
}

/* ==== late write-back: after the fence and after the publish ====================== */

int pb_slot_commit_late(struct pb_dev *pb, unsigned int i, const void *buf, size_t len)
{
	struct pb_slot *s = &pb->slots[i];

	if (i >= pb->nr_slots || len > PB_SLOT_DATA)
		return -EINVAL;
	memcpy(s->data, buf, len); /* LABEL: id=pb-late-wb expect=none class=ordering reason="arch_wb_cache_pmem(s, sizeof(*s)) covers the data on every path, after a wmb() and after the length store: too late, but that is publish-before-persist's finding at the store" */
	wmb();
	s->hdr.len = len; /* LABEL: id=pb-late-len expect=copyintent-publish-before-persist class=ordering reason="the slot's length vouches for the data while the data is still dirty (the wmb() before it fenced nothing written back)" */
	arch_wb_cache_pmem(s, sizeof(*s));
	wmb();
	return 0;
}
