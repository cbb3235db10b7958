/* Mock <linux/blkdev.h>: only what DAX and the fixtures use. */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>

struct block_device {
	sector_t bd_start_sect;
	struct dax_device *bd_dax;
};

struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
};

#endif /* _LINUX_BLKDEV_H */
