/* Mock <linux/ioport.h>: resources. */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
};

resource_size_t resource_size(const struct resource *res);

#endif /* _LINUX_IOPORT_H */
