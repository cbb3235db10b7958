// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Copies into io mappings, in the shapes of v6.1 drivers:
 * - user copies into write-combining apertures and reserved RAM zones, deliberate on
 *   the architectures where they work (i915's gtt_user_write(), qxl's command
 *   upload, pstore/ram's persistent_ram_update_user()): the kernel has no
 *   user-to-io copy, memcpy_toio() cannot take a __user source, and issue 9 asks
 *   for silence by default (issue 9, class 2);
 * - fbdev's fb_write() and other WC framebuffer / doorbell code that is right;
 * - kernel buffers copied into MMIO with a nocache user-copy primitive, which
 *   copyintent-nocache-to-iomem is for, once with the MMIO-ness known only from
 *   the accessor the same pointer is passed to (issue 9, class 4).
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-mapping.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/fb.h>
#include <linux/pstore_ram.h>
#include <linux/corpus-compat.h>
#include <drm/drm_qxl.h>

/* ---- drivers/gpu/drm/i915/i915_gem.c: pwrite / pread through the GGTT --------- */

static bool gtt_user_write(struct io_mapping *mapping, loff_t base, int offset,
			   char __user *user_data, int length)
{
	void __iomem *vaddr;
	unsigned long unwritten;

	/* We can use the cpu mem copy function because this is X86. */
	vaddr = io_mapping_map_atomic_wc(mapping, base);
	unwritten = __copy_from_user_inatomic_nocache((void __force *)vaddr + offset, user_data, length); /* LABEL: id=i915-gtt-user-write-atomic expect=none class=c2-user-to-io reason="user data into a WC aperture from io_mapping_map_atomic_wc(), __iomem cast away on purpose (x86 only); memcpy_toio() cannot read user memory" */
	io_mapping_unmap_atomic(vaddr);
	if (unwritten) {
		vaddr = io_mapping_map_wc(mapping, base, PAGE_SIZE);
		unwritten = copy_from_user((void __force *)vaddr + offset, user_data, length); /* LABEL: id=i915-gtt-user-write-slow expect=none class=c2-user-to-io reason="the faulting fallback: copy_from_user() into io_mapping_map_wc(), deliberate" */
		io_mapping_unmap(vaddr);
	}
	return unwritten;
}

static bool gtt_user_read(struct io_mapping *mapping, loff_t base, int offset,
			  char __user *user_data, int length)
{
	void __iomem *vaddr;
	unsigned long unwritten;

	vaddr = io_mapping_map_wc(mapping, base, PAGE_SIZE);
	unwritten = copy_to_user(user_data, (void __force *)vaddr + offset, length); /* LABEL: id=i915-gtt-user-read expect=none class=neg-wc-framebuffer reason="read from the aperture into user memory: nothing written to MMIO" */
	io_mapping_unmap(vaddr);
	return unwritten;
}

int i915_gem_gtt_pwrite(struct io_mapping *ggtt, loff_t base, char __user *user_data,
			int length, bool read)
{
	if (read)
		return gtt_user_read(ggtt, base, 0, user_data, length) ? -EFAULT : 0;
	return gtt_user_write(ggtt, base, 0, user_data, length) ? -EFAULT : 0;
}

/* ---- drivers/gpu/drm/qxl: command upload into VRAM ------------------------- */

union qxl_release_info {
	__u64 id;
	__u64 next;
};

struct qxl_bo {
	int mem_type;		/* 1: VRAM, 2: surface BAR, else system */
	unsigned long start;
	void *kptr;
};

struct qxl_device {
	struct io_mapping *vram_mapping;
	struct io_mapping *surface_mapping;
};

static void *qxl_bo_kmap_atomic_page(struct qxl_device *qdev, struct qxl_bo *bo,
				     int page_offset)
{
	struct io_mapping *map;

	if (bo->mem_type == 1)
		map = qdev->vram_mapping;
	else if (bo->mem_type == 2)
		map = qdev->surface_mapping;
	else
		return bo->kptr + page_offset;
	return (void __force *)io_mapping_map_atomic_wc(map, (bo->start << PAGE_SHIFT) + page_offset);
}

int qxl_process_single_command(struct qxl_device *qdev, struct qxl_bo *cmd_bo,
			       struct drm_qxl_command *cmd, unsigned int release_offset)
{
	unsigned long unwritten;
	void *fb_cmd;

	fb_cmd = qxl_bo_kmap_atomic_page(qdev, cmd_bo, release_offset & PAGE_MASK);
	unwritten = __copy_from_user_inatomic_nocache(fb_cmd + sizeof(union qxl_release_info) + (release_offset & ~PAGE_MASK), u64_to_user_ptr(cmd->command), cmd->command_size); /* LABEL: id=qxl-command-upload expect=none class=c2-user-to-io reason="user command (u64_to_user_ptr of the ioctl field) into a VRAM page mapped with io_mapping_map_atomic_wc() by the helper: deliberate user-to-io copy" */
	io_mapping_unmap_atomic((void __force __iomem *)fb_cmd);
	return unwritten ? -EFAULT : 0;
}

/* ---- fs/pstore/ram_core.c: the ramoops zone ---------------------------------- */

static void *persistent_ram_vmap(phys_addr_t start, size_t size, unsigned int memtype)
{
	struct page **pages;
	unsigned int page_count = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned int i;
	void *vaddr;

	pages = kmalloc_array(page_count, sizeof(struct page *), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < page_count; i++)
		pages[i] = pfn_to_page((start >> PAGE_SHIFT) + i);
	vaddr = vmap(pages, page_count, VM_MAP, memtype ? 0x18 : 0x8);
	kfree(pages);
	return vaddr;
}

static void *persistent_ram_iomap(phys_addr_t start, size_t size, unsigned int memtype,
				  char *label)
{
	void *va;

	if (!request_mem_region(start, size, label ?: "ramoops"))
		return NULL;
	if (memtype)
		va = (void __force *)ioremap(start, size);
	else
		va = (void __force *)ioremap_wc(start, size);
	return va;
}

int persistent_ram_buffer_map(phys_addr_t start, phys_addr_t size,
			      struct persistent_ram_zone *prz, int memtype, bool is_ram)
{
	prz->paddr = start;
	prz->size = size;
	if (is_ram)
		prz->vaddr = persistent_ram_vmap(start, size, memtype);
	else
		prz->vaddr = persistent_ram_iomap(start, size, memtype, prz->label);
	if (!prz->vaddr)
		return -ENOMEM;
	prz->buffer = prz->vaddr;
	prz->buffer_size = size - sizeof(struct persistent_ram_buffer);
	return 0;
}

void persistent_ram_update(struct persistent_ram_zone *prz, const void *s,
			   unsigned int start, unsigned int count)
{
	struct persistent_ram_buffer *buffer = prz->buffer;

	memcpy_toio((void __iomem *)(buffer->data + start), s, count); /* LABEL: id=pstore-update-toio expect=none class=neg-wc-framebuffer reason="memcpy_toio() into the ramoops zone: the right tool" */
}

int persistent_ram_update_user(struct persistent_ram_zone *prz, const void __user *s,
			       unsigned int start, unsigned int count)
{
	struct persistent_ram_buffer *buffer = prz->buffer;

	return unlikely(copy_from_user(buffer->data + start, s, count)) ? -EFAULT : 0; /* LABEL: id=pstore-update-user expect=none class=c2-user-to-io reason="pmsg write: user data into the ramoops zone, mapped with ioremap()/ioremap_wc() or vmap(): deliberate, no user-to-io copy exists" */
}

/* ---- drivers/video/fbdev/core/fbmem.c: fb_write() --------------------------- */

ssize_t fb_write(struct fb_info *info, const char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long p = *ppos;
	u8 *buffer, *src;
	u8 __iomem *dst;
	int c, cnt = 0, err = 0;
	unsigned long total_size = info->screen_size;

	if (p > total_size)
		return -EFBIG;
	if (count > total_size - p)
		count = total_size - p;
	buffer = kmalloc((count > PAGE_SIZE) ? PAGE_SIZE : count, GFP_KERNEL);
	if (!buffer)
		return -ENOMEM;
	dst = (u8 __iomem *)(info->screen_base + p);
	while (count) {
		c = (count > PAGE_SIZE) ? PAGE_SIZE : count;
		src = buffer;
		if (copy_from_user(src, buf, c)) { /* LABEL: id=fb-write-bounce expect=none class=neg-wc-framebuffer reason="user data into the kmalloc'ed bounce buffer first" */
			err = -EFAULT;
			break;
		}
		memcpy_toio(dst, src, c); /* LABEL: id=fb-write-toio expect=none class=neg-wc-framebuffer reason="then memcpy_toio() into the WC framebuffer: right" */
		dst += c;
		*ppos += c;
		buf += c;
		cnt += c;
		count -= c;
	}
	kfree(buffer);
	return cnt ? cnt : err;
}

/* an x86-only fbdev driver that draws into its ioremap_wc() aperture with memcpy() */
struct simplefb_par {
	void __iomem *vmem;
	u32 pitch;
};

void simplefb_blit(struct fb_info *info, const u8 *src, u32 y, u32 len)
{
	struct simplefb_par *par = info->par;

	memcpy((void __force *)par->vmem + y * par->pitch, src, len); /* LABEL: id=simplefb-memcpy-wc expect=none class=neg-wc-framebuffer reason="plain memcpy into a WC framebuffer: not a nocache or user copy, outside every check" */
}

int simplefb_map(struct fb_info *info, struct simplefb_par *par)
{
	par->vmem = ioremap_wc(info->fix.smem_start, info->fix.smem_len);
	par->pitch = info->fix.line_length;
	return par->vmem ? 0 : -ENOMEM;
}

/* ---- a NIC with a write-combining TX push buffer (LLQ / BlueFlame style) ------ */

struct tx_desc {
	__u64 addr;
	__u32 len;
	__u32 flags;
	__u8 inline_hdr[48];
};

struct xnic_ring {
	void __iomem *bf_map;		/* pci_iomap_wc() of the push-buffer BAR */
	unsigned int bf_offset;
	void __iomem *db;		/* doorbell register */
	struct tx_desc *desc;		/* kzalloc'ed ring */
	unsigned int prod;
};

int xnic_ring_map(struct pci_dev *pdev, struct xnic_ring *ring)
{
	ring->bf_map = pci_iomap_wc(pdev, 2, 0);
	ring->db = pci_iomap(pdev, 0, PAGE_SIZE);
	ring->desc = kzalloc(256 * sizeof(struct tx_desc), GFP_KERNEL);
	return ring->bf_map && ring->db && ring->desc ? 0 : -ENOMEM;
}

void xnic_push_llq(struct xnic_ring *ring, unsigned int idx)
{
	__iowrite64_copy(ring->bf_map + ring->bf_offset, &ring->desc[idx], sizeof(struct tx_desc) / 8); /* LABEL: id=xnic-push-iowrite64 expect=none class=neg-wc-framebuffer reason="__iowrite64_copy() into the WC push buffer: the MMIO copy, right" */
	wmb();
	writel(ring->prod, ring->db);
}

void xnic_push_fast(struct xnic_ring *ring, unsigned int idx)
{
	/* "non-temporal stores are faster into WC": a kernel buffer into MMIO */
	__copy_from_user_inatomic_nocache((void __force *)ring->bf_map + ring->bf_offset, &ring->desc[idx], sizeof(struct tx_desc)); /* LABEL: id=xnic-push-nocache expect=copyintent-nocache-to-iomem class=direct reason="kernel descriptor into the pci_iomap_wc() push buffer through a user-copy primitive: memcpy_toio()/__iowrite64_copy()" */
	wmb();
	writel(ring->prod, ring->db);
}

void xnic_push_cast(struct xnic_ring *ring, const void *hdr, unsigned int len)
{
	__copy_user_nocache((void __force *)ring->bf_map, (const void __user *)hdr, len); /* LABEL: id=xnic-push-user-cast expect=copyintent-nocache-to-iomem class=direct reason="kernel header, cast to __user, into the WC push buffer: nocache-to-iomem covers the cast too (memcpy_toio fixes both)" */
}

/* a peer memory window benchmark (drivers/ntb/test/ntb_perf.c style) */
struct perf_peer {
	void __iomem *outbuf;		/* devm_ioremap_wc() of the peer's window */
	resource_size_t outbuf_xlat;
	size_t outbuf_size;
	void *inbuf;			/* kzalloc'ed */
};

int perf_setup_peer_mw(struct device *dev, struct perf_peer *peer, resource_size_t base)
{
	peer->outbuf = devm_ioremap_wc(dev, base, peer->outbuf_size);
	peer->inbuf = kzalloc(peer->outbuf_size, GFP_KERNEL);
	return peer->outbuf && peer->inbuf ? 0 : -ENOMEM;
}

void perf_copy_chunk(struct perf_peer *peer, const void *src, size_t off, size_t len)
{
	__copy_from_user_inatomic_nocache((void __force *)peer->outbuf + off, src, len); /* LABEL: id=perf-peer-window-nocache expect=copyintent-nocache-to-iomem class=direct reason="a kernel chunk into the devm_ioremap_wc() peer window through the nocache user copy: memcpy_toio()" */
	memcpy(peer->inbuf + off, src, len); /* LABEL: id=perf-inbuf-memcpy expect=none class=direct reason="plain copy into the kzalloc'ed local buffer" */
}

/* firmware mailbox: regs is a plain void * whose MMIO-ness shows in writel()/readl() */
#define MBOX_DATA	0x100
#define MBOX_LEN	0x08
#define MBOX_STATUS	0x0c

int fw_mbox_send(void *regs, const void *msg, unsigned int len)
{
	__copy_from_user_inatomic_nocache(regs + MBOX_DATA, msg, len); /* LABEL: id=fw-mbox-usage-mmio expect=copyintent-nocache-to-iomem class=c4-usage-evidence reason="regs is passed to writel() and readl() below: MMIO; a kernel message copied into it with a nocache user copy" */
	writel(len, regs + MBOX_LEN);
	return readl(regs + MBOX_STATUS) ? -EIO : 0;
}
