// CORPUS-FLAGS: -std=gnu11 -mavx2 -I%S/../../Inputs/user -I%S/../../../../include
/*
 * Non-temporal stores that reach a release point unfenced, in x86-64 user space
 * (copyintent-nontemporal-without-fence). _mm_stream_* / __builtin_nontemporal_store
 * (movnti, movntdq, vmovntdq), pmem_memcpy_nodrain() and the other writethrough
 * copies that end without a fence are weakly ordered: a release store or release
 * fence compiles to a plain MOV (or nothing) on x86 and does not put them first. Only
 * sfence / mfence (_mm_sfence(), pmem_drain(), a seq_cst fence or store) or a locked
 * instruction (any read-modify-write atomic, pthread_mutex_*) does.
 *
 * Shapes:
 *   ntq   a DPDK-like single-producer ring whose producer streams 64-byte slots
 *         around its cache (rte_ring enqueue + an rte_memcpy NT path), then moves the
 *         tail with a release store
 *   pbuf  a PMDK-like append buffer: pmem_memcpy_nodrain() into a caller-provided
 *         area under a pthread spinlock or mutex (libpmemlog's append under its lock)
 *   nts   generation-stamped blocks written with __builtin_nontemporal_store()
 *   fill  pool poisoning with a static _mm_stream_si64 helper, with and without the
 *         helper's own sfence
 *   tas   a test-and-set lock (__sync_lock_test_and_set / __sync_lock_release)
 *         guarding a streamed buffer
 *   cpy   libpmem flag-driven copies and copyintent's writethrough / nocache copies
 *         before a release store
 *
 * Every destination is a parameter or a field of one: its memory kind is unknown to
 * the tool, so no destination check applies and nothing here publishes known
 * persistent memory.
 *
 * Written from the check's specification only, not from its implementation.
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

/* ==== ntq: DPDK-like ring, streamed slots ======================================== */

#define NTQ_SLOT	64
#define NTQ_BURST	32

struct ntq {
	_Atomic uint32_t head;		/* consumer index */
	_Atomic uint32_t tail;		/* producer index; the consumer loads it with acquire */
	uint32_t mask;
	_Atomic uint64_t enq_calls;	/* statistics only */
	uint8_t *slots;			/* (mask + 1) * NTQ_SLOT bytes of hugepage memory */
};

/* Defined in ntq_x86.c: drains the write-combining buffers (sfence on x86). */
void ntq_wc_flush(struct ntq *q);

static inline void ntq_stream_slot(uint8_t *slot, const void *obj)
{
	__m128i *dst = (__m128i *)slot;
	const __m128i *src = (const __m128i *)obj;
	int k;

	for (k = 0; k < NTQ_SLOT / 16; k++)
		_mm_stream_si128(dst + k, _mm_loadu_si128(src + k));
}

unsigned int ntq_enqueue(struct ntq *q, const void *const *objs, unsigned int n)
{
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	unsigned int i;
	int k;

	for (i = 0; i < n; i++) {
		__m128i *dst = (__m128i *)(q->slots + (size_t)((t + i) & q->mask) * NTQ_SLOT);
		const __m128i *src = (const __m128i *)objs[i];

		for (k = 0; k < NTQ_SLOT / 16; k++)
			_mm_stream_si128(dst + k, _mm_loadu_si128(src + k));
	}
	atomic_store_explicit(&q->tail, t + n, memory_order_release); /* LABEL: id=ntq-enq-release expect=copyintent-nontemporal-without-fence class=ordering reason="a release store is a plain MOV on x86: the consumer's acquire load can see the new tail before the movntdq stores of the slots; DPDK fences NT copies with rte_wmb() (sfence)" */
	return n;
}

unsigned int ntq_enqueue_sfence(struct ntq *q, const void *const *objs, unsigned int n)
{
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	unsigned int i;
	int k;

	for (i = 0; i < n; i++) {
		__m128i *dst = (__m128i *)(q->slots + (size_t)((t + i) & q->mask) * NTQ_SLOT);
		const __m128i *src = (const __m128i *)objs[i];

		for (k = 0; k < NTQ_SLOT / 16; k++)
			_mm_stream_si128(dst + k, _mm_loadu_si128(src + k));
	}
	_mm_sfence();
	atomic_store_explicit(&q->tail, t + n, memory_order_release); /* LABEL: id=ntq-enq-sfence-release expect=none class=ordering reason="_mm_sfence() orders the streamed slots before the release of the tail" */
	return n;
}

unsigned int ntq_enqueue_avx2(struct ntq *q, const void *const *objs, unsigned int n)
{
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	unsigned int i;

	for (i = 0; i < n; i++) {
		__m256i *dst = (__m256i *)(q->slots + (size_t)((t + i) & q->mask) * NTQ_SLOT);
		const __m256i *src = (const __m256i *)objs[i];

		_mm256_stream_si256(dst, _mm256_loadu_si256(src));
		_mm256_stream_si256(dst + 1, _mm256_loadu_si256(src + 1));
	}
	atomic_store_explicit(&q->tail, t + n, memory_order_release); /* LABEL: id=ntq-enq-avx2-release expect=copyintent-nontemporal-without-fence class=ordering reason="vmovntdq stores, then a release store (plain MOV on x86) of the tail with no sfence in between" */
	return n;
}

unsigned int ntq_enqueue_avx2_sc(struct ntq *q, const void *const *objs, unsigned int n)
{
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	unsigned int i;

	for (i = 0; i < n; i++) {
		__m256i *dst = (__m256i *)(q->slots + (size_t)((t + i) & q->mask) * NTQ_SLOT);
		const __m256i *src = (const __m256i *)objs[i];

		_mm256_stream_si256(dst, _mm256_loadu_si256(src));
		_mm256_stream_si256(dst + 1, _mm256_loadu_si256(src + 1));
	}
	atomic_store_explicit(&q->tail, t + n, memory_order_seq_cst); /* LABEL: id=ntq-enq-avx2-seqcst expect=none class=ordering reason="a seq_cst store is xchg on x86, implicitly locked: it orders the vmovntdq stores before the tail" */
	return n;
}

/* Bulk enqueue that makes progress visible to the consumer every NTQ_BURST slots. */
void ntq_enqueue_progress(struct ntq *q, const void *const *objs, unsigned int n)
{
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (i && i % NTQ_BURST == 0)
			atomic_store_explicit(&q->tail, t + i, memory_order_release); /* LABEL: id=ntq-progress-loop-release expect=copyintent-nontemporal-without-fence class=ordering reason="reached over the loop's back edge after the previous iteration's _mm_stream_si128 stores: the partial tail is released unfenced" */
		ntq_stream_slot(q->slots + (size_t)((t + i) & q->mask) * NTQ_SLOT, objs[i]); /* LABEL: id=ntq-progress-stream-call expect=none class=ordering reason="the call that makes the streaming stores: not a release point" */
	}
	_mm_sfence();
	atomic_store_explicit(&q->tail, t + n, memory_order_release); /* LABEL: id=ntq-progress-final-release expect=none class=ordering reason="_mm_sfence() after the loop orders every streamed slot before the final tail" */
}

/* The WC flush lives in another file; it fences (see its declaration). */
unsigned int ntq_enqueue_flushed(struct ntq *q, const void *const *objs, unsigned int n)
{
	uint32_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
	unsigned int i;
	int k;

	for (i = 0; i < n; i++) {
		__m128i *dst = (__m128i *)(q->slots + (size_t)((t + i) & q->mask) * NTQ_SLOT);
		const __m128i *src = (const __m128i *)objs[i];

		for (k = 0; k < NTQ_SLOT / 16; k++)
			_mm_stream_si128(dst + k, _mm_loadu_si128(src + k));
	}
	ntq_wc_flush(q);
	atomic_store_explicit(&q->tail, t + n, memory_order_release); /* LABEL: id=ntq-extern-flush-release expect=none class=ordering reason="ntq_wc_flush() is defined in another file and issues sfence; a call the check cannot see into may fence, so it stays quiet" */
	atomic_store_explicit(&q->enq_calls, atomic_load_explicit(&q->enq_calls, memory_order_relaxed) + 1, memory_order_relaxed); /* LABEL: id=ntq-extern-stats-relaxed expect=none class=ordering reason="a relaxed statistics counter: not a release point, and the slots were fenced above anyway" */
	return n;
}

/* Drain a WC-mapped receive window (caller-provided) into a DRAM copy with
 * movntdqa loads, then publish the copy's sequence number. */
void ntq_snapshot_wc(uint8_t *restrict snap, const uint8_t *restrict wc_win, size_t len,
		     _Atomic uint32_t *snap_seq, uint32_t seq)
{
	size_t off;

	for (off = 0; off + 16 <= len; off += 16)
		_mm_store_si128((__m128i *)(snap + off),
				_mm_stream_load_si128((__m128i *)(wc_win + off)));
	atomic_store_explicit(snap_seq, seq, memory_order_release); /* LABEL: id=ntq-stream-load-release expect=none class=ordering reason="_mm_stream_load_si128 is movntdqa, a load; the stores are ordinary movdqa, which a release store orders on x86" */
}

/* ==== pbuf: PMDK-like append buffer =============================================== */

struct pbuf {
	pthread_spinlock_t lock;
	pthread_mutex_t mtx;
	size_t used;
	size_t cap;
};

/* area: the data area of the caller's pool mapping (pmem or not: the pool decides) */
int pbuf_append(struct pbuf *b, char *area, const void *src, size_t n)
{
	pthread_spin_lock(&b->lock);
	if (b->used + n > b->cap) {
		pthread_spin_unlock(&b->lock); /* LABEL: id=pbuf-full-spin-unlock expect=none class=ordering reason="the full path unlocks before any copy: no non-temporal store is pending" */
		return -1;
	}
	pmem_memcpy_nodrain(area + b->used, src, n); /* LABEL: id=pbuf-append-copy expect=none class=ordering reason="writethrough copy into a caller-provided area of unknown memory kind" */
	b->used += n;
	pthread_spin_unlock(&b->lock); /* LABEL: id=pbuf-append-spin-unlock expect=copyintent-nontemporal-without-fence class=ordering reason="pmem_memcpy_nodrain() leaves its NT stores unfenced and pthread_spin_unlock() is a plain store on x86: the next lock holder can read stale bytes below b->used" */
	return 0;
}

int pbuf_append_drained(struct pbuf *b, char *area, const void *src, size_t n)
{
	pthread_spin_lock(&b->lock);
	if (b->used + n > b->cap) {
		pthread_spin_unlock(&b->lock); /* LABEL: id=pbuf-drained-full-spin-unlock expect=none class=ordering reason="no copy on this path yet" */
		return -1;
	}
	pmem_memcpy_nodrain(area + b->used, src, n); /* LABEL: id=pbuf-drained-copy expect=none class=ordering reason="writethrough copy into a caller-provided area of unknown memory kind" */
	b->used += n;
	pmem_drain();
	pthread_spin_unlock(&b->lock); /* LABEL: id=pbuf-drained-spin-unlock expect=none class=ordering reason="pmem_drain() is sfence on x86: the copy's NT stores are ordered before the unlock" */
	return 0;
}

int pbuf_append_mutex(struct pbuf *b, char *area, const void *src, size_t n)
{
	pthread_mutex_lock(&b->mtx);
	if (b->used + n > b->cap) {
		pthread_mutex_unlock(&b->mtx); /* LABEL: id=pbuf-mutex-full-unlock expect=none class=ordering reason="no copy on this path; and a mutex unlock is not a release point of this check" */
		return -1;
	}
	pmem_memmove_nodrain(area + b->used, src, n); /* LABEL: id=pbuf-mutex-copy expect=none class=ordering reason="writethrough copy into a caller-provided area of unknown memory kind" */
	b->used += n;
	pthread_mutex_unlock(&b->mtx); /* LABEL: id=pbuf-mutex-unlock expect=none class=ordering reason="pthread_mutex_unlock() is a locked instruction on x86 (lock dec / xchg in glibc): it orders the NT stores" */
	return 0;
}

/* ==== nts: generation-stamped blocks ============================================== */

void nts_publish(uint64_t *blk, const uint64_t *src, size_t nwords, uint64_t *gen, uint64_t g)
{
	size_t i;

	for (i = 0; i < nwords; i++)
		__builtin_nontemporal_store(src[i], &blk[i]);
	__atomic_store_n(gen, g, __ATOMIC_RELEASE); /* LABEL: id=nts-gen-release expect=copyintent-nontemporal-without-fence class=ordering reason="__builtin_nontemporal_store is movnti on x86 and an __ATOMIC_RELEASE store is a plain MOV: a reader can see the new generation before the block" */
}

void nts_publish_sc(uint64_t *blk, const uint64_t *src, size_t nwords, uint64_t *gen, uint64_t g)
{
	size_t i;

	for (i = 0; i < nwords; i++)
		__builtin_nontemporal_store(src[i], &blk[i]);
	__atomic_store_n(gen, g, __ATOMIC_SEQ_CST); /* LABEL: id=nts-gen-seqcst expect=none class=ordering reason="an __ATOMIC_SEQ_CST store is xchg on x86: it orders the movnti stores before the generation" */
}

void nts_publish_fenced(uint64_t *blk, const uint64_t *src, size_t nwords, _Atomic uint64_t *gen, uint64_t g)
{
	size_t i;

	for (i = 0; i < nwords; i++)
		__builtin_nontemporal_store(src[i], &blk[i]);
	atomic_thread_fence(memory_order_release); /* LABEL: id=nts-release-fence expect=copyintent-nontemporal-without-fence class=ordering reason="a release fence emits no instruction on x86: it does not order the movnti stores before the relaxed store that follows" */
	atomic_store_explicit(gen, g, memory_order_relaxed); /* LABEL: id=nts-release-fence-relaxed-store expect=none class=ordering reason="a relaxed store is not a release point; the path's release point is the fence above" */
}

void nts_publish_acq_rel(uint64_t *blk, const uint64_t *src, size_t nwords, uint64_t *gen, uint64_t g)
{
	size_t i;

	for (i = 0; i < nwords; i++)
		__builtin_nontemporal_store(src[i], &blk[i]);
	__atomic_thread_fence(__ATOMIC_ACQ_REL); /* LABEL: id=nts-acqrel-fence expect=copyintent-nontemporal-without-fence class=ordering reason="an acq_rel fence is also no instruction on x86: the movnti stores stay unordered with the generation store" */
	__atomic_store_n(gen, g, __ATOMIC_RELAXED); /* LABEL: id=nts-acqrel-fence-relaxed-store expect=none class=ordering reason="a relaxed store is not a release point; the path's release point is the fence above" */
}

void nts_publish_sc_fence(uint64_t *blk, const uint64_t *src, size_t nwords, _Atomic uint64_t *gen, uint64_t g)
{
	size_t i;

	for (i = 0; i < nwords; i++)
		__builtin_nontemporal_store(src[i], &blk[i]);
	atomic_thread_fence(memory_order_seq_cst); /* LABEL: id=nts-seqcst-fence expect=none class=ordering reason="a seq_cst fence is mfence on x86: it orders the movnti stores" */
	atomic_store_explicit(gen, g, memory_order_relaxed); /* LABEL: id=nts-seqcst-fence-relaxed-store expect=none class=ordering reason="fenced by the mfence above; and a relaxed store is not a release point" */
}

/* ==== fill: pool poisoning with a streaming helper ================================ */

#define POOL_POISON	0x6b6b6b6b6b6b6b6bULL
#define POOL_READY	1

struct pool_ctl {
	_Atomic int state;		/* workers wait for POOL_READY with an acquire load */
	size_t len;
};

/* No sfence: callers that fill several regions fence once. */
static void nt_fill(void *dst, uint64_t pattern, size_t n)
{
	long long *p = (long long *)dst;
	size_t i;

	for (i = 0; i < n / sizeof(*p); i++)
		_mm_stream_si64(p + i, (long long)pattern);
}

static void nt_fill_fenced(void *dst, uint64_t pattern, size_t n)
{
	nt_fill(dst, pattern, n);
	_mm_sfence();
}

void pool_poison_and_open(struct pool_ctl *pc, void *region)
{
	nt_fill(region, POOL_POISON, pc->len); /* LABEL: id=fill-helper-call expect=none class=ordering reason="the call that makes the streaming stores: not a release point" */
	atomic_store_explicit(&pc->state, POOL_READY, memory_order_release); /* LABEL: id=fill-helper-release expect=copyintent-nontemporal-without-fence class=ordering reason="nt_fill() of this file returns with movnti stores pending: a worker that sees POOL_READY can still read unpoisoned bytes" */
}

void pool_poison_and_open_fenced(struct pool_ctl *pc, void *region)
{
	nt_fill_fenced(region, POOL_POISON, pc->len); /* LABEL: id=fill-fenced-helper-call expect=none class=ordering reason="the helper streams and then fences: nothing is pending on return" */
	atomic_store_explicit(&pc->state, POOL_READY, memory_order_release); /* LABEL: id=fill-fenced-helper-release expect=none class=ordering reason="nt_fill_fenced() ends with _mm_sfence(): the release store comes after the fence" */
}

/* ==== tas: a test-and-set lock around a streamed buffer =========================== */

struct tas_buf {
	volatile int lock;
	uint32_t n;
	int32_t *data;
};

void tas_put(struct tas_buf *b, const int32_t *src, uint32_t n)
{
	uint32_t i;

	while (__sync_lock_test_and_set(&b->lock, 1))
		_mm_pause();
	for (i = 0; i < n; i++)
		_mm_stream_si32(b->data + b->n + i, src[i]);
	b->n += n;
	__sync_lock_release(&b->lock); /* LABEL: id=tas-put-lock-release expect=copyintent-nontemporal-without-fence class=ordering reason="__sync_lock_release() is a plain store of 0 on x86: the next holder of the lock can read the entries before the movnti stores land" */
}

void tas_put_counted(struct tas_buf *b, const int32_t *src, uint32_t n)
{
	uint32_t i;

	while (__sync_lock_test_and_set(&b->lock, 1))
		_mm_pause();
	for (i = 0; i < n; i++)
		_mm_stream_si32(b->data + b->n + i, src[i]);
	__sync_fetch_and_add(&b->n, n);
	__sync_lock_release(&b->lock); /* LABEL: id=tas-counted-lock-release expect=none class=ordering reason="__sync_fetch_and_add() is lock xadd, a full barrier: the movnti stores are ordered before the release" */
}

/* ==== cpy: libpmem flags and copyintent copies before a release store ============= */

struct rec_slot_hdr {
	_Atomic uint64_t seq;	/* readers load it with acquire, then read the record */
};

void cpy_put_nodrain_flag(struct rec_slot_hdr *h, void *rec, const void *src, size_t n, uint64_t seq)
{
	pmem_memcpy(rec, src, n, PMEM_F_MEM_NODRAIN | PMEM_F_MEM_NONTEMPORAL); /* LABEL: id=cpy-nodrain-flag-copy expect=none class=ordering reason="writethrough copy (NODRAIN) into a caller-provided record of unknown memory kind" */
	atomic_store_explicit(&h->seq, seq, memory_order_release); /* LABEL: id=cpy-nodrain-flag-release expect=copyintent-nontemporal-without-fence class=ordering reason="PMEM_F_MEM_NODRAIN skips the final sfence of pmem_memcpy(): its NT stores are unordered with the release store of seq" */
}

void cpy_put_drained_flag(struct rec_slot_hdr *h, void *rec, const void *src, size_t n, uint64_t seq)
{
	pmem_memcpy(rec, src, n, PMEM_F_MEM_NONTEMPORAL); /* LABEL: id=cpy-nt-flag-copy expect=none class=ordering reason="persist copy (no NODRAIN / NOFLUSH) into a caller-provided record of unknown memory kind" */
	atomic_store_explicit(&h->seq, seq, memory_order_release); /* LABEL: id=cpy-nt-flag-release expect=none class=ordering reason="without PMEM_F_MEM_NODRAIN pmem_memcpy() ends with its drain (sfence): the NT stores are ordered before seq" */
}

void cpy_put_writethrough(struct rec_slot_hdr *h, void *rec, const void *src, size_t n, uint64_t seq)
{
	copyintent_memcpy_writethrough(rec, src, n); /* LABEL: id=cpy-writethrough-copy expect=none class=ordering reason="writethrough copy into a caller-provided record of unknown memory kind" */
	atomic_store_explicit(&h->seq, seq, memory_order_release); /* LABEL: id=cpy-writethrough-release expect=copyintent-nontemporal-without-fence class=ordering reason="copyintent_memcpy_writethrough() issues no trailing fence (copy.h): its NT stores can become visible after seq" */
}

void cpy_put_nocache(struct rec_slot_hdr *h, void *rec, const void *src, size_t n, uint64_t seq)
{
	copyintent_memcpy_nocache(rec, src, n); /* LABEL: id=cpy-nocache-copy expect=none class=ordering reason="nocache copy into a caller-provided record of unknown memory kind" */
	atomic_store_explicit(&h->seq, seq, memory_order_release); /* LABEL: id=cpy-nocache-release expect=none class=ordering reason="copyintent_memcpy_nocache() ends with sfence on x86 when it streams: it is ordered like ordinary stores" */
}
