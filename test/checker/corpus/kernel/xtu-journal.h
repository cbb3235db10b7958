/*
 * The shared header of the two-file journal driver of the corpus (xtu-journal-core.c,
 * xtu-journal-map.c): the mapping is made in one translation unit, the copies are
 * made in the other (issue 9, class 1: cross-TU provenance).
 */
#ifndef XTU_JOURNAL_H
#define XTU_JOURNAL_H

#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/uio.h>

struct resource;

#define JOURNAL_SLOT_SIZE 512

struct journal_hdr {
	__u64 seq;
	__u32 len;
	__u32 csum;
};

struct journal {
	struct device *dev;
	void *base;			/* PMEM namespace mapping (xtu-journal-map.c) */
	struct journal_hdr *shadow;	/* RAM copy of the last header */
	size_t size;
	__u64 seq;
};

/* xtu-journal-core.c */
size_t journal_copy_payload(void *dst, struct iov_iter *from, size_t len);
void journal_copy_meta(void *dst, const void *src, size_t len);
void *journal_slot(struct journal *j, unsigned int idx);

/* xtu-journal-map.c */
int journal_attach(struct journal *j, struct resource *res);
size_t journal_commit(struct journal *j, unsigned int idx, struct iov_iter *from, size_t len);

#endif /* XTU_JOURNAL_H */
