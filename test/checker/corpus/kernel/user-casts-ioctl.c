// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Casts to __user that do not mean what a literal reading says (issue 9, class 2),
 * and the ordinary ioctl copies around them: an ioctl or syscall argument is an
 * integer that holds a user address, so "(void __user *)arg" is an ordinary user
 * pointer; only a pointer that is provably kernel memory cast to __user is a misused
 * user copy. Shapes: a v6.1 misc character device with a persistent-memory window
 * ("nvlog"), mm-style code that carries user addresses as unsigned long, compat
 * ioctls, and the rdmavt / networking kernel-to-kernel copies.
 *
 * Era 517 (v5.17-v6.x: __copy_user_nocache() without zerorest).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/mm.h>
#include <linux/corpus-compat.h>

typedef u32 compat_uptr_t;

static inline void __user *compat_ptr(compat_uptr_t uptr)
{
	return (void __user *)(unsigned long)uptr;
}

#define NVLOG_IOC_INFO		0x8010
#define NVLOG_IOC_APPEND	0x4010
#define NVLOG_IOC_STAGE		0x4011
#define NVLOG_IOC_APPEND32	0x4012

struct nvlog_info {
	__u64 size;
	__u64 head;
};

struct nvlog_append {
	__u64 addr;		/* user buffer */
	__u64 len;
};

struct nvlog_append32 {
	compat_uptr_t addr;
	__u32 len;
};

struct nvlog_dev {
	struct device *dev;
	void *pmem;		/* ARCH_MEMREMAP_PMEM mapping of the log */
	size_t size;
	size_t head;
	void *stage;		/* kmalloc'ed */
};

int nvlog_probe(struct nvlog_dev *nv, struct resource *res)
{
	nv->size = resource_size(res);
	nv->pmem = devm_memremap(nv->dev, res->start, nv->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(nv->pmem))
		return PTR_ERR(nv->pmem);
	nv->stage = kmalloc(PAGE_SIZE, GFP_KERNEL);
	return nv->stage ? 0 : -ENOMEM;
}

long nvlog_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nvlog_dev *nv = file->private_data;
	struct nvlog_append req;
	struct nvlog_info info;

	switch (cmd) {
	case NVLOG_IOC_INFO:
		info.size = nv->size;
		info.head = nv->head;
		if (copy_to_user((void __user *)arg, &info, sizeof(info))) /* LABEL: id=ioctl-copy-to-user expect=none class=neg-ioctl reason="reply to user space through the ioctl argument: ordinary user copy" */
			return -EFAULT;
		return 0;
	case NVLOG_IOC_APPEND:
		if (copy_from_user(&req, (void __user *)arg, sizeof(req))) /* LABEL: id=ioctl-copy-from-user-arg expect=none class=c2-int-to-user reason="arg is the ioctl's unsigned long: (void __user *)arg is a real user pointer, not a kernel pointer in disguise" */
			return -EFAULT;
		if (req.len > nv->size - nv->head)
			return -ENOSPC;
		if (__copy_from_user_inatomic_nocache(nv->pmem + nv->head, u64_to_user_ptr(req.addr), req.len)) /* LABEL: id=ioctl-append-pmem-nocache expect=copyintent-nocache-needs-writethrough class=c2-int-to-user reason="destination is the PMEM log (nv->pmem): needs writethrough; the source is u64_to_user_ptr() of a user address, so no misused user copy" */
			return -EFAULT;
		nv->head += req.len;
		return 0;
	case NVLOG_IOC_STAGE:
		if (__copy_from_user_inatomic_nocache(nv->stage, (const void __user *)arg, min_t(size_t, PAGE_SIZE, 64))) /* LABEL: id=ioctl-stage-int-arg expect=none class=c2-int-to-user reason="integer ioctl argument cast to __user: a user source; the destination is kmalloc'ed RAM, so cache avoidance is fine" */
			return -EFAULT;
		return 0;
	}
	return -ENOTTY;
}

long nvlog_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nvlog_dev *nv = file->private_data;
	struct nvlog_append32 req32;

	if (cmd != NVLOG_IOC_APPEND32)
		return -ENOTTY;
	if (copy_from_user(&req32, compat_ptr(arg), sizeof(req32))) /* LABEL: id=compat-ioctl-copy expect=none class=neg-ioctl reason="compat_ptr() of the 32-bit ioctl argument: a user pointer into a stack struct" */
		return -EFAULT;
	if (req32.len > nv->size - nv->head)
		return -ENOSPC;
	if (copy_from_user(nv->pmem + nv->head, compat_ptr(req32.addr), req32.len)) /* LABEL: id=compat-append-plain-pmem expect=none class=neg-ioctl reason="plain user copy into pmem followed by arch_wb_cache_pmem() of the same range: durable, no nocache intent" */
		return -EFAULT;
	arch_wb_cache_pmem(nv->pmem + nv->head, req32.len);
	nv->head += req32.len;
	return 0;
}

/* mm-style code: user addresses travel as unsigned long */
static int copy_user_range_nocache(void *dst, unsigned long uaddr, size_t len)
{
	return __copy_from_user_inatomic_nocache(dst, (const void __user *)uaddr, len); /* LABEL: id=mm-uaddr-nocache expect=none class=c2-int-to-user reason="uaddr is a user virtual address held in an unsigned long (vma->vm_start + offset): a real user source" */
}

int snapshot_vma(struct vm_area_struct *vma, unsigned long off, size_t len)
{
	void *buf = kvmalloc(len, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = copy_user_range_nocache(buf, vma->vm_start + off, len);
	kvfree(buf);
	return ret ? -EFAULT : 0;
}

long fetch_user_pages_nt(void *dst, struct vm_area_struct *vma, unsigned long off,
			 unsigned int n)
{
	return __copy_user_nocache(dst, (void __user *)(vma->vm_start + off), n); /* LABEL: id=vma-start-user-nocache expect=none class=c2-int-to-user reason="vm_start + off is a user address of the caller's mm: the cast states the truth" */
}

/* kernel pointers in disguise */
struct copy_req {
	void *kbuf;		/* kernel buffer of the request */
	size_t len;
};

int req_copy_nt(struct copy_req *req, void *dst)
{
	return __copy_from_user_inatomic_nocache(dst, (void __user *)req->kbuf, req->len); /* LABEL: id=req-kbuf-cast expect=copyintent-misused-user-copy class=direct reason="req->kbuf is a kernel pointer (void *, no __user) cast to __user to borrow the non-temporal user copy" */
}

int skb_linear_copy_nt(struct sk_buff *skb, void *dst, unsigned int len)
{
	return __copy_from_user_inatomic_nocache(dst, (const void __user *)(unsigned long)skb->data, len); /* LABEL: id=skb-data-via-ulong expect=copyintent-misused-user-copy class=c2-int-to-user reason="skb->data is kernel memory; the detour through unsigned long does not make it a user address" */
}

int page_frag_copy_nt(struct sk_buff *skb, struct page *page, unsigned int off,
		      unsigned int len)
{
	return __copy_from_user_inatomic_nocache(skb_put(skb, len), (const void __user *)(page_address(page) + off), len); /* LABEL: id=page-address-cast expect=copyintent-misused-user-copy class=direct reason="page_address() of a struct page is a kernel address: cast to __user only to borrow the nocache user copy" */
}

int bounce_copy_nt(const void *src, size_t len)
{
	void *bounce = kmalloc(len, GFP_KERNEL);
	void *dst = kmalloc(len, GFP_KERNEL);
	int ret;

	if (!bounce || !dst)
		return -ENOMEM;
	memcpy(bounce, src, len); /* LABEL: id=bounce-memcpy expect=none class=direct reason="plain copy into a kmalloc'ed bounce buffer" */
	ret = __copy_from_user_inatomic_nocache(dst, (void __user *)bounce, len); /* LABEL: id=bounce-kmalloc-cast expect=copyintent-misused-user-copy class=direct reason="bounce is kmalloc'ed kernel memory cast to __user" */
	kfree(bounce);
	kfree(dst);
	return ret;
}
