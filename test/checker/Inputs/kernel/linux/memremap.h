/*
 * Mock <linux/memremap.h>: struct pages for device memory (ZONE_DEVICE), as pmem
 * uses them for DAX. The signature of devm_memremap_pages() changed in v4.16.
 */
#ifndef _LINUX_MEMREMAP_H_
#define _LINUX_MEMREMAP_H_

#include <linux/io.h>
#include <linux/ioport.h>

struct percpu_ref;
struct vmem_altmap;

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 16, 0)
void *devm_memremap_pages(struct device *dev, struct resource *res,
			  struct percpu_ref *ref, struct vmem_altmap *altmap);
#else
enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_COHERENT,
	MEMORY_DEVICE_FS_DAX,
	MEMORY_DEVICE_GENERIC,
	MEMORY_DEVICE_PCI_P2PDMA,
};

struct range {
	u64 start;
	u64 end;
};

struct dev_pagemap {
	struct range range;
	enum memory_type type;
	unsigned int flags;
	int nr_range;
};

void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap);
void devm_memunmap_pages(struct device *dev, struct dev_pagemap *pgmap);
#endif

#endif /* _LINUX_MEMREMAP_H_ */
