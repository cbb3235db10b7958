/* Mock <linux/highmem.h>: temporary kernel mappings of pages. */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/gfp.h>

void *kmap(struct page *page);
void kunmap(struct page *page);
void *kmap_atomic(struct page *page);
void kunmap_atomic(void *addr);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
void *kmap_local_page(struct page *page);
void kunmap_local(const void *addr);
#endif

#endif /* _LINUX_HIGHMEM_H */
