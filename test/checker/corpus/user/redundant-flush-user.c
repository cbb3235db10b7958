// CORPUS-FLAGS: -std=gnu11 -mclwb -mclflushopt -I%S/../../Inputs/user -I%S/../../../../include
/*
 * copyintent-redundant-flush in PMDK-style user code: write-backs and drains that a
 * PMDK maintainer would delete in review because the range is already written back
 * (by a writethrough or persist copy, or by an earlier flush / persist of the same or
 * a larger range, with nothing in between that can dirty it again), or because an
 * earlier drain already waited for everything, with nothing in between that leaves
 * something to wait for. Next to them the look-alikes that must stay: a store or a
 * call in between, a larger or another range, a write-back on one branch only, a loop
 * whose pointer moves, a drain at the top of a function, a drain after non-temporal
 * stores or after a NOFLUSH copy, DRAM, and the calls that do more than a CPU
 * write-back (pmem_msync(), pmem_deep_flush()). The areas are the ones libpmem /
 * libpmem2 / libpmemobj programs and pmemkv-like engines write (names invented):
 *
 *   plog    an append-only log in a pmem_map_file() area (header + records)
 *   heap    an allocator header, the root object of a libpmemobj pool
 *   kv      fixed key / value slots and a counter header in a pmem_map_file() area
 *   ring    a message ring in a pmem_map_file() area, clwb'd / movnti'd by hand
 *   p2      a libpmem2 mapping used through its memcpy / flush / drain / persist fns
 *   ckpt    a checkpoint area whose field carries COPYINTENT_PMEM (our API)
 *
 * Every copy, flush, persist and drain call is labelled; the persistence domain is
 * the default (ADR: cached lines must be written back).
 *
 * Written from the check's specification only, not from its implementation.
 */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>
#include <libpmem2.h>
#include <libpmemobj.h>

#define CACHELINE 64

/* ==== plog: an append-only log in a pmem_map_file() area ========================== */

struct plog_hdr {
	uint64_t magic;
	uint64_t gen;		/* bumped at every reopen */
	uint64_t tail;		/* bytes of committed records */
	uint64_t nrec;
};

struct plog_rec_hdr {
	uint32_t len;
	uint32_t crc;
	uint64_t seq;
};

struct plog_rec {
	struct plog_rec_hdr hdr;
	char body[240];
};

static struct plog_hdr *lh;	/* start of the mapping */
static char *ldata;		/* records, after the header page */
static size_t lcap;
static int l_is_pmem;

void plog_trace_commit(uint64_t tail);	/* libplogtrace, another library */

int plog_open(const char *path)
{
	size_t len;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &l_is_pmem);

	if (!base)
		return -1;
	lh = (struct plog_hdr *)base;
	ldata = base + 4096;
	lcap = len - 4096;
	return 0;
}

/* the record is durable before the tail that publishes it; returns the fill in % */
long plog_append(const void *rec, size_t n)
{
	uint64_t tail = lh->tail;
	long used;

	if (tail + n > lcap)
		return -1;
	pmem_memcpy_persist(ldata + tail, rec, n); /* LABEL: id=plog-append-persist-copy expect=none class=ordering reason="persist copy into the log area: the right copy, and the tail that publishes it is stored only after it" */
	pmem_drain(); /* LABEL: id=plog-append-drain-after-persist-copy expect=copyintent-redundant-flush class=ordering reason="pmem_memcpy_persist() ends with its own drain and nothing runs in between: this drain waits for nothing" */
	lh->tail = tail + n;
	pmem_persist(&lh->tail, sizeof(lh->tail)); /* LABEL: id=plog-append-persist-tail expect=none class=ordering reason="the store just before dirtied the tail; nothing wrote it back yet" */
	used = (long)(tail + n);
	used = used * 100 / (long)lcap;
	pmem_drain(); /* LABEL: id=plog-append-drain-after-persist expect=copyintent-redundant-flush class=ordering reason="pmem_persist() of the tail just drained; only arithmetic on the local 'used' since, nothing left to wait for" */
	return used;
}

/* writes a record at an offset the caller reserved; the caller publishes it */
int plog_put(uint64_t off, const void *rec, size_t n)
{
	char *d = ldata + off;

	if (off + n > lcap)
		return -1;
	pmem_memcpy(d, rec, n, PMEM_F_MEM_NODRAIN); /* LABEL: id=plog-put-nodrain-copy expect=none class=ordering reason="writethrough copy (flags PMEM_F_MEM_NODRAIN) into the log area, drained below" */
	pmem_flush(d, n); /* LABEL: id=plog-put-flush-after-wt expect=copyintent-redundant-flush class=ordering reason="pmem_memcpy() with PMEM_F_MEM_NODRAIN already flushed exactly [d, d + n) and nothing ran since: the flush only re-issues clwb for clean lines" */
	pmem_drain(); /* LABEL: id=plog-put-drain expect=none class=ordering reason="the copy's flushes and non-temporal stores are still in flight: this is the drain they need" */
	return 0;
}

/* bumped at every open; the msync is the fallback for a log on a non-DAX file */
int plog_set_gen(uint64_t gen)
{
	lh->gen = gen;
	pmem_persist(&lh->gen, sizeof(lh->gen)); /* LABEL: id=plog-gen-persist expect=none class=ordering reason="the store just before dirtied the field: first write-back" */
	pmem_persist(&lh->gen, sizeof(lh->gen)); /* LABEL: id=plog-gen-persist-again expect=copyintent-redundant-flush class=ordering reason="the same range was just persisted (flushed and drained) with nothing in between: nothing to flush and nothing to drain" */
	if (!l_is_pmem)
		return pmem_msync(&lh->gen, sizeof(lh->gen)); /* LABEL: id=plog-gen-msync expect=none class=ordering reason="pmem_msync() after pmem_persist(): msync does more than a CPU write-back (the page cache / file system), never reported" */
	return 0;
}

/*
 * Publishes records that plog_stage() (plog_batch.c) wrote with pmem_memcpy_nodrain():
 * the first drain completes them.
 */
int plog_commit(uint64_t new_tail)
{
	if (new_tail > lcap)
		return -1;
	pmem_drain(); /* LABEL: id=plog-commit-drain-entry expect=none class=ordering reason="reached from the start of the function: the callers' nodrain copies may be pending, this drain is what completes them" */
	plog_trace_commit(new_tail);
	pmem_drain(); /* LABEL: id=plog-commit-drain-after-call expect=none class=ordering reason="plog_trace_commit() is defined in another library: it may flush or stream into its own pmem trace ring, so there may be something to wait for" */
	lh->tail = new_tail;
	pmem_persist(&lh->tail, sizeof(lh->tail)); /* LABEL: id=plog-commit-persist-tail expect=none class=ordering reason="the tail store just before dirtied the range" */
	return 0;
}

/* for a log on a platform without ADR: the write-back, then the deep flush */
void plog_deep_commit(uint64_t off, size_t n)
{
	pmem_flush(ldata + off, n); /* LABEL: id=plog-deep-flush-first expect=none class=ordering reason="first write-back of the range in this function; the caller wrote the data" */
	pmem_deep_flush(ldata + off, n); /* LABEL: id=plog-deep-flush expect=none class=ordering reason="pmem_deep_flush() after pmem_flush() of the same range: it also flushes the memory subsystem's buffers (deep flush), more than a CPU write-back, never reported" */
}

/* the caller reserved the record and wrote its body; seal the header, persist it all */
void plog_rec_seal(uint64_t off, uint32_t len, uint32_t crc, uint64_t seq)
{
	struct plog_rec *r = (struct plog_rec *)(ldata + off);

	r->hdr.len = len;
	r->hdr.crc = crc;
	r->hdr.seq = seq;
	pmem_flush(&r->hdr, sizeof(r->hdr)); /* LABEL: id=plog-seal-flush-hdr expect=none class=ordering reason="the header stores just before dirtied it: first write-back" */
	pmem_persist(r, sizeof(*r)); /* LABEL: id=plog-seal-persist-larger expect=none class=ordering reason="a larger range than the header flushed before it: the body the caller wrote was never written back in this function" */
}

/* ==== heap: an allocator header, the root object of a libpmemobj pool ============= */

struct heap_hdr {
	uint64_t magic;
	uint64_t size;
	uint64_t flags;
	uint64_t next_free;
};

#define HEAP_MAGIC	0x5048454150ULL
#define HEAP_GROWING	1ULL

static PMEMobjpool *pop;
static struct heap_hdr *hh;	/* pmemobj_direct() of the root object */

int heap_open(const char *path)
{
	pop = pmemobj_open(path, "kvheap");
	if (!pop)
		return -1;
	hh = pmemobj_direct(pmemobj_root(pop, sizeof(struct heap_hdr)));
	return hh ? 0 : -1;
}

void heap_format(uint64_t size)
{
	hh->magic = HEAP_MAGIC;
	hh->size = size;
	hh->flags = 0;
	hh->next_free = sizeof(struct heap_hdr);
	pmemobj_persist(pop, hh, sizeof(*hh)); /* LABEL: id=heap-format-persist-all expect=none class=ordering reason="the header stores just before dirtied it: first write-back" */
	pmemobj_persist(pop, &hh->size, sizeof(hh->size)); /* LABEL: id=heap-format-persist-field expect=copyintent-redundant-flush class=ordering reason="hh->size is a constant-offset, constant-size part of the header persisted on the line before, nothing in between: nothing to flush, nothing to drain" */
}

/* the GROWING flag makes recovery finish an interrupted grow */
void heap_grow(uint64_t new_size)
{
	hh->flags |= HEAP_GROWING;
	pmemobj_persist(pop, hh, sizeof(*hh)); /* LABEL: id=heap-grow-persist-flag expect=none class=ordering reason="the flag store just before dirtied the header" */
	hh->size = new_size;
	hh->flags &= ~HEAP_GROWING;
	pmemobj_persist(pop, hh, sizeof(*hh)); /* LABEL: id=heap-grow-persist-again expect=none class=ordering reason="same range as the persist above, but the size and flag stores in between dirtied it again" */
}

/* ==== kv: fixed slots and a counter header in a pmem_map_file() area ============== */

#define KV_KEY		32
#define KV_VAL		216
#define KV_EAGER_FLUSH	128	/* large values: start the write-back early */

struct kv_slot {
	char key[KV_KEY];
	uint32_t vlen;
	uint32_t flags;
	char val[KV_VAL];
};

/* the counters sit on lines of their own: put and delete threads do not false-share */
struct kv_hdr {
	uint64_t magic;
	uint64_t nslots;
	uint64_t pad0[6];
	uint64_t nput;		/* offset 64 */
	uint64_t pad1[7];
	uint64_t ndel;		/* offset 128 */
	uint64_t pad2[7];
};

static struct kv_hdr *kh;	/* start of the mapping */
static struct kv_slot *kv;	/* after the header page */
static size_t kv_nslots;

int kv_open(const char *path)
{
	size_t len;
	int is_pmem;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);

	if (!base)
		return -1;
	kh = (struct kv_hdr *)base;
	kv = (struct kv_slot *)(base + 4096);
	kv_nslots = (len - 4096) / sizeof(struct kv_slot);
	return 0;
}

/* the value comes from the caller, or from this very slot when it is trimmed in place */
int kv_put_val(size_t i, const void *val, size_t n, int in_place)
{
	char *d;

	if (i >= kv_nslots || n > KV_VAL)
		return -1;
	d = kv[i].val;
	if (in_place) {
		memmove(d, val, n); /* LABEL: id=kv-val-memmove expect=none class=ordering reason="plain move within the slot, written back by pmem_flush(d, n) on the next line and drained by the persist after the join" */
		pmem_flush(d, n); /* LABEL: id=kv-val-flush-then expect=none class=ordering reason="the memmove just before dirtied the range" */
	} else {
		memcpy(d, val, n); /* LABEL: id=kv-val-memcpy expect=none class=ordering reason="plain copy, written back by pmem_flush(d, n) on the next line and drained by the persist after the join" */
		pmem_flush(d, n); /* LABEL: id=kv-val-flush-else expect=none class=ordering reason="the memcpy just before dirtied the range" */
	}
	pmem_persist(d, n); /* LABEL: id=kv-val-persist-after-join expect=copyintent-redundant-flush class=ordering reason="both branches flushed exactly [d, d + n) and nothing ran since the join: the flush half is redundant; the drain is still due, pmem_drain() is the call" */
	return 0;
}

/* the flush is a leftover of the time the persist sat in the caller */
void kv_set_flags(size_t i, uint32_t flags)
{
	kv[i].flags = flags;
	pmem_flush(&kv[i].flags, sizeof(kv[i].flags)); /* LABEL: id=kv-flags-flush expect=none class=ordering reason="the store just before dirtied the field: first write-back" */
	pmem_persist(&kv[i].flags, sizeof(kv[i].flags)); /* LABEL: id=kv-flags-persist-after-flush expect=copyintent-redundant-flush class=ordering reason="pmem_flush() of the same range on the line before, nothing in between: the flush half is redundant, only the drain is due (pmem_drain())" */
}

/* returns the value's checksum for the caller's DRAM index */
uint32_t kv_put_value(size_t i, const void *val, size_t n)
{
	const unsigned char *v = val;
	uint32_t sum = 0;
	size_t k;
	char *d;

	if (i >= kv_nslots || n > KV_VAL)
		return 0;
	d = kv[i].val;
	memcpy(d, val, n); /* LABEL: id=kv-value-memcpy expect=none class=ordering reason="written back on every path by the final pmem_persist(d, n) (and on one by the early flush)" */
	if (n >= KV_EAGER_FLUSH)
		pmem_flush(d, n); /* LABEL: id=kv-value-eager-flush expect=none class=ordering reason="the memcpy just before dirtied the range" */
	for (k = 0; k < n; k++)
		sum = sum * 31 + v[k];
	pmem_persist(d, n); /* LABEL: id=kv-value-persist expect=none class=ordering reason="on the short-value path (n < KV_EAGER_FLUSH) nothing wrote the value back: the flush half is needed there" */
	return sum;
}

/* writes back both counters, which the put and delete paths update in place */
void kv_sync_counters(void)
{
	pmem_persist(&kh->nput, sizeof(kh->nput)); /* LABEL: id=kv-cnt-persist-nput expect=none class=ordering reason="first write-back in the function; the callers dirtied the counter" */
	pmem_flush(&kh->ndel, sizeof(kh->ndel)); /* LABEL: id=kv-cnt-flush-ndel expect=none class=ordering reason="another field, on another cache line (offset 128), than the nput just persisted (offset 64): not covered" */
	pmem_drain(); /* LABEL: id=kv-cnt-drain expect=none class=ordering reason="the flush of ndel since the persist's drain is still in flight: this drain completes it" */
}

/* unit test of the DRAM mode (no pmem device): the same sync calls on a malloc()ed image */
int kv_dram_selftest(size_t n)
{
	char *img = malloc(n);

	if (!img)
		return -1;
	memset(img, 0x5a, n);
	pmem_flush(img, n); /* LABEL: id=kv-dram-flush-1 expect=none class=ordering reason="img is malloc()ed: ordinary memory, not persistent memory; the check is silent on it" */
	pmem_flush(img, n); /* LABEL: id=kv-dram-flush-2 expect=none class=ordering reason="the same malloc()ed range again: wasted, but not a persistent-memory write-back, never reported" */
	free(img);
	return 0;
}

/* ==== ring: message slots, clwb'd and movnti'd by hand ============================ */

#define RING_BODY 248

struct ring_hdr {
	uint64_t head;
	uint64_t tail;
	uint64_t pad[6];
};

struct ring_slot {
	uint32_t len;
	uint32_t seq;
	char body[RING_BODY];
};

static struct ring_hdr *rh;	/* start of the mapping */
static struct ring_slot *ring;	/* 64-byte aligned, after the header */
static size_t ring_n;

int ring_open(const char *path)
{
	size_t len;
	int is_pmem;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);

	if (!base)
		return -1;
	rh = (struct ring_hdr *)base;
	ring = (struct ring_slot *)(base + sizeof(struct ring_hdr));
	ring_n = (len - sizeof(struct ring_hdr)) / sizeof(struct ring_slot);
	return 0;
}

int ring_put(size_t i, const void *msg, size_t n)
{
	struct ring_slot *s;
	uintptr_t p;

	if (i >= ring_n || n > RING_BODY)
		return -1;
	s = &ring[i];
	memcpy(s->body, msg, n); /* LABEL: id=ring-put-memcpy expect=none class=ordering reason="the clwb loop walks every line of *s (the enclosing slot), then _mm_sfence()" */
	for (p = (uintptr_t)s & ~(uintptr_t)(CACHELINE - 1); p < (uintptr_t)s + sizeof(*s);
	     p += CACHELINE)
		_mm_clwb((void *)p); /* LABEL: id=ring-put-clwb-loop expect=none class=ordering reason="a loop whose pointer advances by a line each time: every clwb writes back another line" */
	_mm_sfence(); /* LABEL: id=ring-put-sfence expect=none class=ordering reason="the clwbs of the loop are in flight: needed" */
	_mm_sfence(); /* LABEL: id=ring-put-sfence-again expect=copyintent-redundant-flush class=ordering reason="back-to-back _mm_sfence(): the first one already waited for everything, nothing in between" */
	return 0;
}

/* the header with one movnti, after ring_put() wrote the body back */
void ring_stamp(size_t i, uint32_t len, uint32_t seq)
{
	long long v = (long long)(((uint64_t)seq << 32) | len);

	_mm_sfence(); /* LABEL: id=ring-stamp-sfence-entry expect=none class=ordering reason="reached from the start of the function: orders the caller's clwbs of the body before the header store" */
	_mm_stream_si64(&ring[i], v);
	_mm_sfence(); /* LABEL: id=ring-stamp-sfence-after-nt expect=none class=ordering reason="the non-temporal store since the last sfence is weakly ordered and not yet drained: needed" */
}

/* mark every slot free: one store and one write-back per slot (the len word) */
void ring_reset(void)
{
	uintptr_t p;
	size_t i;

	for (i = 0; i < ring_n; i++)
		ring[i].len = 0;
	for (p = (uintptr_t)ring; p < (uintptr_t)(ring + ring_n); p += sizeof(struct ring_slot))
		_mm_clflushopt((void *)p); /* LABEL: id=ring-reset-clflushopt-loop expect=none class=ordering reason="the pointer advances by a slot each iteration: each clflushopt writes back another slot's first line" */
	_mm_sfence(); /* LABEL: id=ring-reset-sfence expect=none class=ordering reason="the clflushopts are in flight (and reached from the start of the function on the empty-ring path)" */
}

/* refills a slot with non-temporal stores; the slot is retired first */
int ring_refill(size_t i, const void *msg)
{
	struct ring_slot *s;

	if (i >= ring_n)
		return -1;
	s = &ring[i];
	s->len = 0;
	pmem_persist(&s->len, sizeof(s->len)); /* LABEL: id=ring-refill-persist-len expect=none class=ordering reason="the store just before dirtied the length" */
	pmem_memcpy(s->body, msg, RING_BODY, PMEM_F_MEM_NONTEMPORAL | PMEM_F_MEM_NOFLUSH); /* LABEL: id=ring-refill-noflush expect=copyintent-nocache-needs-writethrough class=ordering reason="PMEM_F_MEM_NOFLUSH into the ring: the body starts 8 bytes into a line, PMDK copies the unaligned head with cached stores and NOFLUSH leaves them dirty; pmem_drain() follows with nothing written back (fix: PMEM_F_MEM_NODRAIN)" */
	pmem_drain(); /* LABEL: id=ring-refill-drain-after-noflush expect=none class=ordering reason="the NOFLUSH copy since the persist's drain issued non-temporal stores that are still in flight: the drain has something to wait for" */
	return 0;
}

/* ==== p2: a libpmem2 mapping ====================================================== */

static struct {
	struct pmem2_map *map;
	char *base;
	size_t size;
	pmem2_memcpy_fn memcpy_fn;
	pmem2_flush_fn flush;
	pmem2_drain_fn drain;
	pmem2_persist_fn persist;
} p2;

int p2_open(struct pmem2_config *cfg, struct pmem2_source *src)
{
	if (pmem2_map_new(&p2.map, cfg, src))
		return -1;
	p2.base = pmem2_map_get_address(p2.map);
	p2.size = pmem2_map_get_size(p2.map);
	p2.memcpy_fn = pmem2_get_memcpy_fn(p2.map);
	p2.flush = pmem2_get_flush_fn(p2.map);
	p2.drain = pmem2_get_drain_fn(p2.map);
	p2.persist = pmem2_get_persist_fn(p2.map);
	return 0;
}

int p2_put(size_t off, const void *buf, size_t n)
{
	char *d;

	if (off + n > p2.size)
		return -1;
	d = p2.base + off;
	p2.memcpy_fn(d, buf, n, PMEM2_F_MEM_NODRAIN); /* LABEL: id=p2-put-nodrain-copy expect=none class=ordering reason="the mapping's memcpy with PMEM2_F_MEM_NODRAIN: writethrough into the mapping, drained below" */
	p2.flush(d, n); /* LABEL: id=p2-put-flush-after-wt expect=copyintent-redundant-flush class=ordering reason="the NODRAIN copy already wrote back exactly [d, d + n), nothing in between" */
	p2.drain(); /* LABEL: id=p2-put-drain expect=none class=ordering reason="the copy's write-backs are in flight: this is their drain" */
	return 0;
}

int p2_put_sync(size_t off, const void *buf, size_t n)
{
	char *d;

	if (off + n > p2.size)
		return -1;
	d = p2.base + off;
	p2.memcpy_fn(d, buf, n, 0); /* LABEL: id=p2-put-sync-copy expect=none class=ordering reason="the mapping's memcpy with flags 0: a persist copy into the mapping" */
	p2.persist(d, n); /* LABEL: id=p2-put-sync-persist expect=copyintent-redundant-flush class=ordering reason="flags 0 already flushed and drained [d, d + n), nothing in between: nothing to flush and nothing to drain" */
	return 0;
}

/* ==== ckpt: a field marked COPYINTENT_PMEM, our API =============================== */

struct ckpt_area {
	char *COPYINTENT_PMEM body;
	size_t body_len;
};

int ckpt_write(struct ckpt_area *ca, size_t off, const void *src, size_t n)
{
	if (off + n > ca->body_len)
		return -1;
	copyintent_memcpy_writethrough(ca->body + off, src, n); /* LABEL: id=ckpt-wt-copy expect=none class=ordering reason="writethrough copy into COPYINTENT_PMEM memory, drained below" */
	copyintent_flush(ca->body + off, n); /* LABEL: id=ckpt-flush-after-wt expect=copyintent-redundant-flush class=ordering reason="copyintent_memcpy_writethrough() leaves no line of the same range dirty, nothing in between" */
	copyintent_drain(); /* LABEL: id=ckpt-drain expect=none class=ordering reason="the writethrough copy's stores are in flight: this is their drain" */
	return 0;
}
