// CORPUS-FLAGS: -std=gnu11 -Wno-vla -I%S/../../Inputs/user -I%S/../../../../include
/*
 * User-space writethrough and persist copies into memory that is ordinary RAM without
 * being a plain malloc() result (issue 9, class 3): anonymous and private mappings,
 * stack arrays, a VLA, alloca(), static and global objects, an allocation behind a
 * macro or a typedef, posix_memalign() and realloc(). And the mappings around them
 * that are pmem (MAP_SYNC) or unknown (MAP_SHARED without MAP_SYNC).
 */
#define _GNU_SOURCE
#include <alloca.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <copyintent/copy.h>
#include <libpmem.h>

#define REGION (1u << 20)
#define ZALLOC(sz) calloc(1, (sz))

typedef unsigned char digest_block_t[64];

struct stats {
	uint64_t ops;
	char last_key[32];
};

static struct stats g_stats;

uint32_t crc32c(const void *p, size_t n);

int anon_scratch(const void *src, size_t len)
{
	void *mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED || len > REGION)
		return -1;
	memcpy_writethrough(mem, src, len); /* LABEL: id=mmap-anon-private expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="MAP_PRIVATE | MAP_ANONYMOUS: anonymous RAM" */
	return munmap(mem, REGION);
}

int anon_shared(const void *src, size_t len)
{
	char *mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED || len > REGION)
		return -1;
	copyintent_memcpy_writethrough(mem + 64, src, len); /* LABEL: id=mmap-anon-shared expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="MAP_SHARED | MAP_ANONYMOUS: shmem, RAM shared with children" */
	return munmap(mem, REGION);
}

int private_file_copy(int fd, const void *src, size_t len)
{
	void *mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	if (mem == MAP_FAILED || len > REGION)
		return -1;
	pmem_memcpy_persist(mem, src, len); /* LABEL: id=mmap-private-file expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="MAP_PRIVATE without MAP_SYNC: written pages are private copies in RAM, never the file" */
	return munmap(mem, REGION);
}

int sync_file_copy(int fd, const void *src, size_t len)
{
	void *mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);

	if (mem == MAP_FAILED || len > REGION)
		return -1;
	memcpy_nocache(mem, src, len); /* LABEL: id=mmap-map-sync-nocache expect=copyintent-nocache-needs-writethrough class=direct reason="MAP_SYNC mapping of a DAX file: pmem, and a nocache copy leaves dirty lines" */
	drain();
	return munmap(mem, REGION);
}

int shared_file_copy(int fd, const void *src, size_t len)
{
	void *mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (mem == MAP_FAILED || len > REGION)
		return -1;
	memcpy_writethrough(mem, src, len); /* LABEL: id=mmap-shared-unknown expect=none class=c3-ordinary-memory reason="MAP_SHARED file mapping: page cache or DAX without MAP_SYNC, unknown" */
	return munmap(mem, REGION);
}

uint32_t digest_line(const char *line, size_t len)
{
	char buf[len + 1];

	memcpy_writethrough(buf, line, len); /* LABEL: id=user-vla expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="buf is a VLA on the stack" */
	buf[len] = '\0';
	return crc32c(buf, len);
}

uint32_t digest_alloca(const void *src, size_t len)
{
	char *tmp = alloca(len);

	copyintent_memcpy_persist(tmp, src, len); /* LABEL: id=user-alloca expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="alloca() memory is on the stack" */
	return crc32c(tmp, len);
}

void remember_key(const char *key, size_t len)
{
	static char last[32];

	if (len > sizeof(last))
		len = sizeof(last);
	memcpy_writethrough(last, key, len); /* LABEL: id=user-static-local expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="function-scope static array" */
	copyintent_memcpy_writethrough(g_stats.last_key, key, len); /* LABEL: id=user-global-member expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="member of a global struct" */
	g_stats.ops++;
}

uint32_t digest_block(const void *src)
{
	digest_block_t blk;

	memcpy_writethrough(blk, src, sizeof(blk)); /* LABEL: id=user-typedef-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="stack array declared through a typedef" */
	return crc32c(blk, sizeof(blk));
}

void *record_dup(const void *src, size_t len)
{
	void *buf = ZALLOC(len);

	if (buf)
		memcpy_persist(buf, src, len); /* LABEL: id=user-macro-calloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="ZALLOC() is a macro around calloc()" */
	return buf;
}

void *record_dup_aligned(const void *src, size_t len)
{
	void *buf;

	if (posix_memalign(&buf, 64, len))
		return NULL;
	pmem_memcpy_nodrain(buf, src, len); /* LABEL: id=user-posix-memalign expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="posix_memalign() fills buf with heap memory" */
	return buf;
}

char *record_append(char *buf, size_t used, const void *src, size_t len)
{
	char *nbuf = realloc(buf, used + len);

	if (nbuf)
		copyintent_memcpy_writethrough(nbuf + used, src, len); /* LABEL: id=user-realloc expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="realloc() heap memory" */
	return nbuf;
}
