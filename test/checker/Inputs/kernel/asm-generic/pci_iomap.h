/* Mock <asm-generic/pci_iomap.h>: mapping PCI BARs (MMIO). */
#ifndef __ASM_GENERIC_PCI_IOMAP_H
#define __ASM_GENERIC_PCI_IOMAP_H

#include <linux/types.h>

struct pci_dev;

void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long max);
void __iomem *pci_iomap_wc(struct pci_dev *dev, int bar, unsigned long max);
void pci_iounmap(struct pci_dev *dev, void __iomem *addr);

#endif /* __ASM_GENERIC_PCI_IOMAP_H */
