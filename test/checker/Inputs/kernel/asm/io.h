/* Mock x86 <asm/io.h>: MMIO mappings and accessors. */
#ifndef _ASM_X86_IO_H
#define _ASM_X86_IO_H

#include <linux/types.h>
#include <asm-generic/pci_iomap.h>

void __iomem *ioremap(resource_size_t offset, unsigned long size);
void __iomem *ioremap_wc(resource_size_t offset, unsigned long size);
void __iomem *ioremap_wt(resource_size_t offset, unsigned long size);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
void __iomem *ioremap_nocache(resource_size_t offset, unsigned long size);
#endif
void __iomem *ioremap_cache(resource_size_t offset, unsigned long size);
void iounmap(volatile void __iomem *addr);

void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t count);
void memcpy_toio(volatile void __iomem *dst, const void *src, size_t count);
void memset_io(volatile void __iomem *addr, int val, size_t count);

u32 ioread32(const void __iomem *addr);
void iowrite32(u32 val, void __iomem *addr);
void iowrite64(u64 val, void __iomem *addr);
u32 readl(const volatile void __iomem *addr);
void writeb(u8 val, volatile void __iomem *addr);
void writew(u16 val, volatile void __iomem *addr);
void writel(u32 val, volatile void __iomem *addr);
void writeq(u64 val, volatile void __iomem *addr);
/* Not ordered after earlier normal or write-combining stores (asm-generic/io.h). */
void writeb_relaxed(u8 val, volatile void __iomem *addr);
void writew_relaxed(u16 val, volatile void __iomem *addr);
void writel_relaxed(u32 val, volatile void __iomem *addr);
void writeq_relaxed(u64 val, volatile void __iomem *addr);
void __raw_writel(u32 val, volatile void __iomem *addr);
void __raw_writeq(u64 val, volatile void __iomem *addr);
/* Copies into MMIO in 32- / 64-bit units (linux/io.h). */
void __iowrite32_copy(void __iomem *to, const void *from, size_t count);
void __iowrite64_copy(void __iomem *to, const void *from, size_t count);


#include <asm/barrier.h>

#endif /* _ASM_X86_IO_H */
