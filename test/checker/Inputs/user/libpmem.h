/*
 * Mock <libpmem.h> (PMDK) for copyintent's checker tests: declarations only, the
 * subset the fixtures use, with PMDK's flag values.
 */
#ifndef LIBPMEM_H
#define LIBPMEM_H 1

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PMEM_FILE_CREATE	(1 << 0)
#define PMEM_FILE_EXCL		(1 << 1)
#define PMEM_FILE_SPARSE	(1 << 2)
#define PMEM_FILE_TMPFILE	(1 << 3)

/* Maps a file; *is_pmemp says whether flushing with pmem_persist() is enough. */
void *pmem_map_file(const char *path, size_t len, int flags, mode_t mode,
	size_t *mapped_lenp, int *is_pmemp);
int pmem_unmap(void *addr, size_t len);
int pmem_is_pmem(const void *addr, size_t len);
int pmem_has_auto_flush(void);
int pmem_has_hw_drain(void);

void pmem_persist(const void *addr, size_t len);
int pmem_msync(const void *addr, size_t len);
void pmem_flush(const void *addr, size_t len);
void pmem_deep_flush(const void *addr, size_t len);
void pmem_drain(void);
int pmem_deep_persist(const void *addr, size_t len);

/* Durable on return. */
void *pmem_memmove_persist(void *pmemdest, const void *src, size_t len);
void *pmem_memcpy_persist(void *pmemdest, const void *src, size_t len);
void *pmem_memset_persist(void *pmemdest, int c, size_t len);
/* Flushed, not drained: durable after pmem_drain(). */
void *pmem_memmove_nodrain(void *pmemdest, const void *src, size_t len);
void *pmem_memcpy_nodrain(void *pmemdest, const void *src, size_t len);
void *pmem_memset_nodrain(void *pmemdest, int c, size_t len);

/* Flags of pmem_memcpy() / pmem_memmove() / pmem_memset(). */
#define PMEM_F_MEM_NODRAIN	(1U << 0)	/* skip the final pmem_drain() */
#define PMEM_F_MEM_NONTEMPORAL	(1U << 1)	/* prefer non-temporal stores */
#define PMEM_F_MEM_TEMPORAL	(1U << 2)	/* prefer temporal stores */
#define PMEM_F_MEM_WC		(1U << 3)	/* prefer write-combining stores */
#define PMEM_F_MEM_WB		(1U << 4)	/* prefer write-back stores */
#define PMEM_F_MEM_NOFLUSH	(1U << 5)	/* no flush, no drain: not durable */
#define PMEM_F_MEM_VALID_FLAGS	(PMEM_F_MEM_NODRAIN | PMEM_F_MEM_NONTEMPORAL | \
				 PMEM_F_MEM_TEMPORAL | PMEM_F_MEM_WC | PMEM_F_MEM_WB | \
				 PMEM_F_MEM_NOFLUSH)

void *pmem_memmove(void *pmemdest, const void *src, size_t len, unsigned flags);
void *pmem_memcpy(void *pmemdest, const void *src, size_t len, unsigned flags);
void *pmem_memset(void *pmemdest, int c, size_t len, unsigned flags);

const char *pmem_check_version(unsigned major_required, unsigned minor_required);
const char *pmem_errormsg(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBPMEM_H */
