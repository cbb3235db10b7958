/*
 * Mock <linux/libnvdimm.h>: the nvdimm bus as drivers see it. ARCH_MEMREMAP_PMEM is
 * here from v4.13 on (the kernel had it in drivers/nvdimm/pmem.h for a while); with
 * CONFIG_ARCH_HAS_PMEM_API it is MEMREMAP_WB, the same value as for ordinary RAM, so
 * only its spelling says "pmem".
 */
#ifndef __LIBNVDIMM_H__
#define __LIBNVDIMM_H__

#include <linux/io.h>
#include <linux/device.h>

struct nd_region;
struct nd_blk_region;

#if !COPYINTENT_ERA_PMEM_API
#ifdef CONFIG_ARCH_HAS_PMEM_API
#define ARCH_MEMREMAP_PMEM MEMREMAP_WB
void arch_wb_cache_pmem(void *addr, size_t size);
void arch_invalidate_pmem(void *addr, size_t size);
#else
#define ARCH_MEMREMAP_PMEM MEMREMAP_WT
#endif
#endif

/* Flush the write-pending queues of the region's DIMMs (ADR). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 13, 0)
void nvdimm_flush(struct nd_region *nd_region);
#else
int nvdimm_flush(struct nd_region *nd_region, void *bio);
#endif
struct nd_region *to_nd_region(struct device *dev);
void *nd_region_provider_data(struct nd_region *nd_region);
void __iomem *devm_nvdimm_ioremap(struct device *dev, resource_size_t offset, size_t size);
void *devm_nvdimm_memremap(struct device *dev, resource_size_t offset, size_t size,
			   unsigned long flags);

#endif /* __LIBNVDIMM_H__ */
