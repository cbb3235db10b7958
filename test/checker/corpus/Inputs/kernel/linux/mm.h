/*
 * Mock <linux/mm.h> for the checker corpus (test/checker/corpus): what the shared
 * mocks in test/checker/Inputs/kernel lack. Declarations only, v6.1 shapes.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/gfp.h>
#include <linux/slab.h>

/* kmalloc, falling back to vmalloc for large sizes: ordinary memory either way. */
void *kvmalloc(size_t size, gfp_t flags);
void *kvzalloc(size_t size, gfp_t flags);
void *kvmalloc_array(size_t n, size_t size, gfp_t flags);
void kvfree(const void *addr);

#define __get_free_page(gfp_mask) __get_free_pages((gfp_mask), 0)

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	void *vm_private_data;
};

struct page *virt_to_page(const void *addr);
long get_user_pages_fast(unsigned long start, int nr_pages, unsigned int gup_flags,
			 struct page **pages);

#endif /* _LINUX_MM_H */
