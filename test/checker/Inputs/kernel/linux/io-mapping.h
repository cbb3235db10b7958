/*
 * Mock <linux/io-mapping.h>: write-combining windows into a device BAR (MMIO), as
 * graphics drivers use them.
 */
#ifndef _LINUX_IO_MAPPING_H
#define _LINUX_IO_MAPPING_H

#include <linux/io.h>

struct io_mapping {
	resource_size_t base;
	unsigned long size;
	void __iomem *iomem;
};

struct io_mapping *io_mapping_create_wc(resource_size_t base, unsigned long size);
void io_mapping_free(struct io_mapping *mapping);
void __iomem *io_mapping_map_atomic_wc(struct io_mapping *mapping, unsigned long offset);
void io_mapping_unmap_atomic(void __iomem *vaddr);
void __iomem *io_mapping_map_wc(struct io_mapping *mapping, unsigned long offset,
				unsigned long size);
void io_mapping_unmap(void __iomem *vaddr);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
void __iomem *io_mapping_map_local_wc(struct io_mapping *mapping, unsigned long offset);
void io_mapping_unmap_local(void __iomem *vaddr);
#endif

#endif /* _LINUX_IO_MAPPING_H */
