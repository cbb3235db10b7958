// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * The copy side of a two-file journal driver (with xtu-journal-map.c and the shared
 * xtu-journal.h): exported helpers whose destinations come only from the other
 * translation unit. Inside this TU they are unknown; the verdicts below are what the
 * whole driver says (issue 9, class 1, cross-TU facts).
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "xtu-journal.h"

size_t journal_copy_payload(void *dst, struct iov_iter *from, size_t len)
{
	return _copy_from_iter_nocache(dst, len, from); /* LABEL: id=xtu-payload-param expect=copyintent-nocache-needs-writethrough class=c1-cross-tu reason="exported; its only caller, journal_commit() in xtu-journal-map.c, passes j->base + offset, the ARCH_MEMREMAP_PMEM mapping" */
}

void journal_copy_meta(void *dst, const void *src, size_t len)
{
	memcpy_flushcache(dst, src, len); /* LABEL: id=xtu-meta-param expect=copyintent-unneeded-writethrough class=c1-cross-tu reason="exported; its only caller, journal_commit() in xtu-journal-map.c, passes j->shadow, a kzalloc() buffer" */
}

void *journal_slot(struct journal *j, unsigned int idx)
{
	return j->base + (size_t)idx * JOURNAL_SLOT_SIZE;
}
