// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * The mapping side of the two-file journal driver (with xtu-journal-core.c): the PMEM
 * namespace is mapped here, the payload and header copies are made by helpers in the
 * other translation unit, and journal_slot() (defined there) returns an address in
 * the mapping (issue 9, class 1, cross-TU facts).
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "xtu-journal.h"

int journal_attach(struct journal *j, struct resource *res)
{
	j->size = resource_size(res);
	j->base = devm_memremap(j->dev, res->start, j->size, ARCH_MEMREMAP_PMEM);
	if (IS_ERR(j->base))
		return PTR_ERR(j->base);
	j->shadow = kzalloc(sizeof(*j->shadow), GFP_KERNEL);
	return j->shadow ? 0 : -ENOMEM;
}

size_t journal_commit(struct journal *j, unsigned int idx, struct iov_iter *from, size_t len)
{
	struct journal_hdr hdr = { .seq = ++j->seq, .len = len };
	size_t off = (size_t)idx * JOURNAL_SLOT_SIZE;
	size_t n;

	n = journal_copy_payload(j->base + off + sizeof(hdr), from, len);
	journal_copy_meta(j->shadow, &hdr, sizeof(hdr));
	memcpy_flushcache(j->base + off, &hdr, sizeof(hdr)); /* LABEL: id=xtu-commit-hdr expect=none class=direct reason="writethrough of the header into the PMEM mapping: right" */
	return n;
}

size_t journal_rewrite(struct journal *j, unsigned int idx, struct iov_iter *from)
{
	return _copy_from_iter_nocache(journal_slot(j, idx), JOURNAL_SLOT_SIZE, from); /* LABEL: id=xtu-slot-return expect=copyintent-nocache-needs-writethrough class=c1-cross-tu reason="journal_slot() (xtu-journal-core.c) returns j->base + idx * slot, and j->base is the ARCH_MEMREMAP_PMEM mapping made above" */
}
