/*
 * Mock <libpmemobj.h> (PMDK) for copyintent's checker tests: declarations only.
 * Objects in a pool are named by PMEMoid; pmemobj_direct() turns one into a pointer
 * into the pool's mapping (persistent memory). The typed handles: TOID(t) is a union
 * of the PMEMoid and a t * that only carries the type; D_RW(o) is
 * pmemobj_direct((o).oid) cast to that type (a macro, so the call to pmemobj_direct()
 * comes from a macro expansion).
 */
#ifndef LIBPMEMOBJ_H
#define LIBPMEMOBJ_H 1

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pmemobjpool PMEMobjpool;

typedef struct pmemoid {
	uint64_t pool_uuid_lo;
	uint64_t off;
} PMEMoid;

PMEMobjpool *pmemobj_create(const char *path, const char *layout, size_t poolsize,
	mode_t mode);
PMEMobjpool *pmemobj_open(const char *path, const char *layout);
void pmemobj_close(PMEMobjpool *pop);

void *pmemobj_direct(PMEMoid oid);
PMEMoid pmemobj_root(PMEMobjpool *pop, size_t size);
int pmemobj_alloc(PMEMobjpool *pop, PMEMoid *oidp, size_t size, uint64_t type_num,
	int (*constructor)(PMEMobjpool *pop, void *ptr, void *arg), void *arg);
int pmemobj_zalloc(PMEMobjpool *pop, PMEMoid *oidp, size_t size, uint64_t type_num);
void pmemobj_free(PMEMoid *oidp);

void pmemobj_persist(PMEMobjpool *pop, const void *addr, size_t len);
void pmemobj_flush(PMEMobjpool *pop, const void *addr, size_t len);
void pmemobj_drain(PMEMobjpool *pop);
void *pmemobj_memcpy_persist(PMEMobjpool *pop, void *dest, const void *src, size_t len);
void *pmemobj_memcpy(PMEMobjpool *pop, void *dest, const void *src, size_t len,
	unsigned flags);

#define PMEMOBJ_F_MEM_NODRAIN		(1U << 0)
#define PMEMOBJ_F_MEM_NONTEMPORAL	(1U << 1)
#define PMEMOBJ_F_MEM_TEMPORAL		(1U << 2)
#define PMEMOBJ_F_MEM_WC		(1U << 3)
#define PMEMOBJ_F_MEM_WB		(1U << 4)
#define PMEMOBJ_F_MEM_NOFLUSH		(1U << 5)

/*
 * Typed object handles. TOID(struct foo) pastes to "_toid_struct foo_toid"; the empty
 * macros _toid_struct / _toid_union drop the keyword: union foo_toid.
 */
#define _toid_struct
#define _toid_union
#define TOID(t) union _toid_##t##_toid
#define TOID_DECLARE(t, i)						\
	typedef uint8_t _toid_##t##_toid_type_num[(i) + 1];		\
	TOID(t)								\
	{								\
		PMEMoid oid;						\
		t *_type;						\
		_toid_##t##_toid_type_num *_type_num;			\
	}
#define TOID_TYPE_NUM(t) (sizeof(_toid_##t##_toid_type_num) - 1)
#define D_RW(o) ((__typeof__((o)._type))pmemobj_direct((o).oid))
#define D_RO(o) ((const __typeof__(*(o)._type) *)pmemobj_direct((o).oid))

#ifdef __cplusplus
}
#endif

#endif /* LIBPMEMOBJ_H */
