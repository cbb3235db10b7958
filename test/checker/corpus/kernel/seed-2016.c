// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel -DCOPYINTENT_TEST_ERA=2016
/*
 * The call sites of the December 2016 LKML thread ("[RFC] memcpy_nocache() and
 * memcpy_writethrough()", ../shared/seed/), as v4.10 had them, one function per
 * site in the shape of its driver: fs/dax.c, drivers/nvdimm/pmem.c and claim.c,
 * drivers/acpi/nfit (BLK aperture), drivers/infiniband/hw/hfi1, drivers/ntb and the
 * TCP transmit path. Era 2016: the v4.10 API plus the RFC's proposed names.
 *
 * Each copy call carries a LABEL comment with the verdict a kernel maintainer gives
 * (see docs/checker-corpus.md); the verdicts are Al Viro's reading of each site.
 */
#include <linux/kernel.h>
#include <linux/dax.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/iomap.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/memremap.h>
#include <linux/nd.h>
#include <linux/pmem.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <net/sock.h>

/* ---- fs/dax.c: dax_iomap_actor() ------------------------------------------ */

static sector_t dax_iomap_sector(struct iomap *iomap, loff_t pos)
{
	return (iomap->addr + (pos & PAGE_MASK) - iomap->offset) >> 9;
}

static loff_t dax_iomap_actor(struct inode *inode, loff_t pos, loff_t length, void *data,
			      struct iomap *iomap)
{
	struct block_device *bdev = iomap->bdev;
	struct dax_device *dax_dev = iomap->dax_dev;
	struct iov_iter *iter = data;
	loff_t end = pos + length, done = 0;
	ssize_t ret = 0;
	int id;

	if (iov_iter_rw(iter) == READ) {
		end = min(end, inode->i_size);
		if (pos >= end)
			return 0;
	}

	id = dax_read_lock();
	while (pos < end) {
		unsigned int offset = pos & (PAGE_SIZE - 1);
		const size_t size = (length + offset + PAGE_SIZE - 1) & PAGE_MASK;
		const sector_t sector = dax_iomap_sector(iomap, pos);
		ssize_t map_len;
		pgoff_t pgoff;
		void *kaddr;

		ret = bdev_dax_pgoff(bdev, sector, size, &pgoff);
		if (ret)
			break;

		map_len = dax_direct_access(dax_dev, pgoff, PHYS_PFN(size), &kaddr, NULL);
		if (map_len < 0) {
			ret = map_len;
			break;
		}

		map_len = (ssize_t)map_len << PAGE_SHIFT;
		kaddr += offset;
		map_len -= offset;
		if (map_len > end - pos)
			map_len = end - pos;

		if (iov_iter_rw(iter) == WRITE)
			map_len = copy_from_iter_nocache(kaddr, map_len, iter); /* LABEL: id=dax-iomap-actor-write expect=copyintent-nocache-needs-writethrough class=seed reason="kaddr is the pmem mapping dax_direct_access() returns; Al Viro: writethrough warranties needed" */
		else
			map_len = copy_to_iter(kaddr, map_len, iter); /* LABEL: id=dax-iomap-actor-read expect=none class=seed reason="read out of pmem into the iov_iter: a plain copy, nothing to persist" */
		if (map_len <= 0) {
			ret = map_len ? map_len : -EFAULT;
			break;
		}

		pos += map_len;
		length -= map_len;
		done += map_len;
	}
	dax_read_unlock(id);

	return done ? done : ret;
}

loff_t dax_iomap_rw_one(struct inode *inode, loff_t pos, loff_t length,
			struct iov_iter *iter, struct iomap *iomap)
{
	return dax_iomap_actor(inode, pos, length, iter, iomap);
}

/* ---- drivers/nvdimm/pmem.c: write_pmem() ----------------------------------- */

struct pmem_device {
	phys_addr_t phys_addr;
	phys_addr_t data_offset;
	u64 pfn_flags;
	void *virt_addr;
	size_t size;
	struct resource res;
};

static void write_pmem(void *pmem_addr, struct page *page, unsigned int off,
		       unsigned int len)
{
	void *mem = kmap_atomic(page);

	memcpy_to_pmem(pmem_addr, mem + off, len); /* LABEL: id=write-pmem expect=copyintent-nocache-needs-writethrough class=seed reason="pmem_addr is pmem->virt_addr + offset at every caller; memcpy_to_pmem() of v4.10 attempts no clwb on the block write path" */
	kunmap_atomic(mem);
}

static int read_pmem(struct page *page, unsigned int off, void *pmem_addr, unsigned int len)
{
	void *mem = kmap_atomic(page);
	int rc = memcpy_from_pmem(mem + off, pmem_addr, len);

	kunmap_atomic(mem);
	return rc ? -EIO : 0;
}

static int pmem_do_bvec(struct pmem_device *pmem, struct page *page, unsigned int len,
			unsigned int off, bool is_write, sector_t sector)
{
	phys_addr_t pmem_off = sector * 512 + pmem->data_offset;
	void *pmem_addr = pmem->virt_addr + pmem_off;

	if (!is_write)
		return read_pmem(page, off, pmem_addr, len);
	write_pmem(pmem_addr, page, off, len);
	return 0;
}

int pmem_rw_page(struct device *dev, sector_t sector, struct page *page, bool is_write)
{
	struct pmem_device *pmem = dev->driver_data;

	return pmem_do_bvec(pmem, page, PAGE_SIZE, 0, is_write, sector);
}

int pmem_attach_disk(struct device *dev, struct pmem_device *pmem, bool map_pages)
{
	void *addr;

	if (map_pages)
		addr = devm_memremap_pages(dev, &pmem->res, NULL, NULL);
	else
		addr = devm_memremap(dev, pmem->phys_addr, pmem->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(addr))
		return PTR_ERR(addr);
	pmem->virt_addr = addr;
	dev->driver_data = pmem;
	return 0;
}

/* ---- drivers/nvdimm/claim.c: nsio_rw_bytes() ------------------------------ */

int devm_nsio_enable(struct device *dev, struct nd_namespace_io *nsio)
{
	struct resource *res = &nsio->res;

	nsio->size = resource_size(res);
	nsio->addr = devm_memremap(dev, res->start, resource_size(res), ARCH_MEMREMAP_PMEM);
	return IS_ERR(nsio->addr) ? PTR_ERR(nsio->addr) : 0;
}

int nsio_rw_bytes(struct nd_namespace_common *ndns, resource_size_t offset, void *buf,
		  size_t size, int rw)
{
	struct nd_namespace_io *nsio = to_nd_namespace_io(&ndns->dev);
	sector_t sector = offset >> 9;

	if (unlikely(!size))
		return 0;
	if (unlikely(offset + size > nsio->size))
		return -EFAULT;

	if (rw == READ) {
		if (unlikely(is_bad_pmem(&nsio->bb, sector, size)))
			return -EIO;
		return memcpy_from_pmem(buf, nsio->addr + offset, size);
	}

	memcpy_to_pmem(nsio->addr + offset, buf, size); /* LABEL: id=nsio-rw-bytes expect=copyintent-nocache-needs-writethrough class=seed reason="nsio->addr is the ARCH_MEMREMAP_PMEM mapping; BTT metadata must be durable and nvdimm_flush() does not write back cached lines" */
	nvdimm_flush(to_nd_region(ndns->dev.parent));
	return 0;
}

/* ---- drivers/acpi/nfit: acpi_nfit_blk_single_io() -------------------------- */

struct nfit_blk_mmio {
	union {
		u64 __iomem *base;
		void *aperture;
	} addr;
	u64 size;
	u64 base_offset;
	u32 line_size;
	u32 num_lines;
	u32 table_size;
};

struct nfit_blk {
	struct nfit_blk_mmio mmio[2];
	struct nd_region *nd_region;
	u64 bdw_offset;
	u64 stat_offset;
	u64 cmd_offset;
};

enum { BDW, DCR };

static u64 to_interleave_offset(u64 offset, struct nfit_blk_mmio *mmio)
{
	u64 line_no = offset / mmio->line_size;
	u64 line_offset = offset % mmio->line_size;

	return mmio->base_offset + (line_no % mmio->num_lines) * mmio->table_size + line_offset;
}

static int acpi_nfit_blk_single_io(struct nfit_blk *nfit_blk, resource_size_t dpa,
				   void *iobuf, size_t len, int rw, unsigned int lane)
{
	struct nfit_blk_mmio *mmio = &nfit_blk->mmio[BDW];
	unsigned int copied = 0;
	u64 base_offset;

	base_offset = nfit_blk->bdw_offset + dpa % L1_CACHE_BYTES + lane * mmio->size;
	writel((u32)(dpa >> 6), nfit_blk->mmio[DCR].addr.base + nfit_blk->cmd_offset);
	while (len) {
		unsigned int c;
		u64 offset;

		offset = to_interleave_offset(base_offset + copied, mmio);
		c = min_t(size_t, len, mmio->line_size - offset % mmio->line_size);
		if (rw)
			memcpy_to_pmem(mmio->addr.aperture + offset, iobuf + copied, c); /* LABEL: id=nfit-blk-aperture expect=copyintent-nocache-needs-writethrough class=seed reason="the aperture member holds the ARCH_MEMREMAP_PMEM window; data must reach the DIMM before the status read and memcpy_to_pmem() leaves lines cached" */
		else if (memcpy_from_pmem(iobuf + copied, mmio->addr.aperture + offset, c))
			return -EIO;
		copied += c;
		len -= c;
	}
	if (rw)
		nvdimm_flush(nfit_blk->nd_region);
	return readl(nfit_blk->mmio[DCR].addr.base + nfit_blk->stat_offset) ? -EIO : 0;
}

int acpi_nfit_blk_region_enable(struct device *dev, struct nfit_blk *nfit_blk,
				resource_size_t dcr, size_t dcr_len, resource_size_t bdw,
				size_t bdw_len)
{
	nfit_blk->mmio[DCR].addr.base = devm_nvdimm_ioremap(dev, dcr, dcr_len);
	nfit_blk->mmio[BDW].addr.aperture =
		devm_nvdimm_memremap(dev, bdw, bdw_len, ARCH_MEMREMAP_PMEM);
	return nfit_blk->mmio[BDW].addr.aperture ? 0 : -ENOMEM;
}

int acpi_nfit_blk_region_do_io(struct nfit_blk *nfit_blk, resource_size_t dpa, void *iobuf,
			       size_t len, int rw)
{
	return acpi_nfit_blk_single_io(nfit_blk, dpa, iobuf, len, rw, 0);
}

/* ---- drivers/infiniband/hw/hfi1: hfi1_copy_sge() --------------------------- */

struct rvt_sge {
	void *vaddr;
	u32 length;
};

struct rvt_sge_state {
	struct rvt_sge sge;
	u8 num_sge;
};

static unsigned int sge_copy_mode;
#define COPY_CACHELESS 1

static void cacheless_memcpy(void *dst, void *src, size_t n)
{
	/*
	 * Use the only available X64 cacheless copy. Add a __user cast to quiet
	 * sparse. The src argument is already in the kernel so there are no
	 * security issues. The extra fault recovery machinery is not invoked.
	 */
	__copy_user_nocache(dst, (void __user *)src, n, 0); /* LABEL: id=hfi1-cacheless-memcpy expect=copyintent-misused-user-copy class=seed reason="kernel source cast to __user to borrow x86's non-temporal user copy; Al: a memcpy_nocache() candidate" */
}

void hfi1_copy_sge(struct rvt_sge_state *ss, void *data, u32 length)
{
	struct rvt_sge *sge = &ss->sge;
	bool cacheless_copy = sge_copy_mode == COPY_CACHELESS && length >= PAGE_SIZE;

	while (length) {
		u32 len = min(sge->length, length);

		if (cacheless_copy)
			cacheless_memcpy(sge->vaddr, data, len);
		else
			memcpy(sge->vaddr, data, len); /* LABEL: id=hfi1-copy-sge-memcpy expect=none class=seed reason="plain copy into the memory region of a work request: ordinary memory" */
		sge->vaddr += len;
		sge->length -= len;
		data += len;
		length -= len;
	}
}

/* ---- drivers/ntb/ntb_transport.c: ntb_memcpy_tx() ------------------------- */

struct ntb_queue_entry {
	void *buf;
	unsigned int len;
	unsigned int flags;
};

struct ntb_transport_mw {
	phys_addr_t phys_addr;
	resource_size_t xlat_size;
	void __iomem *vbase;
	void *virt_addr;
};

struct ntb_transport_qp {
	void __iomem *tx_mw;
	void *rx_buff;
	unsigned int tx_max_frame;
	unsigned int tx_index;
	unsigned int rx_max_frame;
	unsigned int rx_index;
};

struct ntb_transport_ctx {
	struct ntb_transport_mw mw_vec[2];
	struct ntb_transport_qp qp_vec[4];
	unsigned int mw_count;
};

int ntb_transport_init_mw(struct ntb_transport_ctx *nt, int num_mw)
{
	struct ntb_transport_mw *mw = &nt->mw_vec[num_mw];

	mw->vbase = ioremap_wc(mw->phys_addr, mw->xlat_size);
	return mw->vbase ? 0 : -ENOMEM;
}

void ntb_transport_init_queue(struct ntb_transport_ctx *nt, unsigned int qp_num)
{
	struct ntb_transport_qp *qp = &nt->qp_vec[qp_num];
	unsigned int mw_num = qp_num % nt->mw_count;

	qp->tx_mw = nt->mw_vec[mw_num].vbase + (nt->mw_vec[mw_num].xlat_size / 2) * qp_num;
}

static void ntb_memcpy_tx(struct ntb_queue_entry *entry, void __iomem *offset)
{
	/*
	 * Using non-temporal mov to improve performance on non-cached writes, even
	 * though we aren't actually copying from user space.
	 */
	__copy_from_user_inatomic_nocache(offset, entry->buf, entry->len); /* LABEL: id=ntb-memcpy-tx expect=copyintent-nocache-to-iomem class=seed reason="kernel buffer into the ioremap_wc() peer window through a user-copy primitive; Al: really fishy, memcpy_toio()" */
	wmb();
}

static void ntb_memcpy_rx(struct ntb_queue_entry *entry, void *offset)
{
	memcpy(entry->buf, offset, entry->len); /* LABEL: id=ntb-memcpy-rx expect=none class=seed reason="receive side: plain copy into the entry's kernel buffer" */
}

void ntb_process_tx_rx(struct ntb_transport_qp *qp, struct ntb_queue_entry *entry)
{
	ntb_memcpy_tx(entry, qp->tx_mw + qp->tx_max_frame * qp->tx_index);
	ntb_memcpy_rx(entry, qp->rx_buff + qp->rx_max_frame * qp->rx_index);
}

/* ---- include/net/sock.h, net/ipv4/tcp.c: the transmit path ------------------ */

struct msghdr {
	struct iov_iter msg_iter;
};

static int skb_do_copy_data_nocache(struct sock *sk, struct sk_buff *skb,
				    struct iov_iter *from, char *to, int copy)
{
	if (sk->sk_route_caps & NETIF_F_NOCACHE_COPY) {
		if (!copy_from_iter_full_nocache(to, copy, from)) /* LABEL: id=sock-copy-nocache expect=none class=seed reason="NETIF_F_NOCACHE_COPY transmit copy into skb data: cache avoidance only, no writethrough sought" */
			return -EFAULT;
	} else if (!copy_from_iter_full(to, copy, from)) { /* LABEL: id=sock-copy-plain expect=none class=seed reason="plain transmit copy into skb data" */
		return -EFAULT;
	}
	return 0;
}

int tcp_sendmsg_one(struct sock *sk, struct sk_buff *skb, struct msghdr *msg, int copy)
{
	if (skb_tailroom(skb) > 0) {
		copy = min(copy, skb_tailroom(skb));
		return skb_add_data_nocache(sk, skb, &msg->msg_iter, copy); /* LABEL: id=tcp-skb-add-data-nocache expect=none class=seed reason="Dan Williams: skb_add_data_nocache() users are fine, transmit path, ordinary skb memory" */
	}
	return skb_do_copy_data_nocache(sk, skb, &msg->msg_iter, skb_put(skb, copy), copy);
}
