/*
 * Mock <libpmem2.h> (PMDK) for copyintent's checker tests: declarations only. The
 * copy functions are reached through function pointers that pmem2_get_*_fn() return
 * for a mapping.
 */
#ifndef LIBPMEM2_H
#define LIBPMEM2_H 1

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pmem2_config;
struct pmem2_source;
struct pmem2_map;

enum pmem2_granularity {
	PMEM2_GRANULARITY_BYTE,
	PMEM2_GRANULARITY_CACHE_LINE,
	PMEM2_GRANULARITY_PAGE,
};

int pmem2_config_new(struct pmem2_config **cfg);
int pmem2_config_delete(struct pmem2_config **cfg);
int pmem2_config_set_required_store_granularity(struct pmem2_config *cfg,
	enum pmem2_granularity g);
int pmem2_source_from_fd(struct pmem2_source **src, int fd);
int pmem2_source_delete(struct pmem2_source **src);

int pmem2_map_new(struct pmem2_map **map_ptr, const struct pmem2_config *cfg,
	const struct pmem2_source *src);
int pmem2_map_delete(struct pmem2_map **map_ptr);
void *pmem2_map_get_address(struct pmem2_map *map);
size_t pmem2_map_get_size(struct pmem2_map *map);
enum pmem2_granularity pmem2_map_get_store_granularity(struct pmem2_map *map);

#define PMEM2_F_MEM_NODRAIN	(1U << 0)
#define PMEM2_F_MEM_NONTEMPORAL	(1U << 1)
#define PMEM2_F_MEM_TEMPORAL	(1U << 2)
#define PMEM2_F_MEM_WC		(1U << 3)
#define PMEM2_F_MEM_WB		(1U << 4)
#define PMEM2_F_MEM_NOFLUSH	(1U << 5)

typedef void (*pmem2_persist_fn)(const void *ptr, size_t size);
typedef void (*pmem2_flush_fn)(const void *ptr, size_t size);
typedef void (*pmem2_drain_fn)(void);
typedef void *(*pmem2_memmove_fn)(void *pmemdest, const void *src, size_t len,
	unsigned flags);
typedef void *(*pmem2_memcpy_fn)(void *pmemdest, const void *src, size_t len,
	unsigned flags);
typedef void *(*pmem2_memset_fn)(void *pmemdest, int c, size_t len, unsigned flags);

pmem2_persist_fn pmem2_get_persist_fn(struct pmem2_map *map);
pmem2_flush_fn pmem2_get_flush_fn(struct pmem2_map *map);
pmem2_drain_fn pmem2_get_drain_fn(struct pmem2_map *map);
pmem2_memmove_fn pmem2_get_memmove_fn(struct pmem2_map *map);
pmem2_memcpy_fn pmem2_get_memcpy_fn(struct pmem2_map *map);
pmem2_memset_fn pmem2_get_memset_fn(struct pmem2_map *map);

const char *pmem2_errormsg(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBPMEM2_H */
