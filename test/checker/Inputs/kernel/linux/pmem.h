/*
 * Mock <linux/pmem.h> of v4.2-v4.12 (eras 42 and 2016): the global pmem API that
 * v4.13 removed. memcpy_to_pmem() copies with non-temporal stores where it can; the
 * December 2016 thread asks whether its users need a write back (clwb) as well.
 * In era 42 the destinations carry the sparse __pmem annotation (removed in v4.8).
 */
#ifndef __PMEM_H__
#define __PMEM_H__

#include <linux/io.h>
#include <linux/uio.h>

#if !COPYINTENT_ERA_PMEM_API
#error "<linux/pmem.h> exists in v4.2-v4.12 only (COPYINTENT_TEST_ERA 42 or 2016)"
#endif

#ifdef CONFIG_ARCH_HAS_PMEM_API
#define ARCH_MEMREMAP_PMEM MEMREMAP_WB
#else
#define ARCH_MEMREMAP_PMEM MEMREMAP_WT
#endif

#if COPYINTENT_TEST_ERA == 42
void memcpy_to_pmem(void __pmem *dst, const void *src, size_t n);
void memcpy_from_pmem(void *dst, void __pmem const *src, size_t size);
size_t copy_from_iter_pmem(void __pmem *addr, size_t bytes, struct iov_iter *i);
void clear_pmem(void __pmem *addr, size_t size);
void wb_cache_pmem(void __pmem *addr, size_t size);
void wmb_pmem(void);
bool arch_has_wmb_pmem(void);
void __pmem *memremap_pmem(resource_size_t offset, unsigned long size);
void memunmap_pmem(struct device *dev, void __pmem *addr);
#else
void memcpy_to_pmem(void *dst, const void *src, size_t n);
int memcpy_from_pmem(void *dst, void const *src, size_t size);
size_t copy_from_iter_pmem(void *addr, size_t bytes, struct iov_iter *i);
void clear_pmem(void *addr, size_t size);
void wb_cache_pmem(void *addr, size_t size);
void invalidate_pmem(void *addr, size_t size);
#endif
bool arch_has_pmem_api(void);

#endif /* __PMEM_H__ */
