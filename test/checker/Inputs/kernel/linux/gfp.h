/* Mock <linux/gfp.h>: page allocation. */
#ifndef __LINUX_GFP_H
#define __LINUX_GFP_H

#include <linux/types.h>

struct page;

#define __GFP_ZERO	0x100u
#define GFP_ATOMIC	0x820u
#define GFP_KERNEL	0xcc0u
#define GFP_NOWAIT	0x800u

struct page *alloc_pages(gfp_t gfp_mask, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
void *page_address(const struct page *page);

#endif /* __LINUX_GFP_H */
