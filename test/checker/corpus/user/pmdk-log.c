// CORPUS-FLAGS: -std=gnu11 -I%S/../../Inputs/user -I%S/../../../../include
/*
 * A libpmemlog-style append-only log on a file mapped with pmem_map_file() (PMDK's
 * src/libpmemlog/log.c shape): the data area follows a header that holds the write
 * offset, and an append is durable once the data and then the new offset are.
 *
 * It covers the batching idiom of issue 9 (class 5): PMEM_F_MEM_NOFLUSH copies
 * followed by one persist that covers them before the offset is published (right),
 * the same with the copies in a helper, and with the publish before the persist
 * (wrong); and libpmem copies into ordinary memory (class 3).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include <libpmem.h>

#define LOG_HDR_SIZE 4096

struct log_hdr {
	char signature[16];
	uint64_t start_offset;
	uint64_t end_offset;
	uint64_t write_offset;
};

struct pmemlog {
	char *addr;		/* pmem_map_file() */
	size_t size;
	int is_pmem;
	struct log_hdr *hdr;
	char *shadow;		/* malloc'ed copy of the last record, for readers */
};

static char last_error[128];

int pmemlog_open(struct pmemlog *plp, const char *path)
{
	plp->addr = pmem_map_file(path, 0, 0, 0, &plp->size, &plp->is_pmem);
	if (!plp->addr)
		return -1;
	plp->hdr = (struct log_hdr *)plp->addr;
	plp->shadow = malloc(LOG_HDR_SIZE);
	return plp->shadow ? 0 : -1;
}

static void log_persist(struct pmemlog *plp, uint64_t new_write_offset)
{
	plp->hdr->write_offset = new_write_offset;
	if (plp->is_pmem)
		pmem_persist(&plp->hdr->write_offset, sizeof(plp->hdr->write_offset));
	else
		pmem_msync(&plp->hdr->write_offset, sizeof(plp->hdr->write_offset));
}

int pmemlog_append(struct pmemlog *plp, const void *buf, size_t count)
{
	uint64_t off = plp->hdr->write_offset;
	char *data = plp->addr + off;

	if (off + count > plp->hdr->end_offset)
		return -1;
	if (plp->is_pmem) {
		pmem_memcpy_nodrain(data, buf, count); /* LABEL: id=log-append-nodrain expect=none class=direct reason="writethrough into the pool, drained below before the offset is published" */
		pmem_drain();
	} else {
		memcpy(data, buf, count); /* LABEL: id=log-append-memcpy-msync expect=none class=direct reason="not pmem: plain copy, then pmem_msync() of the same range" */
		pmem_msync(data, count);
	}
	log_persist(plp, off + count);
	return 0;
}

int pmemlog_appendv(struct pmemlog *plp, const struct iovec *iov, int iovcnt)
{
	uint64_t off = plp->hdr->write_offset;
	char *data = plp->addr + off;
	size_t total = 0;
	int i;

	for (i = 0; i < iovcnt; i++) {
		pmem_memcpy(data, iov[i].iov_base, iov[i].iov_len, PMEM_F_MEM_NOFLUSH); /* LABEL: id=log-appendv-batched expect=none class=c5-batching reason="NOFLUSH copies, then one pmem_persist() of the whole range before log_persist() publishes the offset" */
		data += iov[i].iov_len;
		total += iov[i].iov_len;
	}
	pmem_persist(plp->addr + off, total);
	log_persist(plp, off + total);
	return 0;
}

int pmemlog_appendv_flush(struct pmemlog *plp, const struct iovec *iov, int iovcnt)
{
	uint64_t off = plp->hdr->write_offset;
	char *start = plp->addr + off, *data = start;
	int i;

	for (i = 0; i < iovcnt; i++) {
		pmem_memcpy(data, iov[i].iov_base, iov[i].iov_len, PMEM_F_MEM_NOFLUSH | PMEM_F_MEM_NONTEMPORAL); /* LABEL: id=log-appendv-flush-drain expect=none class=c5-batching reason="one pmem_flush() of [start, data) and a pmem_drain() before the publish" */
		data += iov[i].iov_len;
	}
	pmem_flush(start, (size_t)(data - start));
	pmem_drain();
	log_persist(plp, off + (uint64_t)(data - start));
	return 0;
}

int pmemlog_appendv_publish_first(struct pmemlog *plp, const struct iovec *iov, int iovcnt)
{
	uint64_t off = plp->hdr->write_offset;
	char *data = plp->addr + off;
	size_t total = 0;
	int i;

	for (i = 0; i < iovcnt; i++) {
		pmem_memcpy(data + total, iov[i].iov_base, iov[i].iov_len, PMEM_F_MEM_NOFLUSH); /* LABEL: id=log-appendv-publish-first expect=copyintent-nocache-needs-writethrough class=c5-batching reason="the new write offset is published and persisted before the data: a crash in between exposes unflushed records" */
		total += iov[i].iov_len;
	}
	log_persist(plp, off + total);
	pmem_persist(data, total);
	return 0;
}

/* the copies in a helper, the covering persist in the caller */
static void log_copy_one(char *dst, const struct iovec *v)
{
	pmem_memcpy(dst, v->iov_base, v->iov_len, PMEM_F_MEM_NOFLUSH); /* LABEL: id=log-copy-helper-caller-persists expect=none class=c5-batching reason="log_copy_one() is only called by pmemlog_appendv_helper(), which persists the whole range before publishing" */
}

int pmemlog_appendv_helper(struct pmemlog *plp, const struct iovec *iov, int iovcnt)
{
	uint64_t off = plp->hdr->write_offset;
	size_t total = 0;
	int i;

	for (i = 0; i < iovcnt; i++) {
		log_copy_one(plp->addr + off + total, &iov[i]);
		total += iov[i].iov_len;
	}
	pmem_persist(plp->addr + off, total);
	log_persist(plp, off + total);
	return 0;
}

void pmemlog_append_noflush(struct pmemlog *plp, const void *buf, size_t count)
{
	uint64_t off = plp->hdr->write_offset;

	pmem_memcpy(plp->addr + off, buf, count, PMEM_F_MEM_NOFLUSH); /* LABEL: id=log-append-noflush expect=copyintent-nocache-needs-writethrough class=direct reason="NOFLUSH into the pool and nothing writes it back before the offset is published" */
	log_persist(plp, off + count);
}

void pmemlog_rewrite_nt(struct pmemlog *plp, uint64_t off, const void *buf, size_t count)
{
	pmem_memcpy(plp->addr + off, buf, count, PMEM_F_MEM_NONTEMPORAL | PMEM_F_MEM_NODRAIN); /* LABEL: id=log-rewrite-nt-nodrain expect=none class=direct reason="NODRAIN still flushes; the pmem_drain() follows" */
	pmem_drain();
}

void pmemlog_set_signature(struct pmemlog *plp, const char *sig)
{
	pmem_memcpy_persist(plp->hdr->signature, sig, sizeof(plp->hdr->signature)); /* LABEL: id=log-signature-persist expect=none class=direct reason="persist copy into the pool header" */
}

/* ---- libpmem copies into ordinary memory ------------------------------------ */

uint64_t pmemlog_check_hdr(const struct pmemlog *plp)
{
	struct log_hdr copy;

	pmem_memcpy_persist(&copy, plp->hdr, sizeof(copy)); /* LABEL: id=log-persist-to-stack expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="copy is a stack struct: flush and drain buy nothing" */
	return copy.write_offset;
}

void pmemlog_shadow_last(struct pmemlog *plp, const void *rec, size_t len)
{
	if (len > LOG_HDR_SIZE)
		len = LOG_HDR_SIZE;
	pmem_memcpy_nodrain(plp->shadow, rec, len); /* LABEL: id=log-nodrain-to-malloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="plp->shadow is malloc()ed in pmemlog_open(): the flushes are wasted" */
}

void pmemlog_set_error(const char *msg, size_t len)
{
	if (len >= sizeof(last_error))
		len = sizeof(last_error) - 1;
	pmem_memcpy(last_error, msg, len, 0); /* LABEL: id=log-memcpy-flags0-static expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="flags 0 flush and drain; last_error is a static array" */
}

void *pmemlog_dup_record(const void *rec, size_t len)
{
	void *buf = malloc(len);

	if (buf)
		pmem_memcpy(buf, rec, len, PMEM_F_MEM_NOFLUSH); /* LABEL: id=log-noflush-to-malloc expect=none class=direct reason="NOFLUSH into malloc() memory is just a copy" */
	return buf;
}
