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

/*
 * Transactions (libpmemobj/tx.h). Between TX_BEGIN and TX_END the code runs in the
 * work stage of a loop over the transaction's stages; a range added with
 * pmemobj_tx_add_range*() before it is stored into is logged (undo) and written back
 * and drained when the transaction commits; objects allocated in the transaction are
 * written back too. A store into a range never added is neither logged nor persisted
 * by the commit.
 */
#include <setjmp.h>

enum pobj_tx_stage {
	TX_STAGE_NONE,
	TX_STAGE_WORK,
	TX_STAGE_ONCOMMIT,
	TX_STAGE_ONABORT,
	TX_STAGE_FINALLY,
	MAX_TX_STAGE
};

enum pobj_tx_param { TX_PARAM_NONE, TX_PARAM_UNUSED1, TX_PARAM_UNUSED2, TX_PARAM_CB };

int pmemobj_tx_begin(PMEMobjpool *pop, jmp_buf env, ...);
enum pobj_tx_stage pmemobj_tx_stage(void);
void pmemobj_tx_process(void);
void pmemobj_tx_commit(void);
void pmemobj_tx_abort(int errnum);
int pmemobj_tx_end(void);
int pmemobj_tx_errno(void);
int pmemobj_tx_add_range(PMEMoid oid, uint64_t off, size_t size);
int pmemobj_tx_add_range_direct(const void *ptr, size_t size);
int pmemobj_tx_xadd_range(PMEMoid oid, uint64_t off, size_t size, uint64_t flags);
int pmemobj_tx_xadd_range_direct(const void *ptr, size_t size, uint64_t flags);
PMEMoid pmemobj_tx_alloc(size_t size, uint64_t type_num);
PMEMoid pmemobj_tx_zalloc(size_t size, uint64_t type_num);
int pmemobj_tx_free(PMEMoid oid);

#define _POBJ_TX_BEGIN(pop, ...)					\
{									\
	jmp_buf _tx_env;						\
	enum pobj_tx_stage _stage;					\
	int _pobj_errno;						\
	if (setjmp(_tx_env)) {						\
		_pobj_errno = pmemobj_tx_errno();			\
	} else {							\
		_pobj_errno = pmemobj_tx_begin(pop, _tx_env, __VA_ARGS__, \
				TX_PARAM_NONE);				\
	}								\
	(void)_pobj_errno;						\
	while ((_stage = pmemobj_tx_stage()) != TX_STAGE_NONE) {	\
		switch (_stage) {					\
		case TX_STAGE_WORK:

#define TX_BEGIN(pop) _POBJ_TX_BEGIN(pop, TX_PARAM_NONE, TX_PARAM_NONE)

#define TX_ONABORT							\
			pmemobj_tx_process();				\
			break;						\
		case TX_STAGE_ONABORT:

#define TX_ONCOMMIT							\
			pmemobj_tx_process();				\
			break;						\
		case TX_STAGE_ONCOMMIT:

#define TX_FINALLY							\
			pmemobj_tx_process();				\
			break;						\
		case TX_STAGE_FINALLY:

#define TX_END								\
			pmemobj_tx_process();				\
			break;						\
		default:						\
			pmemobj_tx_process();				\
			break;						\
		}							\
	}								\
	_pobj_errno = pmemobj_tx_end();					\
}

#define TOID_OFFSETOF(o, field) ((size_t)&((__typeof__((o)._type))0)->field)
#define TX_ADD(o) pmemobj_tx_add_range((o).oid, 0, sizeof(*(o)._type))
#define TX_ADD_FIELD(o, field)						\
	pmemobj_tx_add_range((o).oid, TOID_OFFSETOF(o, field), sizeof(D_RO(o)->field))
#define TX_ADD_DIRECT(p) pmemobj_tx_add_range_direct(p, sizeof(*(p)))
#define TX_ADD_FIELD_DIRECT(p, field)					\
	pmemobj_tx_add_range_direct(&(p)->field, sizeof((p)->field))
#define TX_SET(o, field, value) (TX_ADD_FIELD(o, field), D_RW(o)->field = (value))
#define TX_SET_DIRECT(p, field, value)					\
	(TX_ADD_FIELD_DIRECT(p, field), (p)->field = (value))
#define TX_NEW(t) ((TOID(t))pmemobj_tx_alloc(sizeof(t), TOID_TYPE_NUM(t)))
#define TX_ZNEW(t) ((TOID(t))pmemobj_tx_zalloc(sizeof(t), TOID_TYPE_NUM(t)))

#ifdef __cplusplus
}
#endif

#endif /* LIBPMEMOBJ_H */
