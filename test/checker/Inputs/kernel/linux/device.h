/* Mock <linux/device.h>: devices and device-managed allocations. */
#ifndef _DEVICE_H_
#define _DEVICE_H_

#include <linux/types.h>

struct device {
	struct device *parent;
	void *driver_data;
};

void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
int dev_err(const struct device *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* _DEVICE_H_ */
