// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * copyintent-missing-writethrough on stores (issue 11's other sites) in kernel pmem
 * code (v6.1 style): "pslot", an out-of-tree slot store that maps a PMEM namespace
 * with devm_memremap(ARCH_MEMREMAP_PMEM) (a superblock page, a block map page, then
 * fixed 512-byte slots), stamps DAX pages through dax_direct_access(), keeps its
 * statistics in kzalloc()ed memory and talks to firmware through a memremap(MEMREMAP_WB)
 * mailbox in ordinary RAM. Names are invented; the shapes are those of
 * drivers/nvdimm, dm-writecache and out-of-tree pmem drivers.
 *
 * x86 model: a store (plain, compound, ++, a struct assignment, WRITE_ONCE()) leaves a
 * dirty line; only arch_wb_cache_pmem() / clwb() / a writethrough copy writes it back,
 * and wmb() / pmem_wmb() / nvdimm_flush() then make it persistent. A fence after a store
 * to pmem that nothing writes back is the bug: the author fenced as if it were durable.
 * The look-alikes: a write-back of the field, of the enclosing header or object, of a
 * constant range holding it, a clwb() loop over the object, a helper of this file that
 * writes back its argument, a neighbouring field in the same (page-aligned) line,
 * kmalloc()ed and MEMREMAP_WB memory, unknown pointers, exported functions that leave
 * the write-back to their callers, error paths, a write-back after the fence.
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

/* The marking of copyintent/annotations.h (that header is not on a kernel include path). */
#ifndef COPYINTENT_PMEM
#if defined(__clang__)
#define COPYINTENT_PMEM __attribute__((annotate("copyintent_pmem")))
#else
#define COPYINTENT_PMEM
#endif
#endif

#define PS_MAGIC		0x70736c6f74ULL
#define PS_SLOT_DATA		496
#define PS_STATE_CLEAN		1u
#define PS_STATE_DIRTY		2u
#define PS_STATE_ERROR		3u
#define PS_SLOT_VALID		0x1u
#define PS_SLOT_DIRTY		0x2u
#define PS_MAP_ENTRIES		(PAGE_SIZE / sizeof(__u64))

/* first page of the namespace: bytes 0-63 share one cache line */
struct ps_super {
	__u64 magic;		/*   0 */
	__u64 gen;		/*   8 */
	__u64 head;		/*  16: slots [head, tail) are in use */
	__u64 tail;		/*  24 */
	__u32 state;		/*  32 */
	__u32 nr_slots;		/*  36 */
	__u8 uuid[16];		/*  40 */
	char label[72];		/*  56 */
	__u64 mounts;		/* 128 */
	__u64 errors;		/* 136: media errors seen, reported at mount */
	__u64 scrubs;		/* 144 */
	__u64 writes;		/* 152 */
};

struct ps_slot_hdr {
	__u32 len;
	__u32 flags;
	__u64 seq;
};

struct ps_slot {		/* 512 bytes, 512-aligned */
	struct ps_slot_hdr hdr;
	__u8 data[PS_SLOT_DATA];
};

struct ps_stats {
	u64 writes;
	u64 kicks;
};

struct ps_dev {
	struct device *dev;
	struct nd_region *region;
	struct dax_device *dax_dev;
	void *base;			/* devm_memremap(ARCH_MEMREMAP_PMEM) */
	struct ps_super *sb;		/* page 0 */
	__u64 *map;			/* page 1: slot -> backing block */
	struct ps_slot *slots;		/* from page 2 */
	unsigned int nr_slots;
	bool flush_hdrs;		/* module parameter */
	struct ps_stats *stats;		/* kzalloc()ed */
	u32 *fw_mbox;			/* memremap(MEMREMAP_WB): RAM shared with firmware */
	size_t size;
};

u32 ps_csum(const void *p, size_t n);

int ps_probe(struct ps_dev *pd, struct resource *res, struct resource *mbox)
{
	pd->size = resource_size(res);
	pd->base = devm_memremap(pd->dev, res->start, pd->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(pd->base))
		return PTR_ERR(pd->base);
	pd->sb = pd->base;
	pd->map = pd->base + PAGE_SIZE;
	pd->slots = pd->base + 2 * PAGE_SIZE;
	pd->nr_slots = (pd->size - 2 * PAGE_SIZE) / sizeof(struct ps_slot);
	pd->stats = kzalloc(sizeof(*pd->stats), GFP_KERNEL);
	if (!pd->stats)
		return -ENOMEM;
	pd->fw_mbox = memremap(mbox->start, resource_size(mbox), MEMREMAP_WB);
	if (!pd->fw_mbox)
		return -ENOMEM;
	return 0;
}

/* ==== superblock =================================================================== */

/* the generation is fenced, never written back */
void ps_set_gen(struct ps_dev *pd, u64 gen)
{
	pd->sb->gen = gen; /* LABEL: id=ps-gen-wmb expect=copyintent-missing-writethrough class=ordering reason="superblock field of the ARCH_MEMREMAP_PMEM mapping stored, then wmb() as if durable; nothing writes the line back (fix: arch_wb_cache_pmem(&pd->sb->gen, ...) before the wmb())" */
	wmb();
}

/* the hot first line is written back; the mount count lives two lines further */
int ps_mount(struct ps_dev *pd)
{
	struct ps_super *sb = pd->sb;

	if (sb->magic != PS_MAGIC)
		return -EINVAL;
	WRITE_ONCE(sb->state, PS_STATE_DIRTY); /* LABEL: id=ps-mount-state expect=none class=ordering reason="state (offset 32) lies inside arch_wb_cache_pmem(sb, 64), a constant range from the superblock's start" */
	sb->mounts++; /* LABEL: id=ps-mount-count expect=copyintent-missing-writethrough class=ordering reason="mounts is at offset 128: the constant range [0, 64) of arch_wb_cache_pmem(sb, 64) ends before it, yet wmb() follows" */
	arch_wb_cache_pmem(sb, 64);
	wmb();
	return 0;
}

/* the error count is reported at the next mount; only the state is written back */
void ps_note_error(struct ps_dev *pd)
{
	WRITE_ONCE(pd->sb->state, PS_STATE_ERROR); /* LABEL: id=ps-error-state expect=none class=ordering reason="arch_wb_cache_pmem(&pd->sb->state, ...) of this field, then wmb()" */
	pd->sb->errors++; /* LABEL: id=ps-error-count expect=copyintent-missing-writethrough class=ordering reason="errors (offset 136) is more than a cache line from the written-back state (offset 32): never written back, and wmb() follows" */
	arch_wb_cache_pmem(&pd->sb->state, sizeof(pd->sb->state));
	wmb();
}

/* head and tail share the superblock's first line */
int ps_advance(struct ps_dev *pd, u64 head, u64 tail)
{
	if (head > tail || tail > pd->nr_slots)
		return -EINVAL;
	pd->sb->head = head; /* LABEL: id=ps-advance-head expect=none class=ordering reason="head (offset 16) is in the same line as tail (offset 24) of the page-aligned superblock: the write-back of tail covers it" */
	WRITE_ONCE(pd->sb->tail, tail); /* LABEL: id=ps-advance-tail expect=none class=ordering reason="arch_wb_cache_pmem() of exactly this field, then wmb()" */
	arch_wb_cache_pmem(&pd->sb->tail, sizeof(pd->sb->tail));
	wmb();
	return 0;
}

/* static helper: its only caller fences, nothing writes the state back */
static void ps_set_state(struct ps_super *sb, u32 state)
{
	WRITE_ONCE(sb->state, state); /* LABEL: id=ps-static-state expect=copyintent-missing-writethrough class=ordering reason="static helper storing through its parameter; ps_unmount() passes pd->sb and only wmb()s after the call" */
}

int ps_unmount(struct ps_dev *pd)
{
	ps_set_state(pd->sb, PS_STATE_CLEAN);
	wmb();
	return 0;
}

/* static helper: its only caller writes the field back after it */
static void ps_bump_gen(struct ps_super *sb)
{
	sb->gen++; /* LABEL: id=ps-static-gen expect=none class=ordering reason="static helper whose only caller (ps_new_generation) writes pd->sb->gen back and fences after the call" */
}

int ps_new_generation(struct ps_dev *pd)
{
	ps_bump_gen(pd->sb);
	arch_wb_cache_pmem(&pd->sb->gen, sizeof(pd->sb->gen));
	wmb();
	return 0;
}

/* the scrub count is written back after the slot's fence, on every path */
int ps_scrub_slot(struct ps_dev *pd, unsigned int i, const void *buf, size_t len)
{
	struct ps_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots || len > PS_SLOT_DATA)
		return -EINVAL;
	pd->sb->scrubs++; /* LABEL: id=ps-scrub-late-wb expect=none class=ordering reason="a wmb() comes first, but arch_wb_cache_pmem() of the same field and a second wmb() follow on the only path: written back" */
	memcpy_flushcache(s->data, buf, len); /* LABEL: id=ps-scrub-copy expect=none class=ordering reason="writethrough copy into the slot, fenced by the wmb()" */
	wmb();
	arch_wb_cache_pmem(&pd->sb->scrubs, sizeof(pd->sb->scrubs));
	wmb();
	return 0;
}

/* ==== slots ======================================================================== */

int ps_slot_write(struct ps_dev *pd, unsigned int i, const void *buf, size_t len, u64 seq)
{
	struct ps_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots || len > PS_SLOT_DATA)
		return -EINVAL;
	memcpy_flushcache(s->data, buf, len); /* LABEL: id=ps-write-copy expect=none class=ordering reason="writethrough copy, fenced before the header is stored" */
	wmb();
	s->hdr.len = len; /* LABEL: id=ps-write-len expect=none class=ordering reason="arch_wb_cache_pmem(&s->hdr, sizeof(s->hdr)) writes back the enclosing header, then wmb()" */
	s->hdr.seq = seq; /* LABEL: id=ps-write-seq expect=none class=ordering reason="same header write-back" */
	arch_wb_cache_pmem(&s->hdr, sizeof(s->hdr));
	wmb();
	pd->stats->writes++; /* LABEL: id=ps-write-stats expect=none class=ordering reason="pd->stats is kzalloc()ed: ordinary memory" */
	return 0;
}

/* the slot is persisted; the superblock's write count is not */
int ps_slot_write_counted(struct ps_dev *pd, unsigned int i, const void *buf, size_t len)
{
	struct ps_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots || len > PS_SLOT_DATA)
		return -EINVAL;
	pd->sb->writes++; /* LABEL: id=ps-counted-writes expect=copyintent-missing-writethrough class=ordering reason="counter in the superblock (another object, another page); the write-back (memcpy_flushcache) and the wmb() are the slot's: the count is fenced but never written back" */
	memcpy_flushcache(s->data, buf, len); /* LABEL: id=ps-counted-copy expect=none class=ordering reason="writethrough copy into the slot, fenced by the wmb()" */
	wmb();
	return 0;
}

/* builds the header on the stack and stores it whole */
int ps_slot_set_hdr(struct ps_dev *pd, unsigned int i, u32 len, u64 seq)
{
	struct ps_slot_hdr h = { .len = len, .flags = PS_SLOT_VALID, .seq = seq };
	struct ps_slot_hdr *hp;

	if (i >= pd->nr_slots || len > PS_SLOT_DATA)
		return -EINVAL;
	hp = &pd->slots[i].hdr;
	*hp = h; /* LABEL: id=ps-hdr-struct-wmb expect=copyintent-missing-writethrough class=ordering reason="struct assignment into a slot header of the pmem mapping, never written back, then pmem_wmb() as if durable" */
	pmem_wmb();
	return 0;
}

/* the header is written back only when the module parameter says so */
int ps_slot_mark_dirty(struct ps_dev *pd, unsigned int i)
{
	struct ps_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->hdr.flags |= PS_SLOT_DIRTY; /* LABEL: id=ps-dirty-if-flush expect=copyintent-missing-writethrough class=ordering reason="when pd->flush_hdrs is false the path skips arch_wb_cache_pmem() and still passes wmb()" */
	if (pd->flush_hdrs)
		arch_wb_cache_pmem(&s->hdr, sizeof(s->hdr));
	wmb();
	return 0;
}

static void ps_persist(void *p, size_t n)
{
	arch_wb_cache_pmem(p, n);
	pmem_wmb();
}

int ps_slot_set_seq(struct ps_dev *pd, unsigned int i, u64 seq)
{
	struct ps_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->hdr.seq = seq; /* LABEL: id=ps-seq-helper expect=none class=ordering reason="ps_persist(), a function of this file, writes back its pointer argument (&s->hdr, the enclosing header) and fences" */
	ps_persist(&s->hdr, sizeof(s->hdr));
	return 0;
}

/* clears a slot and writes back every line of it */
int ps_slot_clear(struct ps_dev *pd, unsigned int i)
{
	struct ps_slot *s = &pd->slots[i];
	unsigned long p;

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->hdr.len = 0; /* LABEL: id=ps-clear-len expect=none class=ordering reason="the clwb() loop walks every line of *s, then wmb()" */
	s->hdr.flags = 0; /* LABEL: id=ps-clear-flags expect=none class=ordering reason="same slot, covered by the clwb() loop" */
	memset(s->data, 0, sizeof(s->data)); /* LABEL: id=ps-clear-memset expect=none class=ordering reason="memset into the slot, covered by the clwb() loop over the whole object" */
	for (p = (unsigned long)s & ~(unsigned long)(L1_CACHE_BYTES - 1);
	     p < (unsigned long)s + sizeof(*s); p += L1_CACHE_BYTES)
		clwb((void *)p);
	wmb();
	return 0;
}

/* fills a slot header; the block layer half writes it back with ps_flush_slot() */
void ps_slot_set_flags(struct ps_dev *pd, unsigned int i, u32 flags)
{
	pd->slots[i].hdr.flags = flags; /* LABEL: id=ps-exported-no-fence expect=none class=ordering reason="exported function that ends without a fence: its callers may write the header back" */
}

void ps_flush_slot(struct ps_dev *pd, unsigned int i)
{
	arch_wb_cache_pmem(&pd->slots[i].hdr, sizeof(pd->slots[i].hdr));
	wmb();
}

/* a slot that fails its checksum is left for recovery to discard */
int ps_slot_commit(struct ps_dev *pd, unsigned int i, u64 seq, u32 csum)
{
	struct ps_slot *s = &pd->slots[i];

	if (i >= pd->nr_slots)
		return -EINVAL;
	s->hdr.seq = seq; /* LABEL: id=ps-commit-error-path expect=none class=ordering reason="the -EIO return passes no fence in an exported function; the other path writes the header back and fences" */
	if (ps_csum(s->data, s->hdr.len) != csum)
		return -EIO;
	arch_wb_cache_pmem(&s->hdr, sizeof(s->hdr));
	wmb();
	return 0;
}

/* ==== block map: array element stores ============================================= */

int ps_map_set(struct ps_dev *pd, unsigned int slot, u64 blk)
{
	if (slot >= PS_MAP_ENTRIES)
		return -EINVAL;
	pd->map[slot] = blk; /* LABEL: id=ps-map-wmb expect=copyintent-missing-writethrough class=ordering reason="array element of the pmem block map stored, then wmb() with nothing written back" */
	wmb();
	return 0;
}

int ps_map_set_range(struct ps_dev *pd, unsigned int first, unsigned int n, u64 blk)
{
	unsigned int j;

	if (first + n > PS_MAP_ENTRIES)
		return -EINVAL;
	for (j = 0; j < n; j++)
		pd->map[first + j] = blk + j; /* LABEL: id=ps-map-range-wb expect=none class=ordering reason="arch_wb_cache_pmem(&pd->map[first], n * sizeof(pd->map[0])) writes back exactly the entries the loop stored, then wmb()" */
	arch_wb_cache_pmem(&pd->map[first], n * sizeof(pd->map[0]));
	wmb();
	return 0;
}

/* ==== DAX pages, markings, unknown and ordinary memory ============================= */

/* nvdimm_flush() is a fence plus a WPQ flush, not a CPU write-back */
int ps_dax_stamp(struct ps_dev *pd, pgoff_t pgoff, u64 seq)
{
	struct ps_slot_hdr *h;
	void *kaddr;
	long avail;

	avail = dax_direct_access(pd->dax_dev, pgoff, 1, DAX_ACCESS, &kaddr, NULL);
	if (avail < 1)
		return avail < 0 ? avail : -ENXIO;
	h = kaddr;
	h->seq = seq; /* LABEL: id=ps-dax-nvdimm-flush expect=copyintent-missing-writethrough class=ordering reason="dax_direct_access() kaddr is pmem; nvdimm_flush() fences and flushes the WPQs but the CPU line holding seq was never written back" */
	return nvdimm_flush(pd->region, NULL);
}

int ps_dax_stamp_wb(struct ps_dev *pd, pgoff_t pgoff, u64 seq)
{
	struct ps_slot_hdr *h;
	void *kaddr;
	long avail;

	avail = dax_direct_access(pd->dax_dev, pgoff, 1, DAX_ACCESS, &kaddr, NULL);
	if (avail < 1)
		return avail < 0 ? avail : -ENXIO;
	h = kaddr;
	h->seq = seq; /* LABEL: id=ps-dax-wb-nvdimm-flush expect=none class=ordering reason="arch_wb_cache_pmem(h, sizeof(*h)) writes back the enclosing header before nvdimm_flush()" */
	arch_wb_cache_pmem(h, sizeof(*h));
	return nvdimm_flush(pd->region, NULL);
}

/* marked pmem: the filesystem half hands in its log record headers */
int ps_log_set_flags(struct ps_slot_hdr *COPYINTENT_PMEM h, u32 flags)
{
	h->flags = flags; /* LABEL: id=ps-annotated-wmb expect=copyintent-missing-writethrough class=ordering reason="h is a COPYINTENT_PMEM parameter: a store into pmem, never written back, then wmb() as if durable" */
	wmb();
	return 0;
}

/* unmarked: the transport hands in a DMA descriptor or a pmem header, unknown here */
int ps_msg_set_len(struct ps_slot_hdr *h, u32 len)
{
	h->len = len; /* LABEL: id=ps-unknown-param-wmb expect=none class=ordering reason="h is a parameter of an exported function with no marking and no write-back of it in this file: unknown memory; wmb() after a store into a DMA descriptor is ordinary" */
	wmb();
	return 0;
}

int ps_fw_kick(struct ps_dev *pd, u32 cmd)
{
	WRITE_ONCE(pd->fw_mbox[0], cmd); /* LABEL: id=ps-mbox-ram expect=none class=ordering reason="memremap(..., MEMREMAP_WB) of the mailbox resource is ordinary RAM; the wmb() orders it for the firmware" */
	wmb();
	pd->stats->kicks++; /* LABEL: id=ps-kick-stats expect=none class=ordering reason="kzalloc()ed statistics: ordinary memory" */
	return 0;
}
