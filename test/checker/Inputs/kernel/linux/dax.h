/*
 * Mock <linux/dax.h>, per era. dax_direct_access() returns, through its kaddr
 * out-parameter, the kernel mapping of persistent memory: the destination the
 * December 2016 thread says needs writethrough (dax_iomap_actor()).
 *   2016  dax_direct_access() as v4.12 added it; no dax_operations yet.
 *   413   dax_operations with the ->copy_from_iter / ->copy_to_iter methods that
 *         dax_copy_from_iter() / dax_copy_to_iter() call (v4.13-v5.16).
 *   517+  those methods removed (v5.17): dax_copy_from_iter() uses
 *         _copy_from_iter_flushcache() when set_dax_nocache() was called; direct
 *         access takes an access mode (v5.19); ->recovery_write() (v6.0).
 * Era 42 has no DAX device API.
 */
#ifndef _LINUX_DAX_H
#define _LINUX_DAX_H

#include <linux/types.h>
#include <linux/uio.h>

#if COPYINTENT_TEST_ERA == 42
#error "<linux/dax.h> of era 42 has no dax_device API in this mock"
#endif

struct dax_device;
struct block_device;

typedef struct {
	u64 val;
} pfn_t;

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 17, 0)
long dax_direct_access(struct dax_device *dax_dev, pgoff_t pgoff, long nr_pages,
		       void **kaddr, pfn_t *pfn);
#else
enum dax_access_mode {
	DAX_ACCESS,
	DAX_RECOVERY_WRITE,
};

long dax_direct_access(struct dax_device *dax_dev, pgoff_t pgoff, long nr_pages,
		       enum dax_access_mode mode, void **kaddr, pfn_t *pfn);
#endif

int bdev_dax_pgoff(struct block_device *bdev, sector_t sector, size_t size, pgoff_t *pgoff);
int dax_read_lock(void);
void dax_read_unlock(int id);

#if COPYINTENT_TEST_ERA == 413
struct dax_operations {
	long (*direct_access)(struct dax_device *dax_dev, pgoff_t pgoff, long nr_pages,
			      void **kaddr, pfn_t *pfn);
	/* copy data from an iov_iter into the device's kernel mapping addr */
	size_t (*copy_from_iter)(struct dax_device *dax_dev, pgoff_t pgoff, void *addr,
				 size_t bytes, struct iov_iter *i);
	size_t (*copy_to_iter)(struct dax_device *dax_dev, pgoff_t pgoff, void *addr,
			       size_t bytes, struct iov_iter *i);
};

struct dax_device *alloc_dax(void *private, const char *host,
			     const struct dax_operations *ops, unsigned long flags);
#elif COPYINTENT_TEST_ERA == 517 || COPYINTENT_TEST_ERA == 70
struct dax_operations {
	long (*direct_access)(struct dax_device *dax_dev, pgoff_t pgoff, long nr_pages,
			      enum dax_access_mode mode, void **kaddr, pfn_t *pfn);
	int (*zero_page_range)(struct dax_device *dax_dev, pgoff_t pgoff, size_t nr_pages);
	/* write through addr after a poison was cleared */
	size_t (*recovery_write)(struct dax_device *dax_dev, pgoff_t pgoff, void *addr,
				 size_t bytes, struct iov_iter *iter);
};

struct dax_device *alloc_dax(void *private, const struct dax_operations *ops);
void set_dax_nocache(struct dax_device *dax_dev);
void set_dax_nomc(struct dax_device *dax_dev);
#endif

#if COPYINTENT_ERA_FLUSHCACHE
size_t dax_copy_from_iter(struct dax_device *dax_dev, pgoff_t pgoff, void *addr,
			  size_t bytes, struct iov_iter *i);
size_t dax_copy_to_iter(struct dax_device *dax_dev, pgoff_t pgoff, void *addr,
			size_t bytes, struct iov_iter *i);
#endif

void *dax_get_private(struct dax_device *dax_dev);

#endif /* _LINUX_DAX_H */
