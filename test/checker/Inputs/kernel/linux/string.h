/*
 * Mock <linux/string.h> (with what x86-64's <asm/string_64.h> adds): the memory
 * copies, per era.
 */
#ifndef _LINUX_STRING_H_
#define _LINUX_STRING_H_

#include <linux/types.h>

struct page;

void *memcpy(void *dest, const void *src, size_t count);
void *memmove(void *dest, const void *src, size_t count);
void *memset(void *s, int c, size_t count);
int memcmp(const void *cs, const void *ct, size_t count);
size_t strlen(const char *s);

#if COPYINTENT_ERA_RFC
/*
 * The names the December 2016 RFC proposed (never merged): cache avoidance only,
 * and the copy that leaves no destination byte dirty in the cache.
 */
void memcpy_nocache(void *dst, const void *src, size_t cnt);
void memcpy_writethrough(void *dst, const void *src, size_t cnt);
#endif

#if COPYINTENT_ERA_FLUSHCACHE
/* On return no byte of [dst, dst + cnt) is dirty in the CPU cache (v4.13+). */
void memcpy_flushcache(void *dst, const void *src, size_t cnt);
#endif

#if COPYINTENT_TEST_ERA == 413
/* Removed from x86 and powerpc in v6.4. */
void memcpy_page_flushcache(char *to, struct page *page, size_t offset, size_t len);
#endif

/* Machine-check safe reads of possibly poisoned (pmem) memory. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
int memcpy_mcsafe(void *dst, const void *src, size_t cnt);
#else
unsigned long copy_mc_to_kernel(void *dst, const void *src, size_t cnt);
#endif

#endif /* _LINUX_STRING_H_ */
