/*
 * Mock <linux/io.h>: device-managed MMIO mappings, and memremap() for memory-like
 * ranges (pmem included). In the kernel memremap() is declared here and its flags
 * too; ARCH_MEMREMAP_PMEM lives in <linux/pmem.h> (to v4.12) and
 * <linux/libnvdimm.h> (later; drivers/nvdimm/pmem.h in between).
 */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>
#include <asm/io.h>

struct device;

void __iomem *devm_ioremap(struct device *dev, resource_size_t offset,
			   resource_size_t size);
void __iomem *devm_ioremap_wc(struct device *dev, resource_size_t offset,
			      resource_size_t size);
void devm_iounmap(struct device *dev, void __iomem *addr);

enum {
	/* cacheability of the mapping memremap() makes */
	MEMREMAP_WB = 1 << 0,
	MEMREMAP_WT = 1 << 1,
	MEMREMAP_WC = 1 << 2,
	MEMREMAP_ENC = 1 << 3,
	MEMREMAP_DEC = 1 << 4,
};

void *memremap(resource_size_t offset, size_t size, unsigned long flags);
void memunmap(void *addr);
void *devm_memremap(struct device *dev, resource_size_t offset,
		    size_t size, unsigned long flags);
void devm_memunmap(struct device *dev, void *addr);

#endif /* _LINUX_IO_H */
