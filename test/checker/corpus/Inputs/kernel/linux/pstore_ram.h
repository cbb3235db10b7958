/*
 * Mock <linux/pstore_ram.h> for the checker corpus: a ramoops zone, a reserved range
 * of RAM (often battery- or NVDIMM-backed) that survives a reboot, mapped with
 * ioremap() / ioremap_wc() or vmap().
 */
#ifndef __LINUX_PSTORE_RAM_H__
#define __LINUX_PSTORE_RAM_H__

#include <linux/types.h>

struct persistent_ram_buffer {
	u32 sig;
	atomic_t start;
	atomic_t size;
	u8 data[];
};

struct persistent_ram_zone {
	phys_addr_t paddr;
	size_t size;
	void *vaddr;
	char *label;
	unsigned int memtype;
	struct persistent_ram_buffer *buffer;
	size_t buffer_size;
};

#endif /* __LINUX_PSTORE_RAM_H__ */
