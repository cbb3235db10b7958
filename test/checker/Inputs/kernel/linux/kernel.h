/* Mock <linux/kernel.h>: the few helpers the fixtures use. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define L1_CACHE_BYTES	64
#define SECTOR_SHIFT	9

#define EIO		5
#define ENOMEM		12
#define EFAULT		14
#define EINVAL		22
#define ENXIO		6

#define READ		0
#define WRITE		1

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#define min(x, y) ((x) < (y) ? (x) : (y))
#define min_t(type, x, y) ((type)(x) < (type)(y) ? (type)(x) : (type)(y))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define WARN_ON(condition) ((void)(condition), 0)
#define WARN_ON_ONCE(condition) WARN_ON(condition)
#define BUG_ON(condition) ((void)(condition))

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pr_err(fmt, ...) printk(fmt, ##__VA_ARGS__)

void *ERR_PTR(long error);
long PTR_ERR(const void *ptr);
bool IS_ERR(const void *ptr);

#endif /* _LINUX_KERNEL_H */
