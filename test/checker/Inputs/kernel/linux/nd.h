/* Mock <linux/nd.h>: namespaces of the nvdimm bus. */
#ifndef __LINUX_ND_H__
#define __LINUX_ND_H__

#include <linux/device.h>
#include <linux/ioport.h>

struct badblocks {
	u64 *page;
	int count;
};

struct nd_namespace_common {
	int force_raw;
	struct device dev;
	struct device *claim;
};

/* A namespace of a PMEM region; addr is its kernel mapping (devm_nsio_enable()). */
struct nd_namespace_io {
	struct nd_namespace_common common;
	struct resource res;
	resource_size_t size;
	void *addr;
	struct badblocks bb;
};

struct nd_namespace_io *to_nd_namespace_io(const struct device *dev);
bool is_bad_pmem(struct badblocks *bb, sector_t sector, unsigned int len);

#endif /* __LINUX_ND_H__ */
