// CORPUS-FLAGS: -std=gnu11 -mclwb -I%S/../../Inputs/user -I%S/../../../../include
/*
 * copyintent-missing-writethrough in PMDK-style user code: plain copies (memcpy,
 * memmove, __builtin_memcpy) into persistent memory that are never written back,
 * although the code then fences or persists something else as if they were durable,
 * or hands them back to callers of the same file that never write them back either.
 * The areas are the ones libpmem / libpmem2 / libpmemobj programs and pmemkv-like
 * engines write (names invented):
 *
 *   plog    records at offsets a caller reserved, in a pmem_map_file() log area
 *   kv      fixed slots (key, value) in a pmem_map_file() array
 *   jr      journal records written by static helpers of this file
 *   mq      message slots in a DAX file mapped with mmap(MAP_SYNC), clwb'd by hand
 *   heap    a heap mapped by another library, pmem because this file persists it
 *   pitem   libpmemobj objects from pmemobj_direct()
 *   ckpt    a checkpoint area whose fields carry COPYINTENT_PMEM
 *   p2      a libpmem2 mapping with its persist and drain functions
 *
 * The bugs: a drain (pmem_drain(), _mm_sfence(), a helper that drains, pmem2's drain
 * function) or a persist of another range (another field, another object, the
 * source) after a plain copy that nothing writes back. The look-alikes: a persist,
 * flush + drain, a clwb loop or a helper that writes back the copied range (also
 * after a drain, or after a publish), exported functions that leave the write-back
 * to their callers, error paths, DRAM destinations, and writethrough / persist
 * copies.
 *
 * Written from the check's specification only, not from its implementation.
 */
#include <fcntl.h>
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <copyintent/copy.h>
#include <libpmem.h>
#include <libpmem2.h>
#include <libpmemobj.h>

#define CACHELINE 64

/* ==== plog: records at reserved offsets of a pmem_map_file() log ================== */

struct plog_hdr {
	uint64_t magic;
	uint64_t tail;		/* bytes of committed records */
	uint64_t gen;
	uint64_t pad;
};

struct plog {
	struct plog_hdr *hdr;	/* start of the mapping */
	char *data;		/* record area, after the header page */
	size_t cap;
	int is_pmem;
};

static struct plog plog;

uint32_t plog_crc(const void *p, size_t n);
void plog_cache_insert(uint64_t off, char *copy, size_t n);	/* DRAM read cache */

int plog_open(const char *path)
{
	size_t len;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &plog.is_pmem);

	if (!base)
		return -1;
	plog.hdr = (struct plog_hdr *)base;
	plog.data = base + 4096;
	plog.cap = len - 4096;
	return 0;
}

/* the drain fences nothing: the record's lines are still dirty */
int plog_fill_drain(uint64_t off, const void *rec, size_t n)
{
	if (off + n > plog.cap)
		return -1;
	memcpy(plog.data + off, rec, n); /* LABEL: id=plog-drain-only expect=copyintent-missing-writethrough class=ordering reason="plain copy into the pmem_map_file() area, never written back, then pmem_drain() as if it were durable; exact fix: pmem_memcpy_persist() (or pmem_memcpy_nodrain() before the existing drain)" */
	pmem_drain();
	return 0;
}

int plog_fill_persist(uint64_t off, const void *rec, size_t n)
{
	if (off + n > plog.cap)
		return -1;
	memcpy(plog.data + off, rec, n); /* LABEL: id=plog-persist expect=none class=ordering reason="pmem_persist() of exactly the copied range follows on the only path" */
	pmem_persist(plog.data + off, n);
	return 0;
}

/* keeps a DRAM copy of the record for readers */
int plog_fill_flush(uint64_t off, const void *rec, size_t n)
{
	char *d = plog.data + off;
	char *copy;

	if (off + n > plog.cap)
		return -1;
	copy = malloc(n);
	if (!copy)
		return -1;
	memcpy(d, rec, n); /* LABEL: id=plog-flush-drain expect=none class=ordering reason="pmem_flush() of the copied range, then pmem_drain(): written back before the fence" */
	memcpy(copy, rec, n); /* LABEL: id=plog-dram-copy expect=none class=ordering reason="copy is malloc()ed: ordinary memory, the pmem_drain() after it is for the log record" */
	pmem_flush(d, n);
	pmem_drain();
	plog_cache_insert(off, copy, n);
	return 0;
}

/* the non-pmem fallback (msync) is forgotten: flush + drain only when is_pmem */
int plog_fill_pmem_only(uint64_t off, const void *rec, size_t n)
{
	char *d = plog.data + off;

	if (off + n > plog.cap)
		return -1;
	memcpy(d, rec, n); /* LABEL: id=plog-is-pmem-only expect=copyintent-missing-writethrough class=ordering reason="when plog.is_pmem is 0 nothing writes the record back (no pmem_msync()) and the path still passes pmem_drain(); no exact fix: a pmem copy would not help the msync path" */
	if (plog.is_pmem)
		pmem_flush(d, n);
	pmem_drain();
	return 0;
}

int plog_fill_either(uint64_t off, const void *rec, size_t n)
{
	char *d = plog.data + off;

	if (off + n > plog.cap)
		return -1;
	memcpy(d, rec, n); /* LABEL: id=plog-either expect=none class=ordering reason="pmem_persist() on the is_pmem path, pmem_msync() of the same range on the other: written back on every path" */
	if (plog.is_pmem)
		pmem_persist(d, n);
	else
		pmem_msync(d, n);
	return 0;
}

/*
 * Called after plog_stage() calls of the same batch (pmem_memcpy_nodrain() in another
 * file): the drain completes them; this call's own record is persisted after it.
 */
int plog_fill_after_batch(uint64_t off, const void *rec, size_t n)
{
	char *d = plog.data + off;

	if (off + n > plog.cap)
		return -1;
	memcpy(d, rec, n); /* LABEL: id=plog-drain-then-persist expect=none class=ordering reason="a drain comes first, but pmem_persist() of the copied range follows on every path: covered" */
	pmem_drain();
	pmem_persist(d, n);
	return 0;
}

/* both persists are there, in the wrong order */
int plog_append_late(const void *rec, size_t n)
{
	uint64_t tail = plog.hdr->tail;

	if (tail + n > plog.cap)
		return -1;
	memcpy(plog.data + tail, rec, n); /* LABEL: id=plog-late-persist expect=none class=ordering reason="the record is persisted, too late: pmem_persist(plog.data + tail, n) still covers it on every path; the early tail is publish-before-persist's finding" */
	plog.hdr->tail = tail + n; /* LABEL: id=plog-late-tail expect=copyintent-publish-before-persist class=ordering reason="the tail that the record's address uses is stored (and persisted) while the record is not yet written back" */
	pmem_persist(plog.hdr, sizeof(*plog.hdr));
	pmem_persist(plog.data + tail, n);
	return 0;
}

/* part of a batch: the caller persists the whole batch with plog_commit() */
void plog_write_nocommit(uint64_t off, const void *rec, size_t n)
{
	memcpy(plog.data + off, rec, n); /* LABEL: id=plog-exported-nodrain expect=none class=ordering reason="exported function that reaches its end with no drain: writing the batch back is its callers' business" */
}

void plog_commit(uint64_t off, size_t n)
{
	pmem_persist(plog.data + off, n);
}

/* a torn copy is left for recovery to discard */
int plog_fill_checked(uint64_t off, const void *rec, size_t n, uint32_t crc)
{
	char *d = plog.data + off;

	if (off + n > plog.cap)
		return -1;
	memcpy(d, rec, n); /* LABEL: id=plog-error-path expect=none class=ordering reason="the error return skips the persist but passes no drain in an exported function; the other path persists the range" */
	if (plog_crc(d, n) != crc)
		return -1;
	pmem_persist(d, n);
	return 0;
}

/* ==== kv: fixed slots ============================================================= */

#define KV_VAL_SIZE 224

struct kv_slot {
	char key[32];
	char val[KV_VAL_SIZE];
};

static struct kv_slot *kv;	/* pmem_map_file() */
static size_t kv_nslots;

int kv_open(const char *path)
{
	size_t len;
	int is_pmem;

	kv = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
	if (!kv)
		return -1;
	kv_nslots = len / sizeof(struct kv_slot);
	return 0;
}

/* persists the key only: the value is left in the cache */
int kv_put_keyonly(size_t i, const char key[32], const void *val)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots)
		return -1;
	memcpy(s->key, key, sizeof(s->key)); /* LABEL: id=kv-keyonly-key expect=none class=ordering reason="pmem_persist(s->key, ...) below covers exactly this field" */
	memcpy(s->val, val, sizeof(s->val)); /* LABEL: id=kv-keyonly-val expect=copyintent-missing-writethrough class=ordering reason="s->key names another field: s->val is never written back, and the persist of the key drains as if it were; exact fix: pmem_memcpy_nodrain() (the persist's drain follows)" */
	pmem_persist(s->key, sizeof(s->key));
	return 0;
}

int kv_put(size_t i, const char key[32], const void *val)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots)
		return -1;
	memcpy(s->key, key, sizeof(s->key)); /* LABEL: id=kv-whole-key expect=none class=ordering reason="pmem_persist() of the whole slot covers every field" */
	memcpy(s->val, val, sizeof(s->val)); /* LABEL: id=kv-whole-val expect=none class=ordering reason="pmem_persist(s, sizeof(*s)): the enclosing object, value included (fixed-size array)" */
	pmem_persist(s, sizeof(*s));
	return 0;
}

/* ==== jr: static helpers that write journal records =============================== */

struct jr_rec {
	uint32_t len;
	uint32_t type;
	char body[248];
};

static char *jr_area;		/* pmem_map_file() */
static size_t jr_len;

int jr_open(const char *path)
{
	int is_pmem;

	jr_area = pmem_map_file(path, 0, 0, 0, &jr_len, &is_pmem);
	return jr_area ? 0 : -1;
}

/* every caller drains after it, none writes the record back */
static void jr_copy(char *dst, const struct jr_rec *r)
{
	memcpy(dst, r, sizeof(*r)); /* LABEL: id=jr-static-no-wb expect=copyintent-missing-writethrough class=ordering reason="static helper, dst is its parameter; both callers (jr_add, jr_add_many) pass jr_area + off and only pmem_drain() after the call; exact fix: pmem_memcpy_persist()" */
}

int jr_add(uint64_t off, const struct jr_rec *r)
{
	if (off + sizeof(*r) > jr_len)
		return -1;
	jr_copy(jr_area + off, r);
	pmem_drain();
	return 0;
}

int jr_add_many(uint64_t off, const struct jr_rec *rs, unsigned cnt)
{
	unsigned i;

	if (off + cnt * sizeof(*rs) > jr_len)
		return -1;
	for (i = 0; i < cnt; i++)
		jr_copy(jr_area + off + i * sizeof(*rs), &rs[i]);
	pmem_drain();
	return 0;
}

/* every caller writes the record back after it */
static void jr_stage(char *dst, const struct jr_rec *r)
{
	memcpy(dst, r, sizeof(*r)); /* LABEL: id=jr-static-callers-wb expect=none class=ordering reason="static helper whose callers (jr_put, jr_put_many) all write the range back after the call (pmem_persist(), pmem_flush() + pmem_drain())" */
}

int jr_put(uint64_t off, const struct jr_rec *r)
{
	if (off + sizeof(*r) > jr_len)
		return -1;
	jr_stage(jr_area + off, r);
	pmem_persist(jr_area + off, sizeof(*r));
	return 0;
}

int jr_put_many(uint64_t off, const struct jr_rec *rs, unsigned cnt)
{
	unsigned i;

	if (off + cnt * sizeof(*rs) > jr_len)
		return -1;
	for (i = 0; i < cnt; i++)
		jr_stage(jr_area + off + i * sizeof(*rs), &rs[i]);
	pmem_flush(jr_area + off, cnt * sizeof(*rs));
	pmem_drain();
	return 0;
}

/* ==== helpers of this file: one drains, one writes back and drains ================ */

static void plog_barrier(void)
{
	pmem_drain();
}

static void plog_persist_range(const void *p, size_t n)
{
	pmem_flush(p, n);
	pmem_drain();
}

int plog_fill_barrier(uint64_t off, const void *rec, size_t n)
{
	if (off + n > plog.cap)
		return -1;
	memcpy(plog.data + off, rec, n); /* LABEL: id=plog-helper-drain expect=copyintent-missing-writethrough class=ordering reason="plog_barrier() is pmem_drain(): the path passes a drain and nothing writes the record back; exact fix: pmem_memcpy_nodrain()" */
	plog_barrier();
	return 0;
}

int plog_fill_helper_persist(uint64_t off, const void *rec, size_t n)
{
	if (off + n > plog.cap)
		return -1;
	memcpy(plog.data + off, rec, n); /* LABEL: id=plog-helper-persist expect=none class=ordering reason="plog_persist_range(), a function of this file, flushes its pointer argument (the copied range) and drains" */
	plog_persist_range(plog.data + off, n);
	return 0;
}

/* ==== mq: message slots in a MAP_SYNC mapping, clwb'd by hand ==================== */

#define MQ_BODY 240

struct mq_hdr {
	uint32_t len;
	uint32_t type;
	uint64_t stamp;
};

struct mq_msg {
	struct mq_hdr hdr;
	char body[MQ_BODY];
};

static struct mq_msg *mq;	/* mmap(MAP_SYNC) of a file on a DAX filesystem */
static size_t mq_nmsgs;

int mq_open(const char *path, size_t nmsgs)
{
	int fd = open(path, O_RDWR);
	void *p;

	if (fd < 0)
		return -1;
	p = mmap(NULL, nmsgs * sizeof(struct mq_msg), PROT_READ | PROT_WRITE,
		 MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	mq = p;
	mq_nmsgs = nmsgs;
	return 0;
}

int mq_put(size_t i, uint32_t type, const void *body, uint32_t n)
{
	struct mq_msg *m = &mq[i];
	uintptr_t p;

	if (i >= mq_nmsgs || n > MQ_BODY)
		return -1;
	m->hdr.len = n;
	m->hdr.type = type;
	memcpy(m->body, body, n); /* LABEL: id=mq-clwb-whole expect=none class=ordering reason="the clwb loop walks every line of *m (the enclosing message, body included), then _mm_sfence()" */
	for (p = (uintptr_t)m & ~(uintptr_t)(CACHELINE - 1); p < (uintptr_t)m + sizeof(*m);
	     p += CACHELINE)
		_mm_clwb((void *)p);
	_mm_sfence();
	return 0;
}

/* the loop walks the header only */
int mq_put_hdr_lines(size_t i, uint32_t type, const void *body, uint32_t n)
{
	struct mq_msg *m = &mq[i];
	uintptr_t p;

	if (i >= mq_nmsgs || n > MQ_BODY)
		return -1;
	m->hdr.len = n;
	m->hdr.type = type;
	memcpy(m->body, body, n); /* LABEL: id=mq-clwb-hdr-only expect=copyintent-missing-writethrough class=ordering reason="the clwb loop starts at &m->hdr, another field, and stops after sizeof(m->hdr): the body is never written back, yet _mm_sfence() follows; fix: a writethrough copy (libpmem's API is not used on this mapping, so not a one-name fix)" */
	for (p = (uintptr_t)&m->hdr & ~(uintptr_t)(CACHELINE - 1);
	     p < (uintptr_t)&m->hdr + sizeof(m->hdr); p += CACHELINE)
		_mm_clwb((void *)p);
	_mm_sfence();
	return 0;
}

/* a fence with nothing written back before it */
int mq_put_fenced(size_t i, const void *body, uint32_t n)
{
	struct mq_msg *m = &mq[i];

	if (i >= mq_nmsgs || n > MQ_BODY)
		return -1;
	__builtin_memcpy(m->body, body, n); /* LABEL: id=mq-builtin-sfence expect=copyintent-missing-writethrough class=ordering reason="__builtin_memcpy into the MAP_SYNC mapping, no clwb of the body on the path, then _mm_sfence() as if the copy were durable" */
	_mm_sfence();
	return 0;
}

/* ==== heap: mapped by another library; pmem because this file persists it ========= */

char *pheap_attach(const char *path, size_t *lenp);	/* libpheap, another library */

static char *heap;
static size_t heap_len;

int heap_open(const char *path)
{
	heap = pheap_attach(path, &heap_len);
	return heap ? 0 : -1;
}

/* slide [src, src + len) down to dst, then fence */
int heap_compact(size_t dst, size_t src, size_t len)
{
	if (dst > src || src + len > heap_len)
		return -1;
	memmove(heap + dst, heap + src, len); /* LABEL: id=heap-memmove-drain expect=copyintent-missing-writethrough class=ordering reason="heap is pmem (heap_compact_persist() persists it); the moved bytes are never written back and pmem_drain() follows; exact fix: pmem_memmove_persist()" */
	pmem_drain();
	return 0;
}

int heap_compact_persist(size_t dst, size_t src, size_t len)
{
	if (dst > src || src + len > heap_len)
		return -1;
	memmove(heap + dst, heap + src, len); /* LABEL: id=heap-memmove-persist expect=none class=ordering reason="pmem_persist() of the destination range follows" */
	pmem_persist(heap + dst, len);
	return 0;
}

/* ==== pitem: libpmemobj objects =================================================== */

struct pitem {
	char name[32];
	char val[200];
};

static PMEMobjpool *pop;

int pitem_pool_open(const char *path)
{
	pop = pmemobj_open(path, "pitem");
	return pop ? 0 : -1;
}

int pitem_set(PMEMoid oid, const void *val, size_t n)
{
	struct pitem *it = pmemobj_direct(oid);

	if (!it || n > sizeof(it->val))
		return -1;
	memcpy(it->val, val, n); /* LABEL: id=pitem-persist-self expect=none class=ordering reason="pmemobj_persist() of the whole object the copy wrote into" */
	pmemobj_persist(pop, it, sizeof(*it));
	return 0;
}

/* persists the source object instead of the destination */
int pitem_clone(PMEMoid dst_oid, PMEMoid src_oid)
{
	struct pitem *dst = pmemobj_direct(dst_oid);
	const struct pitem *src = pmemobj_direct(src_oid);

	if (!dst || !src)
		return -1;
	memcpy(dst, src, sizeof(*dst)); /* LABEL: id=pitem-persist-other expect=copyintent-missing-writethrough class=ordering reason="dst is a pmemobj_direct() object; pmemobj_persist() names src, another object, so dst is never written back but the persist drains; exact fix: pmemobj_memcpy_persist(pop, dst, src, ...)" */
	pmemobj_persist(pop, src, sizeof(*src));
	return 0;
}

/* ==== ckpt: fields marked COPYINTENT_PMEM ======================================== */

struct ckpt_hdr {
	uint64_t seq;
	char writer[32];	/* last writer's name, for the admin tool */
};

struct ckpt_area {
	struct ckpt_hdr *COPYINTENT_PMEM hdr;
	char *COPYINTENT_PMEM body;
	size_t body_len;
};

int ckpt_attach(struct ckpt_area *ca, const char *dev);	/* platform layer, another file */

int ckpt_write_tagged(struct ckpt_area *ca, size_t off, const void *src, size_t n,
		      const char writer[32])
{
	if (off + n > ca->body_len)
		return -1;
	memcpy(ca->body + off, src, n); /* LABEL: id=ckpt-other-persist expect=copyintent-missing-writethrough class=ordering reason="ca->body is marked COPYINTENT_PMEM; the only persist is copyintent_memcpy_persist() into ca->hdr->writer, another range, which drains as if the body were durable; exact fix: copyintent_memcpy_writethrough() (the persist's drain follows)" */
	copyintent_memcpy_persist(ca->hdr->writer, writer, sizeof(ca->hdr->writer)); /* LABEL: id=ckpt-writer-persist expect=none class=ordering reason="persist copy into COPYINTENT_PMEM memory: the right copy, not a plain one" */
	return 0;
}

int ckpt_write(struct ckpt_area *ca, size_t off, const void *src, size_t n)
{
	if (off + n > ca->body_len)
		return -1;
	memcpy(ca->body + off, src, n); /* LABEL: id=ckpt-flush-drain expect=none class=ordering reason="copyintent_flush() of the copied range, then copyintent_drain()" */
	copyintent_flush(ca->body + off, n);
	copyintent_drain();
	return 0;
}

/* ==== p2: libpmem2 mapping ======================================================= */

static struct {
	struct pmem2_map *map;
	char *base;
	size_t size;
	pmem2_persist_fn persist;
	pmem2_drain_fn drain;
} p2;

int p2_open(struct pmem2_config *cfg, struct pmem2_source *src)
{
	if (pmem2_map_new(&p2.map, cfg, src))
		return -1;
	p2.base = pmem2_map_get_address(p2.map);
	p2.size = pmem2_map_get_size(p2.map);
	p2.persist = pmem2_get_persist_fn(p2.map);
	p2.drain = pmem2_get_drain_fn(p2.map);
	return 0;
}

int p2_put_drain(size_t off, const void *buf, size_t n)
{
	if (off + n > p2.size)
		return -1;
	memcpy(p2.base + off, buf, n); /* LABEL: id=p2-drain-fn expect=copyintent-missing-writethrough class=ordering reason="plain copy into the pmem2_map_get_address() mapping, then the mapping's drain function with no flush; exact fix: the mapping's memcpy_fn with PMEM2_F_MEM_NODRAIN before the drain (or flags 0)" */
	p2.drain();
	return 0;
}

int p2_put(size_t off, const void *buf, size_t n)
{
	if (off + n > p2.size)
		return -1;
	memcpy(p2.base + off, buf, n); /* LABEL: id=p2-persist-fn expect=none class=ordering reason="the mapping's persist function over the copied range follows" */
	p2.persist(p2.base + off, n);
	return 0;
}
