// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Non-temporal stores that reach a release point unfenced, on x86-64
 * (copyintent-nontemporal-without-fence). movnti and the memcpy_flushcache() that is
 * built from it are weakly ordered: only sfence (wmb(), pmem_wmb()), mfence (mb()) or
 * a locked instruction (smp_mb(), spin_lock(), mutex_lock()/mutex_unlock(),
 * read_unlock(), atomic_inc(), atomic_xchg(), ...) puts them before a later store.
 * spin_unlock(), write_unlock(), smp_store_release() and atomic_set_release() are
 * plain MOVs on x86 and smp_wmb() / dma_wmb() are only compiler barriers, so another
 * CPU that acquires the lock or reads the released index can still read the old bytes.
 *
 * Shapes:
 *   pwc   a dm-writecache-like persistent write cache: blocks copied with
 *         memcpy_flushcache() under wc->lock (drivers/md/dm-writecache.c:
 *         writecache_map() / bio_copy_block() / writecache_commit_flushed()), an
 *         index table under an rwlock, a resched loop that drops the lock mid-batch
 *   xlog  a single-producer record ring written with movnti inline assembly and
 *         published with smp_store_release() of the head (the shape of
 *         arch/x86/lib/usercopy_64.c's movnti loops feeding a perf/relay-like ring)
 *   pjr   lock-free journal slots: memcpy_flushcache(), then smp_wmb() + WRITE_ONCE()
 *         of the sequence number, or wmb() + the same
 *   xacc  an accelerator work queue in coherent DMA memory, descriptors written with
 *         movnti, dma_wmb(), writel() doorbell (idxd / ioat-like)
 *
 * Every destination is a parameter or a field of one that this file never assigns:
 * its memory kind is unknown to the tool, so no destination check applies and no
 * store below publishes known persistent memory.
 *
 * Written from the check's specification only, not from its implementation.
 *
 * Era 517 (v5.17-v6.x), x86-64.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/io.h>
#include <linux/corpus-compat.h>

/* [linux/sched.h] */
void cond_resched(void);

/* [arch/x86/include/asm/string_64.h]: the out-of-line body of memcpy_flushcache() */
void __memcpy_flushcache(void *dst, const void *src, size_t cnt);

/* ==== pwc: a dm-writecache-like persistent write cache =========================== */

#define PWC_RESCHED_BATCH	64

struct pwc_entry {		/* in DRAM: the in-core index entry of one cache block */
	u64 original_sector;
	u64 seq_count;
	u32 index;
	bool dirty;
};

struct pwc_index_ent {		/* in the cache device: one slot of the on-media index */
	u64 original_sector;
	u64 seq_count;
};

struct pwc_stats {
	atomic_t writes;
	atomic_t errors;
};

struct pwc_cache {
	spinlock_t lock;		/* wc_lock: entries, freelist, block contents */
	struct mutex flush_lock;
	rwlock_t index_lock;
	char *block_start;		/* blocks in the DAX mapping, set up in pwc_target.c */
	struct pwc_index_ent *index;	/* on-media index, same mapping */
	void *superblock;
	unsigned int block_size;
	unsigned int n_free;
	u64 seq_count;
	unsigned long nr_dirty;
	bool fua_all;
	struct pwc_stats stats;
};

/* Readers (pwc_read_block() in pwc_target.c) copy a block out under wc->lock. */
void pwc_write_block(struct pwc_cache *wc, struct pwc_entry *e, const void *data)
{
	spin_lock(&wc->lock);
	memcpy_flushcache(wc->block_start + (size_t)e->index * wc->block_size, data, wc->block_size); /* LABEL: id=pwc-write-copy expect=none class=ordering reason="writethrough copy into a cache block of unknown memory kind: the copy itself is fine" */
	e->dirty = true;
	e->seq_count = ++wc->seq_count;
	wc->nr_dirty++;
	spin_unlock(&wc->lock); /* LABEL: id=pwc-write-unlock expect=copyintent-nontemporal-without-fence class=ordering reason="memcpy_flushcache() is movnti with no sfence on x86 and spin_unlock() is a plain store: the next CPU to take wc->lock can read stale bytes of the block; dm-writecache puts wmb() (writecache_commit_flushed) before dropping the lock" */
}

void pwc_write_block_fenced(struct pwc_cache *wc, struct pwc_entry *e, const void *data)
{
	spin_lock(&wc->lock);
	memcpy_flushcache(wc->block_start + (size_t)e->index * wc->block_size, data, wc->block_size); /* LABEL: id=pwc-fenced-copy expect=none class=ordering reason="writethrough copy into a cache block of unknown memory kind" */
	e->dirty = true;
	e->seq_count = ++wc->seq_count;
	wc->nr_dirty++;
	pmem_wmb();
	spin_unlock(&wc->lock); /* LABEL: id=pwc-fenced-unlock expect=none class=ordering reason="pmem_wmb() is sfence on x86: the movnti stores of the copy are ordered before the unlock" */
}

/* The superblock is rewritten under flush_lock, a sleeping lock. */
void pwc_write_super(struct pwc_cache *wc, const void *sb, size_t len)
{
	mutex_lock(&wc->flush_lock);
	memcpy_flushcache(wc->superblock, sb, len); /* LABEL: id=pwc-super-copy expect=none class=ordering reason="writethrough copy of the superblock, destination of unknown memory kind" */
	wc->seq_count++;
	mutex_unlock(&wc->flush_lock); /* LABEL: id=pwc-super-mutex-unlock expect=none class=ordering reason="mutex_unlock() is a locked cmpxchg on x86 (and an out-of-line call): it orders the movnti stores before the release" */
}

/* Reserve under the lock, copy outside it, then mark the block dirty under the lock. */
int pwc_write_block_unlocked_copy(struct pwc_cache *wc, struct pwc_entry *e, const void *data)
{
	spin_lock(&wc->lock);
	if (!wc->n_free) {
		spin_unlock(&wc->lock); /* LABEL: id=pwc-reserve-nospc-unlock expect=none class=ordering reason="nothing has been copied yet on this path: no non-temporal store is pending" */
		return -ENOSPC;
	}
	wc->n_free--;
	spin_unlock(&wc->lock); /* LABEL: id=pwc-reserve-unlock expect=none class=ordering reason="the unlock comes before the copy: no non-temporal store is pending" */

	memcpy_flushcache(wc->block_start + (size_t)e->index * wc->block_size, data, wc->block_size); /* LABEL: id=pwc-unlocked-copy expect=none class=ordering reason="writethrough copy into a reserved block of unknown memory kind" */

	spin_lock(&wc->lock);
	e->dirty = true;
	e->seq_count = ++wc->seq_count;
	spin_unlock(&wc->lock); /* LABEL: id=pwc-mark-dirty-unlock expect=none class=ordering reason="spin_lock() after the copy is a locked cmpxchg on x86: it orders the movnti stores before this unlock" */
	return 0;
}

/* Errors are logged into a per-cache record from the completion interrupt. */
void pwc_log_error(struct pwc_cache *wc, void *err_rec, const void *rec, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&wc->lock, flags);
	memcpy_flushcache(err_rec, rec, len); /* LABEL: id=pwc-errlog-copy expect=none class=ordering reason="writethrough copy into a caller-provided record, memory kind unknown" */
	wc->nr_dirty++;
	spin_unlock_irqrestore(&wc->lock, flags); /* LABEL: id=pwc-errlog-irqrestore expect=copyintent-nontemporal-without-fence class=ordering reason="spin_unlock_irqrestore() releases the lock with a plain store after unfenced movnti stores: the error record can become visible after the lock is free" */
}

/* The same from softirq context, counting the write with a locked increment first. */
void pwc_log_write_bh(struct pwc_cache *wc, void *rec_dst, const void *rec, size_t len)
{
	spin_lock_bh(&wc->lock);
	__memcpy_flushcache(rec_dst, rec, len); /* LABEL: id=pwc-bh-copy expect=none class=ordering reason="the out-of-line writethrough copy into a caller-provided record, memory kind unknown" */
	atomic_inc(&wc->stats.writes);
	spin_unlock_bh(&wc->lock); /* LABEL: id=pwc-bh-unlock expect=none class=ordering reason="atomic_inc() is lock incl on x86: a locked instruction orders the earlier movnti stores before the unlock" */
}

/*
 * Copy a batch of bounce pages into their cache blocks; drop the lock every
 * PWC_RESCHED_BATCH blocks so that readers and the flusher are not starved.
 */
void pwc_fill_blocks(struct pwc_cache *wc, struct pwc_entry **ents, void **pages, unsigned int nr)
{
	unsigned int i, batched = 0;

	spin_lock_irq(&wc->lock);
	for (i = 0; i < nr; i++) {
		if (++batched > PWC_RESCHED_BATCH) {
			spin_unlock_irq(&wc->lock); /* LABEL: id=pwc-fill-resched-unlock expect=copyintent-nontemporal-without-fence class=ordering reason="reached over the loop's back edge right after the previous iteration's memcpy_flushcache(): the lock is dropped with the movnti stores of the last block unfenced" */
			cond_resched();
			spin_lock_irq(&wc->lock);
			batched = 0;
		}
		memcpy_flushcache(wc->block_start + (size_t)ents[i]->index * wc->block_size, pages[i], wc->block_size); /* LABEL: id=pwc-fill-copy expect=none class=ordering reason="writethrough copy of one block per iteration, memory kind unknown" */
		ents[i]->dirty = true;
	}
	wmb();
	spin_unlock_irq(&wc->lock); /* LABEL: id=pwc-fill-final-unlock expect=none class=ordering reason="wmb() (sfence) after the loop orders every block's movnti stores before the final unlock" */
}

static void pwc_commit_flushed(struct pwc_cache *wc)
{
	pmem_wmb();
}

void pwc_fill_blocks_fenced(struct pwc_cache *wc, struct pwc_entry **ents, void **pages, unsigned int nr)
{
	unsigned int i, batched = 0;

	spin_lock_irq(&wc->lock);
	for (i = 0; i < nr; i++) {
		if (++batched > PWC_RESCHED_BATCH) {
			pwc_commit_flushed(wc);
			spin_unlock_irq(&wc->lock); /* LABEL: id=pwc-fenced-fill-resched-unlock expect=none class=ordering reason="pwc_commit_flushed() of this file is pmem_wmb() (sfence): the lock is dropped with nothing pending" */
			cond_resched();
			spin_lock_irq(&wc->lock);
			batched = 0;
		}
		memcpy_flushcache(wc->block_start + (size_t)ents[i]->index * wc->block_size, pages[i], wc->block_size); /* LABEL: id=pwc-fenced-fill-copy expect=none class=ordering reason="writethrough copy of one block per iteration, memory kind unknown" */
		ents[i]->dirty = true;
	}
	pwc_commit_flushed(wc);
	spin_unlock_irq(&wc->lock); /* LABEL: id=pwc-fenced-fill-final-unlock expect=none class=ordering reason="the helper's sfence orders the last block before the unlock" */
}

/*
 * Only FUA writes are fenced here; the others wait for the next REQ_PREFLUSH to be
 * made durable. Durability may wait, visibility to the next lock holder may not.
 */
int pwc_write_maybe_fua(struct pwc_cache *wc, struct pwc_entry *e, const void *data, bool fua)
{
	spin_lock(&wc->lock);
	memcpy_flushcache(wc->block_start + (size_t)e->index * wc->block_size, data, wc->block_size); /* LABEL: id=pwc-fua-copy expect=none class=ordering reason="writethrough copy into a cache block of unknown memory kind" */
	e->dirty = true;
	e->seq_count = ++wc->seq_count;
	if (!fua && !wc->fua_all) {
		spin_unlock(&wc->lock); /* LABEL: id=pwc-nofua-unlock expect=copyintent-nontemporal-without-fence class=ordering reason="the non-FUA path skips the fence and drops the lock with a plain store: a reader taking wc->lock next may see the block's old bytes" */
		return 0;
	}
	wmb();
	spin_unlock(&wc->lock); /* LABEL: id=pwc-fua-unlock expect=none class=ordering reason="on the FUA path wmb() (sfence) comes before the unlock" */
	return 0;
}

/* The on-media index is rewritten under the write side of index_lock... */
void pwc_update_index(struct pwc_cache *wc, unsigned int slot, const struct pwc_index_ent *ent)
{
	write_lock(&wc->index_lock);
	memcpy_flushcache(&wc->index[slot], ent, sizeof(*ent)); /* LABEL: id=pwc-index-copy expect=none class=ordering reason="writethrough copy of one index slot, memory kind unknown" */
	write_unlock(&wc->index_lock); /* LABEL: id=pwc-index-write-unlock expect=copyintent-nontemporal-without-fence class=ordering reason="write_unlock() is a plain store of the writer byte on x86: readers under read_lock() can read the slot before the movnti stores land" */
}

/* ...while each CPU stamps its own slot under the read side. */
void pwc_stamp_own_slot(struct pwc_cache *wc, unsigned int cpu_slot, const struct pwc_index_ent *ent)
{
	read_lock(&wc->index_lock);
	memcpy_flushcache(&wc->index[cpu_slot], ent, sizeof(*ent)); /* LABEL: id=pwc-stamp-copy expect=none class=ordering reason="writethrough copy into this CPU's own index slot, memory kind unknown" */
	read_unlock(&wc->index_lock); /* LABEL: id=pwc-stamp-read-unlock expect=none class=ordering reason="read_unlock() is a locked subtraction on x86 (queued_read_unlock): it orders the movnti stores" */
}

/* ==== xlog: a record ring written with movnti ==================================== */

#define XLOG_REC_WORDS		8
#define XLOG_SNAP_READY		1

struct xlog_ring {
	u64 *recs;		/* (mask + 1) * XLOG_REC_WORDS words */
	u32 mask;
	u32 head;		/* producer index; the consumer reads it with smp_load_acquire() */
	atomic_t state;
	atomic_t nr_pending;
	atomic64_t published;
};

static __always_inline void xlog_movnti(u64 *dst, u64 val)
{
	asm volatile("movnti %1, %0" : "=m" (*dst) : "r" (val));
}

/* Copy n words around the cache; no sfence: callers batch the fence. */
static void xlog_copy_words(u64 *dst, const u64 *src, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		xlog_movnti(&dst[i], src[i]);
}

void xlog_push(struct xlog_ring *r, const u64 *rec)
{
	u32 head = r->head;
	u64 *dst = r->recs + (size_t)(head & r->mask) * XLOG_REC_WORDS;
	int i;

	for (i = 0; i < XLOG_REC_WORDS; i++)
		asm volatile("movnti %1, %0" : "=m" (dst[i]) : "r" (rec[i]));
	smp_store_release(&r->head, head + 1); /* LABEL: id=xlog-push-release expect=copyintent-nontemporal-without-fence class=ordering reason="smp_store_release() is a plain MOV on x86: the consumer's smp_load_acquire() can see the new head before the movnti stores of the record" */
}

void xlog_push_mb(struct xlog_ring *r, const u64 *rec)
{
	u32 head = r->head;
	u64 *dst = r->recs + (size_t)(head & r->mask) * XLOG_REC_WORDS;
	int i;

	for (i = 0; i < XLOG_REC_WORDS; i++)
		asm volatile("movnti %1, %0" : "=m" (dst[i]) : "r" (rec[i]));
	smp_mb();
	smp_store_release(&r->head, head + 1); /* LABEL: id=xlog-push-mb-release expect=none class=ordering reason="smp_mb() is lock addl on x86: the movnti stores are ordered before the release of the head" */
}

/* Publishing is a helper; the callers do (or forget) the fence. */
static void xlog_publish(struct xlog_ring *r, u32 head)
{
	smp_store_release(&r->head, head); /* LABEL: id=xlog-publish-helper-release expect=none class=ordering reason="this helper stores nothing non-temporal itself: the verdict belongs to each call, in the caller that made the stores" */
}

void xlog_push_helper(struct xlog_ring *r, const u64 *rec)
{
	u32 head = r->head;

	xlog_copy_words(r->recs + (size_t)(head & r->mask) * XLOG_REC_WORDS, rec, XLOG_REC_WORDS); /* LABEL: id=xlog-helper-copy-call expect=none class=ordering reason="the call that makes the movnti stores: not a release point" */
	xlog_publish(r, head + 1); /* LABEL: id=xlog-helper-publish-call expect=copyintent-nontemporal-without-fence class=ordering reason="xlog_copy_words() returns with movnti stores pending and xlog_publish() goes straight to smp_store_release(): the head is released unfenced" */
}

void xlog_push_helper_wmb(struct xlog_ring *r, const u64 *rec)
{
	u32 head = r->head;

	xlog_copy_words(r->recs + (size_t)(head & r->mask) * XLOG_REC_WORDS, rec, XLOG_REC_WORDS); /* LABEL: id=xlog-helper-wmb-copy-call expect=none class=ordering reason="the call that makes the movnti stores: not a release point" */
	wmb();
	xlog_publish(r, head + 1); /* LABEL: id=xlog-helper-wmb-publish-call expect=none class=ordering reason="wmb() (sfence) between the movnti helper and the publishing helper" */
}

/* A snapshot of the caller's counters for the reader, flagged ready. */
void xlog_snapshot(struct xlog_ring *r, u64 *snap, const u64 *src, unsigned int n)
{
	xlog_copy_words(snap, src, n); /* LABEL: id=xlog-snap-copy-call expect=none class=ordering reason="the call that makes the movnti stores: not a release point" */
	atomic_set_release(&r->state, XLOG_SNAP_READY); /* LABEL: id=xlog-snap-set-release expect=copyintent-nontemporal-without-fence class=ordering reason="xlog_copy_words() of this file ends without sfence and atomic_set_release() is a plain store on x86: the reader can see READY before the snapshot words" */
}

void xlog_snapshot_counted(struct xlog_ring *r, u64 *snap, const u64 *src, unsigned int n)
{
	xlog_copy_words(snap, src, n); /* LABEL: id=xlog-snap-counted-copy-call expect=none class=ordering reason="the call that makes the movnti stores: not a release point" */
	atomic_inc(&r->nr_pending);
	atomic_set_release(&r->state, XLOG_SNAP_READY); /* LABEL: id=xlog-snap-counted-set-release expect=none class=ordering reason="atomic_inc() is lock incl: the locked instruction orders the helper's movnti stores before the release" */
}

/* Batch push: account the published count with a 64-bit release. */
void xlog_push_batch(struct xlog_ring *r, u64 *dst, const u64 *recs, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr * XLOG_REC_WORDS; i++)
		asm volatile("movnti %1, %0" : "=m" (dst[i]) : "r" (recs[i]));
	atomic64_set_release(&r->published, atomic64_read(&r->published) + nr); /* LABEL: id=xlog-batch-set64-release expect=copyintent-nontemporal-without-fence class=ordering reason="atomic64_set_release() is a plain MOV on x86: the new count is visible before the movnti batch" */
}

void xlog_push_batch_xchg(struct xlog_ring *r, u64 *dst, const u64 *recs, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr * XLOG_REC_WORDS; i++)
		asm volatile("movnti %1, %0" : "=m" (dst[i]) : "r" (recs[i]));
	atomic_xchg(&r->state, 0);
	atomic64_set_release(&r->published, atomic64_read(&r->published) + nr); /* LABEL: id=xlog-batch-xchg-set64-release expect=none class=ordering reason="atomic_xchg() is an implicitly locked xchg: the movnti batch is ordered before the release" */
}

/* ==== pjr: lock-free journal slots =============================================== */

#define PJR_SLOT_DATA	240

struct pjr_slot {
	u64 seq;		/* odd while empty; the reader checks it, then reads data */
	u32 len;
	u32 pad;
	u8 data[PJR_SLOT_DATA];
};

struct pjr {
	struct pjr_slot *slots;
	u32 nr_slots;
	bool frozen;		/* set when the device goes read-only */
};

void pjr_post(struct pjr_slot *slot, const void *msg, u32 len, u64 seq)
{
	memcpy_flushcache(slot->data, msg, len); /* LABEL: id=pjr-post-copy expect=none class=ordering reason="writethrough copy into a slot of unknown memory kind" */
	slot->len = len;
	smp_wmb(); /* LABEL: id=pjr-post-smp-wmb expect=copyintent-nontemporal-without-fence class=ordering reason="the author meant to order data before seq, but smp_wmb() is only barrier() on x86: it does not order movnti stores" */
	WRITE_ONCE(slot->seq, seq); /* LABEL: id=pjr-post-write-once expect=none class=ordering reason="the store the smp_wmb() meant to order; the finding is at the smp_wmb()" */
}

void pjr_post_wmb(struct pjr_slot *slot, const void *msg, u32 len, u64 seq)
{
	memcpy_flushcache(slot->data, msg, len); /* LABEL: id=pjr-post-wmb-copy expect=none class=ordering reason="writethrough copy into a slot of unknown memory kind" */
	slot->len = len;
	wmb();
	WRITE_ONCE(slot->seq, seq); /* LABEL: id=pjr-post-wmb-write-once expect=none class=ordering reason="wmb() is sfence on x86: the slot's movnti stores are ordered before seq" */
}

int pjr_post_checked(struct pjr *jr, struct pjr_slot *slot, const void *msg, u32 len, u64 seq)
{
	memcpy_flushcache(slot->data, msg, len); /* LABEL: id=pjr-checked-copy expect=none class=ordering reason="writethrough copy into a slot of unknown memory kind" */
	if (unlikely(READ_ONCE(jr->frozen)))
		return -EIO;	/* never published: recovery skips a slot with an odd seq */
	slot->len = len;
	wmb();
	smp_store_release(&slot->seq, seq); /* LABEL: id=pjr-checked-release expect=none class=ordering reason="wmb() on the path to the release; the error path returns before any release point and this function has no caller in the file" */
	return 0;
}

/* ==== xacc: descriptors in coherent DMA memory, MMIO doorbell ==================== */

struct xacc_desc {
	u64 src;
	u64 dst;
	u32 len;
	u32 flags;
	u64 completion;
};

struct xacc_wq {
	struct xacc_desc *ring;		/* dma_alloc_coherent() in xacc_main.c */
	void __iomem *db;
	u32 tail;
	u32 mask;
};

void xacc_submit(struct xacc_wq *wq, const struct xacc_desc *d)
{
	u64 *dst = (u64 *)&wq->ring[wq->tail & wq->mask];
	const u64 *src = (const u64 *)d;
	unsigned int i;

	for (i = 0; i < sizeof(*d) / sizeof(u64); i++)
		xlog_movnti(&dst[i], src[i]);
	wq->tail++;
	dma_wmb(); /* LABEL: id=xacc-dma-wmb expect=none class=ordering reason="dma_wmb() is not a release point of this check; the device is told by the MMIO write below" */
	writel(wq->tail, wq->db); /* LABEL: id=xacc-doorbell-writel expect=none class=ordering reason="not a release point of this check: writel() is an uncached MMIO write, which on x86 drains the write-combining buffers ahead of it" */
}
