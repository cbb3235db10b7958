/*
 * Mock <linux/slab.h>. From v6.10 kmalloc() and kin are macros around the _noprof
 * functions (memory allocation profiling); era 70 mirrors that, so a call spelled
 * kmalloc() reaches kmalloc_noprof() in the AST. With
 * COPYINTENT_TEST_ALLOC_PROFILING the wrapper is a statement expression, as with
 * CONFIG_MEM_ALLOC_PROFILING.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>

#if COPYINTENT_TEST_ERA == 70
void *kmalloc_noprof(size_t size, gfp_t flags);
void *kzalloc_noprof(size_t size, gfp_t flags);
void *kcalloc_noprof(size_t n, size_t size, gfp_t flags);
void *kmalloc_array_noprof(size_t n, size_t size, gfp_t flags);
#ifdef COPYINTENT_TEST_ALLOC_PROFILING
#define alloc_hooks(_do_alloc)						\
({									\
	__typeof__(_do_alloc) _res = (_do_alloc);			\
	_res;								\
})
#else
#define alloc_hooks(_do_alloc) (_do_alloc)
#endif
#define kmalloc(...)		alloc_hooks(kmalloc_noprof(__VA_ARGS__))
#define kzalloc(...)		alloc_hooks(kzalloc_noprof(__VA_ARGS__))
#define kcalloc(...)		alloc_hooks(kcalloc_noprof(__VA_ARGS__))
#define kmalloc_array(...)	alloc_hooks(kmalloc_array_noprof(__VA_ARGS__))
#else
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
#endif
void kfree(const void *objp);

struct kmem_cache;
void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags);
void kmem_cache_free(struct kmem_cache *cachep, void *objp);

#endif /* _LINUX_SLAB_H */
