// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -Wno-vla -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Writethrough copies into ordinary kernel memory (issue 9, class 3): the kind of
 * code that appears when a helper written for a pmem target is reused, or when
 * "flushcache" is taken for "fast copy". Every write-back is wasted on these
 * destinations: stack arrays, a VLA, static and global objects, kvmalloc / vmalloc /
 * kmem_cache_alloc / page allocator memory, skb data, and the same behind a typedef
 * or a macro. Also the neighbours that must stay silent: a destination that is pmem
 * on one path, and an exported function's parameter.
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/libnvdimm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>

#define REC_MAX 256

struct rec_hdr {
	__u64 seq;
	__u32 len;
	__u32 csum;
};

struct rec_stats {
	struct rec_hdr last;
	__u64 count;
};

typedef u8 key_block_t[32];

#define rec_alloc(n) kmalloc((n), GFP_KERNEL)

static char klog_ring[4096];
static struct rec_stats stats;
static struct kmem_cache *rec_cache;

u32 rec_checksum(const void *p, size_t n);

u32 rec_check_stack(const struct rec_hdr *hdr, const void *payload, size_t len)
{
	u8 buf[REC_MAX];

	if (len + sizeof(*hdr) > sizeof(buf))
		return 0;
	memcpy_flushcache(buf, hdr, sizeof(*hdr)); /* LABEL: id=stack-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="buf is a stack array" */
	memcpy(buf + sizeof(*hdr), payload, len); /* LABEL: id=stack-array-plain expect=none class=c3-ordinary-memory reason="plain copy into the same stack array" */
	return rec_checksum(buf, sizeof(*hdr) + len);
}

u32 rec_check_vla(const void *payload, size_t len)
{
	u8 tmp[len];

	memcpy_flushcache(tmp, payload, len); /* LABEL: id=vla expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="tmp is a variable-length array on the stack" */
	return rec_checksum(tmp, len);
}

void rec_remember(const struct rec_hdr *hdr)
{
	static u8 last_hdr[sizeof(struct rec_hdr)];

	memcpy_flushcache(last_hdr, hdr, sizeof(*hdr)); /* LABEL: id=static-local-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="a function-scope static array: ordinary kernel data" */
	stats.count++;
}

void klog_emit(size_t off, const char *msg, size_t len)
{
	if (off + len > sizeof(klog_ring))
		return;
	memcpy_flushcache(klog_ring + off, msg, len); /* LABEL: id=global-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="klog_ring is a file-scope array in .bss" */
	memcpy_flushcache(&stats.last, msg, sizeof(stats.last)); /* LABEL: id=global-struct-member expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="a member of a file-scope struct" */
}

void *rec_table_dup(const void *table, size_t len)
{
	void *copy = kvmalloc(len, GFP_KERNEL);

	if (copy)
		memcpy_flushcache(copy, table, len); /* LABEL: id=kvmalloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="kvmalloc() memory: kmalloc or vmalloc, RAM either way" */
	return copy;
}

void *rec_area_dup(const void *src, size_t len)
{
	void *area = vmalloc(len);

	if (area)
		memcpy_flushcache(area, src, len); /* LABEL: id=vmalloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="vmalloc() memory" */
	return area;
}

struct rec_hdr *rec_hdr_dup(const struct rec_hdr *hdr)
{
	struct rec_hdr *n = kmem_cache_alloc(rec_cache, GFP_KERNEL);

	if (n)
		memcpy_flushcache(n, hdr, sizeof(*n)); /* LABEL: id=kmem-cache-alloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="a slab object from kmem_cache_alloc()" */
	return n;
}

void *rec_page_dup(const void *src, size_t len)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	void *addr;

	if (!page || len > PAGE_SIZE)
		return NULL;
	addr = page_address(page);
	memcpy_flushcache(addr, src, len); /* LABEL: id=alloc-pages-page-address expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="page_address() of a page from alloc_pages()" */
	return addr;
}

unsigned long rec_pages_dup(const void *src, size_t len, unsigned int order)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL, order);

	if (!addr || len > (PAGE_SIZE << order))
		return 0;
	memcpy_flushcache((void *)addr, src, len); /* LABEL: id=get-free-pages expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="__get_free_pages() memory, held as unsigned long and cast back" */
	return addr;
}

void rec_page_fill(const void *src, size_t len)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	void *kaddr;

	if (!page)
		return;
	kaddr = kmap_local_page(page);
	memcpy_flushcache(kaddr, src, min_t(size_t, len, PAGE_SIZE)); /* LABEL: id=kmap-local-alloc-page expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="kmap_local_page() of a page this function allocated" */
	kunmap_local(kaddr);
}

struct rec_hdr *rec_hdr_new(const struct rec_hdr *hdr)
{
	struct rec_hdr *n = rec_alloc(sizeof(*n));

	if (n)
		memcpy_flushcache(n, hdr, sizeof(*n)); /* LABEL: id=kmalloc-behind-macro expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="rec_alloc() is a macro around kmalloc()" */
	return n;
}

u32 key_schedule(const u8 *key)
{
	key_block_t kb;

	memcpy_flushcache(kb, key, sizeof(kb)); /* LABEL: id=typedef-stack-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="kb is a stack array declared through a typedef" */
	return rec_checksum(kb, sizeof(kb));
}

int rec_from_user(const void __user *ubuf, size_t len)
{
	void *buf = kvzalloc(len, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = __copy_from_user_flushcache(buf, ubuf, len); /* LABEL: id=user-flushcache-kvzalloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="kvzalloc() memory: the writethrough user copy is wasted" */
	kvfree(buf);
	return ret ? -EFAULT : 0;
}

int rec_to_skb(struct sk_buff *skb, struct iov_iter *from, unsigned int len)
{
	void *to = skb_put(skb, len);

	return _copy_from_iter_flushcache(to, len, from) == len ? 0 : -EFAULT; /* LABEL: id=skb-put-flushcache expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="skb_put() returns the tail of the skb's linear data: ordinary kernel memory" */
}

/* ---- must stay silent ------------------------------------------------------ */

struct rec_store {
	void *pmem;		/* ARCH_MEMREMAP_PMEM, or NULL without a namespace */
	size_t size;
};

int rec_store_attach(struct device *dev, struct rec_store *rs, resource_size_t start,
		     size_t size)
{
	rs->size = size;
	rs->pmem = devm_memremap(dev, start, size, ARCH_MEMREMAP_PMEM);
	return IS_ERR(rs->pmem) ? PTR_ERR(rs->pmem) : 0;
}

void *rec_store_put(struct rec_store *rs, size_t off, const void *src, size_t len)
{
	void *dst = rs->pmem ? rs->pmem + off : kmalloc(len, GFP_KERNEL);

	if (dst)
		memcpy_flushcache(dst, src, len); /* LABEL: id=pmem-or-kmalloc expect=none class=c3-ordinary-memory reason="pmem on one path, kmalloc on the other: writethrough is needed on the pmem path" */
	return dst;
}

void rec_store_export(void *dst, const void *src, size_t len)
{
	memcpy_flushcache(dst, src, len); /* LABEL: id=exported-param-unknown expect=none class=c3-ordinary-memory reason="parameter of an exported function with no caller in the TU: unknown" */
}
