/* Just enough of the kernel's declarations (as in a 4.13-6.x tree) for the example
 * driver to compile outside a kernel tree. In a real build __iomem and __user expand
 * to nothing, as here; copyintent recognizes them by their spelling. */
#ifndef EXAMPLE_KERNEL_STUBS_H
#define EXAMPLE_KERNEL_STUBS_H

#define __iomem
#define __user
typedef unsigned long size_t;
typedef unsigned long long phys_addr_t;
typedef unsigned long pgoff_t;
struct device;
struct iov_iter;
struct dax_device;

#define MEMREMAP_WB 1
#define ARCH_MEMREMAP_PMEM MEMREMAP_WB
#define GFP_KERNEL 0

void *devm_memremap(struct device *dev, phys_addr_t offset, size_t size,
                    unsigned long flags);
void __iomem *ioremap_wc(phys_addr_t offset, size_t size);
void *kmalloc(size_t size, unsigned flags);
void *memcpy(void *dst, const void *src, size_t n);
void memcpy_flushcache(void *dst, const void *src, size_t n);
void memcpy_toio(volatile void __iomem *dst, const void *src, size_t n);
size_t _copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i);
size_t _copy_from_iter_flushcache(void *addr, size_t bytes, struct iov_iter *i);
unsigned long __copy_from_user_inatomic_nocache(void *to, const void __user *from,
                                                unsigned long n);
long __copy_user_nocache(void *dst, const void __user *src, unsigned size, int zerorest);

#endif
