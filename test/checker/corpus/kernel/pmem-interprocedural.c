// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Persistent memory that reaches a copy only through a function boundary (issue 9,
 * class 1), in the shapes of v6.1 drivers: drivers/nvdimm/pmem.c and claim.c (which
 * are right: writethrough copies), drivers/md/dm-writecache.c (the DAX mapping
 * written straight into a struct field by dax_direct_access(), read back through
 * sb() / memory_data()), and "pjournal", a character device that keeps a journal on
 * a PMEM namespace, written the way out-of-tree pmem drivers are written: static
 * helpers, a global mapping, an ops table.
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/dax.h>
#include <linux/device.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/nd.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/corpus-compat.h>

/* ---- drivers/nvdimm/pmem.c (v6.1): right as they are ----------------------- */

struct pmem_device {
	phys_addr_t phys_addr;
	phys_addr_t data_offset;
	void *virt_addr;
	size_t size;
	struct dax_device *dax_dev;
};

static void write_pmem(void *pmem_addr, struct page *page, unsigned int off,
		       unsigned int len)
{
	void *mem = kmap_atomic(page);

	memcpy_flushcache(pmem_addr, mem + off, len); /* LABEL: id=pmem-write-pmem expect=none class=c1-interprocedural reason="writethrough copy into pmem->virt_addr + offset passed by pmem_do_write(): right as it is" */
	kunmap_atomic(mem);
}

void pmem_do_write(struct pmem_device *pmem, struct page *page, unsigned int page_off,
		   sector_t sector, unsigned int len)
{
	phys_addr_t pmem_off = sector * 512 + pmem->data_offset;

	write_pmem(pmem->virt_addr + pmem_off, page, page_off, len);
}

static size_t pmem_recovery_write(struct dax_device *dax_dev, pgoff_t pgoff, void *addr,
				  size_t bytes, struct iov_iter *i)
{
	return _copy_from_iter_flushcache(addr, bytes, i); /* LABEL: id=pmem-recovery-write expect=none class=direct reason="->recovery_write writes through into the DAX kernel mapping: right" */
}

static const struct dax_operations pmem_dax_ops = {
	.recovery_write = pmem_recovery_write,
};

int pmem_attach_disk(struct device *dev, struct pmem_device *pmem, struct resource *res)
{
	pmem->size = resource_size(res);
	pmem->virt_addr = devm_memremap(dev, res->start, pmem->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(pmem->virt_addr))
		return PTR_ERR(pmem->virt_addr);
	pmem->dax_dev = alloc_dax(pmem, &pmem_dax_ops);
	set_dax_nocache(pmem->dax_dev);
	return 0;
}

/* ---- drivers/nvdimm/claim.c (v6.1) ------------------------------------------ */

int devm_nsio_enable(struct device *dev, struct nd_namespace_io *nsio,
		     resource_size_t size)
{
	nsio->size = size;
	nsio->addr = devm_memremap(dev, nsio->res.start, size, ARCH_MEMREMAP_PMEM);
	return IS_ERR(nsio->addr) ? PTR_ERR(nsio->addr) : 0;
}

int nsio_rw_bytes(struct nd_namespace_common *ndns, resource_size_t offset, void *buf,
		  size_t size, int rw)
{
	struct nd_namespace_io *nsio = to_nd_namespace_io(&ndns->dev);

	if (unlikely(offset + size > nsio->size))
		return -EFAULT;
	if (rw == READ)
		return copy_mc_to_kernel(buf, nsio->addr + offset, size) ? -EIO : 0;
	memcpy_flushcache(nsio->addr + offset, buf, size); /* LABEL: id=nsio-rw-bytes-flushcache expect=none class=direct reason="v4.13's fix of the seed site: writethrough into the namespace mapping" */
	return nvdimm_flush(to_nd_region(ndns->dev.parent), NULL);
}

/* A later "fast path" someone added beside it, with the cache-avoiding iter copy. */
size_t nsio_write_iter(struct nd_namespace_common *ndns, resource_size_t offset,
		       size_t size, struct iov_iter *from)
{
	struct nd_namespace_io *nsio = to_nd_namespace_io(&ndns->dev);

	return _copy_from_iter_nocache(nsio->addr + offset, size, from); /* LABEL: id=nsio-write-iter-nocache expect=copyintent-nocache-needs-writethrough class=direct reason="nsio->addr is assigned the ARCH_MEMREMAP_PMEM mapping in devm_nsio_enable(); nocache leaves lines dirty" */
}

/* ---- drivers/md/dm-writecache.c (v6.1 shape) -------------------------------- */

struct wc_memory_superblock {
	__u32 magic;
	__u32 version;
	__u32 block_size;
	__u32 pad;
	__u64 n_blocks;
	__u64 seq_count;
};

struct wc_entry {
	unsigned long index;
	__u64 original_sector;
};

struct dm_writecache {
	struct dax_device *dax_dev;
	void *memory_map;
	size_t memory_map_size;
	void *block_start;
	unsigned char block_size_bits;
	bool pmem_mode;
	__u64 seq_count;
};

static struct wc_memory_superblock *sb(struct dm_writecache *wc)
{
	return wc->memory_map;
}

static void *memory_data(struct dm_writecache *wc, struct wc_entry *e)
{
	return (char *)wc->block_start + (e->index << wc->block_size_bits);
}

static int persistent_memory_claim(struct dm_writecache *wc)
{
	long p, da;
	pfn_t pfn;

	p = wc->memory_map_size >> PAGE_SHIFT;
	da = dax_direct_access(wc->dax_dev, 0, p, DAX_ACCESS, &wc->memory_map, &pfn);
	if (da < 0)
		return da;
	if (da != p)
		return -ENXIO;
	wc->block_start = (char *)sb(wc) + sizeof(struct wc_memory_superblock);
	return 0;
}

int writecache_alloc_map(struct dm_writecache *wc)
{
	if (wc->pmem_mode)
		return persistent_memory_claim(wc);
	/* SSD mode: the metadata lives in RAM and is written to the SSD with dm-io */
	wc->memory_map = vmalloc(wc->memory_map_size);
	return wc->memory_map ? 0 : -ENOMEM;
}

static void memcpy_flushcache_optimized(void *dest, void *source, size_t size)
{
	memcpy_flushcache(dest, source, size); /* LABEL: id=dmwc-memcpy-flushcache-optimized expect=none class=c1-interprocedural reason="dest is memory_data(): block_start in the DAX map that dax_direct_access() writes through &wc->memory_map (vmalloc() only in SSD mode): writethrough is what pmem mode needs" */
}

void bio_copy_block(struct dm_writecache *wc, struct wc_entry *e, void *buf, size_t size)
{
	memcpy_flushcache_optimized(memory_data(wc, e), buf, size);
}

#define pmem_assign(dest, src)						\
do {									\
	typeof(dest) uniq = (src);					\
	memcpy_flushcache(&(dest), &uniq, sizeof(dest));		\
} while (0)

void writecache_commit_seq(struct dm_writecache *wc)
{
	pmem_assign(sb(wc)->seq_count, wc->seq_count); /* LABEL: id=dmwc-pmem-assign expect=none class=c1-interprocedural reason="sb(wc) is wc->memory_map: the DAX map dax_direct_access() writes through &wc->memory_map in pmem mode, vmalloc() only in SSD mode: not provably ordinary memory" */
}

/* ---- "pjournal": a journal on a PMEM namespace ------------------------------ */

#define PJ_BLOCK_SIZE 4096

struct pj_block_hdr {
	__u64 seq;
	__u32 len;
	__u32 csum;
};

struct pjournal;

struct pj_ops {
	size_t (*write)(void *dst, struct iov_iter *from, size_t len);
};

struct pjournal {
	struct device *dev;
	struct dax_device *dax_dev;
	void *base;		/* devm_memremap(ARCH_MEMREMAP_PMEM) of the namespace */
	void *blocks;		/* DAX mapping of the block area */
	void *stage;		/* kmalloc'ed staging buffer */
	void *shadow_sb;	/* kzalloc'ed shadow of the superblock */
	size_t size;
	const struct pj_ops *ops;
};

static void *pj_log;		/* the log area, a global as in many small drivers */
static size_t pj_log_head;
static struct wc_memory_superblock *pj_sb;

static void *pj_map_sb(struct device *dev, struct resource *res)
{
	return devm_memremap(dev, res->start, PAGE_SIZE, ARCH_MEMREMAP_PMEM);
}

static int pj_map_blocks(struct pjournal *pj, pgoff_t pgoff, long nr_pages)
{
	void *kaddr;
	long avail;

	avail = dax_direct_access(pj->dax_dev, pgoff, nr_pages, DAX_ACCESS, &kaddr, NULL);
	if (avail < nr_pages)
		return -ENXIO;
	pj->blocks = kaddr;
	return 0;
}

static void *pj_block(struct pjournal *pj, unsigned int idx)
{
	return pj->blocks + (size_t)idx * PJ_BLOCK_SIZE;
}

/* called with pj->base + pos only */
static ssize_t pj_copy_user(void *dst, const char __user *ubuf, size_t len)
{
	if (__copy_from_user_inatomic_nocache(dst, ubuf, len)) /* LABEL: id=pj-copy-user-param expect=copyintent-nocache-needs-writethrough class=c1-interprocedural reason="dst is parameter 1; its only caller pj_write() passes pj->base + pos, the ARCH_MEMREMAP_PMEM mapping" */
		return -EFAULT;
	return len;
}

ssize_t pj_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	struct pjournal *pj = file->private_data;

	if (*ppos + len > pj->size)
		return -EINVAL;
	return pj_copy_user(pj->base + *ppos, ubuf, len);
}

/* two helper levels: pj_fill() <- pj_fill_block() <- pj_append() */
static size_t pj_fill(void *payload, struct iov_iter *from, size_t len)
{
	return _copy_from_iter_nocache(payload, len, from); /* LABEL: id=pj-fill-two-levels expect=copyintent-nocache-needs-writethrough class=c1-interprocedural reason="payload <- pj_fill_block()'s blk + header <- pj_block(), whose value derives from the dax_direct_access() kaddr stored in pj->blocks" */
}

static size_t pj_fill_block(void *blk, struct iov_iter *from, size_t len)
{
	struct pj_block_hdr *hdr = blk;

	hdr->len = len;
	return pj_fill(blk + sizeof(*hdr), from, len);
}

size_t pj_append(struct pjournal *pj, unsigned int idx, struct iov_iter *from, size_t len)
{
	return pj_fill_block(pj_block(pj, idx), from, min_t(size_t, len, PJ_BLOCK_SIZE - 16));
}

size_t pj_overwrite(struct pjournal *pj, unsigned int idx, struct iov_iter *from)
{
	return copy_from_iter_nocache(pj_block(pj, idx), PJ_BLOCK_SIZE, from); /* LABEL: id=pj-return-value expect=copyintent-nocache-needs-writethrough class=c1-interprocedural reason="returned by pj_block(): pj->blocks, the kaddr dax_direct_access() gave pj_map_blocks()" */
}

int pj_probe(struct pjournal *pj, struct resource *res, struct resource *log_res)
{
	pj->size = resource_size(res);
	pj->base = devm_memremap(pj->dev, res->start, pj->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(pj->base))
		return PTR_ERR(pj->base);
	pj_log = devm_memremap(pj->dev, log_res->start, resource_size(log_res),
			       ARCH_MEMREMAP_PMEM);
	pj_sb = pj_map_sb(pj->dev, log_res);
	pj->stage = kmalloc(PJ_BLOCK_SIZE, GFP_KERNEL);
	pj->shadow_sb = kzalloc(sizeof(struct wc_memory_superblock), GFP_KERNEL);
	if (!pj->stage || !pj->shadow_sb)
		return -ENOMEM;
	return pj_map_blocks(pj, 0, 16);
}

size_t pj_log_append(struct iov_iter *from, size_t len)
{
	size_t n = copy_from_iter_nocache(pj_log + pj_log_head, len, from); /* LABEL: id=pj-global expect=copyintent-nocache-needs-writethrough class=c1-interprocedural reason="the global pj_log is assigned the ARCH_MEMREMAP_PMEM mapping in pj_probe()" */

	pj_log_head += n;
	return n;
}

int pj_set_sb(const struct wc_memory_superblock __user *usb)
{
	if (__copy_from_user_inatomic_nocache(pj_sb, usb, sizeof(*pj_sb))) /* LABEL: id=pj-global-from-helper expect=copyintent-nocache-needs-writethrough class=c1-interprocedural reason="the global pj_sb is assigned pj_map_sb(), which returns devm_memremap(..., ARCH_MEMREMAP_PMEM)" */
		return -EFAULT;
	return 0;
}

/* the ops table: the write method is only reached through pj->ops->write */
static size_t pj_write_nt(void *dst, struct iov_iter *from, size_t len)
{
	return _copy_from_iter_nocache(dst, len, from); /* LABEL: id=pj-ops-callback expect=copyintent-nocache-needs-writethrough class=c1-interprocedural reason="pj_write_nt is only called as pj->ops->write(pj->base + off, ...) in pj_write_iter(): pmem" */
}

static const struct pj_ops pj_nt_ops = {
	.write = pj_write_nt,
};

void pj_init_ops(struct pjournal *pj)
{
	pj->ops = &pj_nt_ops;
}

size_t pj_write_iter(struct pjournal *pj, loff_t off, struct iov_iter *from, size_t len)
{
	return pj->ops->write(pj->base + off, from, len);
}

/* staging: every caller passes the kmalloc'ed buffer */
static size_t pj_stage_copy(void *dst, struct iov_iter *from, size_t len)
{
	return _copy_from_iter_nocache(dst, len, from); /* LABEL: id=pj-stage-param-ram expect=none class=c1-interprocedural reason="dst is pj->stage (kmalloc) at its only caller: cache avoidance into RAM" */
}

size_t pj_stage(struct pjournal *pj, struct iov_iter *from, size_t len)
{
	return pj_stage_copy(pj->stage, from, min_t(size_t, len, PJ_BLOCK_SIZE));
}

/* the shadow superblock: every caller passes the kzalloc'ed shadow */
static void pj_update_shadow(void *dst, const void *src, size_t len)
{
	memcpy_flushcache(dst, src, len); /* LABEL: id=pj-shadow-param-ram expect=copyintent-unneeded-writethrough class=c1-interprocedural reason="dst is pj->shadow_sb (kzalloc, a field of a struct defined in this file) at its only caller: the write-backs are wasted" */
}

void pj_shadow_sb(struct pjournal *pj, const struct wc_memory_superblock *sbp)
{
	pj_update_shadow(pj->shadow_sb, sbp, sizeof(*sbp));
}
