/*
 * Mock <linux/uio.h>: copies from and to an iov_iter, per era. In the kernel most
 * of these are inline wrappers of the underscore forms; here all are prototypes.
 * Quirk kept from the kernel: without CONFIG_ARCH_HAS_UACCESS_FLUSHCACHE,
 * _copy_from_iter_flushcache is a macro for _copy_from_iter_nocache.
 */
#ifndef __LINUX_UIO_H
#define __LINUX_UIO_H

#include <linux/types.h>

struct page;

struct kvec {
	void *iov_base;
	size_t iov_len;
};

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

struct iov_iter {
	u8 iter_type;
	bool data_source;
	size_t iov_offset;
	size_t count;
	const struct iovec *iov;
	unsigned long nr_segs;
};

int iov_iter_rw(const struct iov_iter *i);
size_t iov_iter_count(const struct iov_iter *i);
void iov_iter_advance(struct iov_iter *i, size_t bytes);

size_t __must_check copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
size_t __must_check copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
bool __must_check copy_from_iter_full(void *addr, size_t bytes, struct iov_iter *i);
size_t copy_page_from_iter(struct page *page, size_t offset, size_t bytes, struct iov_iter *i);

/* Cache avoidance only (networking transmit, NETIF_F_NOCACHE_COPY). */
size_t __must_check copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i);
bool __must_check copy_from_iter_full_nocache(void *addr, size_t bytes, struct iov_iter *i);

#if COPYINTENT_ERA_RFC
/* Proposed by the December 2016 RFC (never merged). */
size_t __must_check copy_from_iter_writethrough(void *addr, size_t bytes, struct iov_iter *i);
#endif

#if COPYINTENT_ERA_FLUSHCACHE
size_t _copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
size_t _copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t _copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i);
#ifdef CONFIG_ARCH_HAS_UACCESS_FLUSHCACHE
size_t _copy_from_iter_flushcache(void *addr, size_t bytes, struct iov_iter *i);
#else
#define _copy_from_iter_flushcache _copy_from_iter_nocache
#endif
#if COPYINTENT_TEST_ERA == 413
/* The public wrapper existed in v4.13-v5.16 only. */
size_t __must_check copy_from_iter_flushcache(void *addr, size_t bytes, struct iov_iter *i);
#endif
#ifdef CONFIG_ARCH_HAS_COPY_MC
size_t _copy_mc_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
#endif
#endif /* COPYINTENT_ERA_FLUSHCACHE */

#endif /* __LINUX_UIO_H */
