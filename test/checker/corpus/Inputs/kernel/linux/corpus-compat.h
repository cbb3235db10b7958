/*
 * Declarations that real v6.1 headers carry but the shared mocks of
 * test/checker/Inputs/kernel do not (their real homes in brackets). The corpus may
 * not edit the shared mocks, so they live here.
 */
#ifndef _LINUX_CORPUS_COMPAT_H
#define _LINUX_CORPUS_COMPAT_H

#include <linux/kernel.h>
#include <linux/ioport.h>

/* [uapi/asm-generic/errno-base.h, errno.h] */
#define ENOTTY		25
#define ENOSPC		28
#define EOPNOTSUPP	95
#define EFBIG		27

/* An ioctl argument carrying a user address as an integer [linux/kernel.h]. */
#define u64_to_user_ptr(x) ((void __user *)(uintptr_t)(x))

/* Copies into MMIO in 32- / 64-bit units [linux/io.h]. */
void __iowrite32_copy(void __iomem *to, const void *from, size_t count);
void __iowrite64_copy(void __iomem *to, const void *from, size_t count);

/* [linux/ioport.h] */
struct resource *request_mem_region(resource_size_t start, resource_size_t n,
				    const char *name);
void release_mem_region(resource_size_t start, resource_size_t n);

#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

/* [asm/pgtable_types.h] */
typedef struct {
	unsigned long pgprot;
} pgprot_t;
#define PAGE_KERNEL ((pgprot_t){ 0x163 })
pgprot_t pgprot_noncached(pgprot_t prot);
pgprot_t pgprot_writecombine(pgprot_t prot);
#define VM_MAP 0x00000004
struct page *pfn_to_page(unsigned long pfn);

/* [linux/fs.h] */
struct file {
	void *private_data;
	fmode_t f_mode;
	loff_t f_pos;
};

/* [linux/dma-mapping.h] */
struct device;
void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle,
			 gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle);

/* [vdso/bits.h] */
#define BIT(nr)		(1UL << (nr))
#define BIT_ULL(nr)	(1ULL << (nr))

#endif /* _LINUX_CORPUS_COMPAT_H */
