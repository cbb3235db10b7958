// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel -DCOPYINTENT_TEST_ERA=70
/*
 * The v7.0 names (Linus' 2026 renames, backported to 6.18.24 / 6.19):
 * copy_to_nontemporal() for kernel pointers, copy_from_user_inatomic_nontemporal()
 * and copy_from_user_flushcache() for user sources, and kmalloc() as a macro around
 * kmalloc_noprof(). rdmavt's fixed cacheless copy, a pmem record device, and the
 * same mistakes as in the 6.x files under the new names.
 *
 * Era 70 (v7.0).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* ---- drivers/infiniband/sw/rdmavt: rvt_copy_sge() after the rename --------- */

struct rvt_sge {
	void *vaddr;
	u32 length;
};

static void cacheless_memcpy(void *dst, void *src, size_t n)
{
	copy_to_nontemporal(dst, src, n); /* LABEL: id=rvt-copy-to-nontemporal expect=none class=direct reason="kernel-pointer nocache copy into the MR's RAM (kzalloc'ed sge): the fixed form of hfi1's cast" */
}

void rvt_copy_sge(struct rvt_sge *sge, void *data, u32 length, bool cacheless)
{
	if (cacheless)
		cacheless_memcpy(sge->vaddr, data, length);
	else
		memcpy(sge->vaddr, data, length); /* LABEL: id=rvt-memcpy expect=none class=direct reason="plain copy into the MR's RAM" */
}

int rvt_setup_sge(struct rvt_sge *sge, u32 len)
{
	sge->vaddr = kzalloc(len, GFP_KERNEL);
	sge->length = len;
	return sge->vaddr ? 0 : -ENOMEM;
}

/* ---- a pmem record device ---------------------------------------------------- */

struct prec_dev {
	void *pmem;
	size_t size;
	void *stage;
};

int prec_probe(struct device *dev, struct prec_dev *pd, struct resource *res)
{
	pd->size = resource_size(res);
	pd->pmem = devm_memremap(dev, res->start, pd->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(pd->pmem))
		return PTR_ERR(pd->pmem);
	pd->stage = kmalloc(PAGE_SIZE, GFP_KERNEL);
	return pd->stage ? 0 : -ENOMEM;
}

ssize_t prec_write(struct prec_dev *pd, const char __user *buf, size_t len, loff_t pos)
{
	if (pos + len > pd->size)
		return -EINVAL;
	if (copy_from_user_inatomic_nontemporal(pd->pmem + pos, buf, len)) /* LABEL: id=prec-user-nontemporal expect=copyintent-nocache-needs-writethrough class=direct reason="nontemporal user copy into the ARCH_MEMREMAP_PMEM mapping: copy_from_user_flushcache()" */
		return -EFAULT;
	return len;
}

ssize_t prec_write_durable(struct prec_dev *pd, const char __user *buf, size_t len,
			   loff_t pos)
{
	if (pos + len > pd->size)
		return -EINVAL;
	if (copy_from_user_flushcache(pd->pmem + pos, buf, len)) /* LABEL: id=prec-user-flushcache expect=none class=direct reason="the writethrough user copy into pmem: right" */
		return -EFAULT;
	return len;
}

void prec_put_kernel(struct prec_dev *pd, size_t off, const void *rec, size_t len)
{
	copy_to_nontemporal(pd->pmem + off, rec, len); /* LABEL: id=prec-kernel-nontemporal expect=copyintent-nocache-needs-writethrough class=direct reason="kernel-pointer nontemporal copy into pmem: memcpy_flushcache()" */
}

ssize_t prec_stage(struct prec_dev *pd, const char __user *buf, size_t len)
{
	if (copy_from_user_flushcache(pd->stage, buf, min_t(size_t, len, PAGE_SIZE))) /* LABEL: id=prec-stage-flushcache expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="pd->stage is kmalloc() memory (kmalloc_noprof() behind the v6.10+ macro)" */
		return -EFAULT;
	return len;
}
