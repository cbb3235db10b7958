/* Mock <linux/pci.h>. */
#ifndef LINUX_PCI_H
#define LINUX_PCI_H

#include <linux/device.h>
#include <linux/io.h>

struct pci_dev {
	struct device dev;
	unsigned short vendor;
	unsigned short device;
};

resource_size_t pci_resource_start(struct pci_dev *dev, int bar);
resource_size_t pci_resource_len(struct pci_dev *dev, int bar);

#endif /* LINUX_PCI_H */
