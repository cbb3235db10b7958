/* Mock <linux/fs.h>: only what the DAX fixtures use. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>

struct inode {
	loff_t i_size;
	unsigned long i_ino;
};

#endif /* _LINUX_FS_H */
