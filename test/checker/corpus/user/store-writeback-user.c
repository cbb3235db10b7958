// CORPUS-FLAGS: -std=gnu11 -mclwb -I%S/../../Inputs/user -I%S/../../../../include
/*
 * copyintent-missing-writethrough on stores (issue 11's other sites) in PMDK-style
 * user code: field stores, compound assignments, increments, struct assignments and
 * array element stores into persistent memory that nothing writes back, although the
 * path then drains (pmem_drain(), _mm_sfence(), copyintent_drain(), pmemobj_drain(),
 * a persist of another range, a helper that drains) as if they were durable; and
 * stores inside libpmemobj transactions into ranges the transaction never added. The
 * areas are the ones libpmem / libpmemobj programs and pmemkv-like engines keep
 * (names invented):
 *
 *   plog   the header page of a pmem_map_file() log (tail, record count, generation)
 *   kv     fixed 256-byte slots of a pmem_map_file() store, after a meta page
 *   ckpt   a checkpoint area whose pointer carries COPYINTENT_PMEM (dirty bitmap)
 *   acct   libpmemobj accounts (TOID / D_RW / pmemobj_direct), mostly changed in
 *          transactions (TX_ADD*, TX_SET, TX_NEW / TX_ZNEW, pmemobj_tx_*)
 *
 * The bugs: a store then a drain with no write-back; a counter bumped and then a persist
 * of another object or of a field more than a cache line away; a struct assignment
 * then a drain; a store in a static helper whose caller only drains; a write-back
 * on one branch only; a store in a transaction into a range never added (none at all,
 * or a far field of the one added). The look-alikes: a persist of the field or of
 * the whole object, flush + drain, a clwb loop, a helper that writes back its argument,
 * a neighbouring field in the same (page-aligned) cache line as the persisted one,
 * DRAM, exported functions that leave the write-back to their callers, a late
 * persist after a drain, and stores into ranges the transaction added or allocated.
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
#include <libpmemobj.h>

#define CACHELINE 64

/* ==== plog: the header page of a pmem_map_file() log =============================== */

#define PLOG_F_CLEAN	0x1ULL

/* at the start of the mapping: page-aligned, so bytes 0-63 share one cache line */
struct plog_hdr {
	uint64_t magic;		/*   0 */
	uint64_t tail;		/*   8: bytes of committed records */
	uint64_t nrecs;		/*  16 */
	uint64_t flags;		/*  24: PLOG_F_CLEAN after an orderly close */
	char owner[96];		/*  32: host that has the log open */
	uint64_t gen;		/* 128: bumped by every truncate; records carry it */
	uint64_t opens;		/* 136 */
	uint64_t ckpt_time;	/* 144: last checkpoint, recovery starts its scan there */
};

static struct {
	struct plog_hdr *hdr;
	char *data;		/* records, from the second page */
	size_t cap;
	int is_pmem;
} plog;

/* DRAM counters for the stats thread */
static struct plog_stats {
	uint64_t appends;
	uint64_t bytes;
} *plog_stats;

int plog_open(const char *path)
{
	size_t len;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &plog.is_pmem);

	if (!base)
		return -1;
	plog.hdr = (struct plog_hdr *)base;
	plog.data = base + 4096;
	plog.cap = len - 4096;
	plog_stats = calloc(1, sizeof(*plog_stats));
	return plog_stats ? 0 : -1;
}

/* the orderly-close flag is drained, never written back */
void plog_mark_clean(void)
{
	plog.hdr->flags |= PLOG_F_CLEAN; /* LABEL: id=plog-clean-drain expect=copyintent-missing-writethrough class=ordering reason="header field of the pmem_map_file() mapping stored, then pmem_drain() as if it were durable; nothing writes the line back (fix: pmem_persist(&plog.hdr->flags, ...) or a flush before the drain)" */
	pmem_drain();
}

/* drops the records after keep; the persist names the tail only */
int plog_truncate(uint64_t keep, uint64_t nkeep)
{
	struct plog_hdr *h = plog.hdr;

	if (keep > h->tail)
		return -1;
	h->tail = keep; /* LABEL: id=plog-trunc-tail expect=none class=ordering reason="pmem_persist(&h->tail, sizeof(h->tail)) of exactly this field follows" */
	h->nrecs = nkeep; /* LABEL: id=plog-trunc-nrecs expect=none class=ordering reason="nrecs (offset 16) is in the same cache line as the persisted tail (offset 8): the header starts the page-aligned mapping, so the persist writes this line back too" */
	h->gen++; /* LABEL: id=plog-trunc-gen expect=copyintent-missing-writethrough class=ordering reason="gen is at offset 128, two lines away from the persisted tail: never written back, and pmem_persist() drains as if it were; recovery then pairs old records with a stale generation" */
	pmem_persist(&h->tail, sizeof(h->tail));
	return 0;
}

/* batch of records with nodrain copies, one drain, then the tail */
int plog_append_batch(const void *const *recs, const size_t *lens, unsigned cnt)
{
	struct plog_hdr *h = plog.hdr;
	uint64_t tail = h->tail;
	unsigned i;

	for (i = 0; i < cnt; i++) {
		if (tail + lens[i] > plog.cap)
			return -1;
		pmem_memcpy_nodrain(plog.data + tail, recs[i], lens[i]); /* LABEL: id=plog-batch-copy expect=none class=ordering reason="writethrough copy into the record area; pmem_drain() completes the batch before the tail moves" */
		tail += lens[i];
		plog_stats->bytes += lens[i]; /* LABEL: id=plog-batch-stats expect=none class=ordering reason="plog_stats is calloc()ed: DRAM, nothing to write back" */
	}
	pmem_drain();
	h->tail = tail; /* LABEL: id=plog-batch-tail expect=none class=ordering reason="pmem_persist() of the tail follows; the records were written back and drained before it" */
	h->nrecs += cnt; /* LABEL: id=plog-batch-nrecs expect=none class=ordering reason="neighbouring field in the same page-aligned cache line as the persisted tail: written back by the same persist" */
	pmem_persist(&h->tail, sizeof(h->tail));
	return 0;
}

/* records who holds the log; the whole header is persisted */
int plog_set_owner(const char *host, size_t n)
{
	struct plog_hdr *h = plog.hdr;

	if (n > sizeof(h->owner))
		return -1;
	h->opens++; /* LABEL: id=plog-owner-opens expect=none class=ordering reason="pmem_persist(h, sizeof(*h)) writes back the whole enclosing header" */
	memcpy(h->owner, host, n); /* LABEL: id=plog-owner-copy expect=none class=ordering reason="plain copy into the header, persisted with it right after" */
	pmem_persist(h, sizeof(*h));
	return 0;
}

/* the drain completes the caller's pmem_memcpy_nodrain() records; the stamp is persisted after it */
void plog_checkpoint(uint64_t now)
{
	plog.hdr->ckpt_time = now; /* LABEL: id=plog-ckpt-late expect=none class=ordering reason="a drain comes first, but pmem_persist() of the same field follows on the only path: written back" */
	pmem_drain();
	pmem_persist(&plog.hdr->ckpt_time, sizeof(plog.hdr->ckpt_time));
}

/* part of plog_open() in the library's other file, which persists the header after it */
void plog_count_open(void)
{
	plog.hdr->opens++; /* LABEL: id=plog-exported-nodrain expect=none class=ordering reason="exported function that ends without a drain: writing the header back is its callers' business" */
}

/* the non-pmem fallback forgets pmem_msync() */
void plog_set_nrecs(uint64_t n)
{
	plog.hdr->nrecs = n; /* LABEL: id=plog-nrecs-ispmem expect=copyintent-missing-writethrough class=ordering reason="written back only when plog.is_pmem; on the other path nothing flushes or msyncs the field and pmem_drain() still follows" */
	if (plog.is_pmem)
		pmem_flush(&plog.hdr->nrecs, sizeof(plog.hdr->nrecs));
	pmem_drain();
}

/* a new generation: the loop writes back every line of the header */
void plog_new_generation(void)
{
	struct plog_hdr *h = plog.hdr;
	uintptr_t p;

	h->gen++; /* LABEL: id=plog-clwb-gen expect=none class=ordering reason="the _mm_clwb() loop walks every line of *h, then _mm_sfence()" */
	h->opens = 1; /* LABEL: id=plog-clwb-opens expect=none class=ordering reason="same header, covered by the clwb loop over the object" */
	for (p = (uintptr_t)h & ~(uintptr_t)(CACHELINE - 1); p < (uintptr_t)h + sizeof(*h);
	     p += CACHELINE)
		_mm_clwb((void *)p);
	_mm_sfence();
}

/* ==== kv: fixed slots after a meta page ========================================= */

#define KV_VAL 184
#define KV_TOMBSTONE 2u

struct kv_meta {
	uint64_t magic;
	uint64_t nlive;		/* live slots: recovery sizes its index with it */
	uint64_t next_seq;
};

struct kv_slot {		/* 256 bytes, 256-aligned in the mapping */
	uint64_t seq;		/*   0 */
	uint32_t valid;		/*   8 */
	uint32_t vlen;		/*  12 */
	char key[32];		/*  16 */
	char val[KV_VAL];	/*  48 */
	uint64_t expires;	/* 232: TTL deadline, checked after a restart too */
	uint64_t pad[2];
};

static struct kv_meta *kv_meta;	/* first page of the pmem_map_file() mapping */
static struct kv_slot *kv;	/* from the second page */
static size_t kv_nslots;

static struct {
	uint64_t puts;
	uint64_t drains;
} *kv_stats;			/* malloc()ed */

int kv_open(const char *path)
{
	size_t len;
	int is_pmem;
	char *base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);

	if (!base)
		return -1;
	kv_meta = (struct kv_meta *)base;
	kv = (struct kv_slot *)(base + 4096);
	kv_nslots = (len - 4096) / sizeof(struct kv_slot);
	kv_stats = malloc(sizeof(*kv_stats));
	return kv_stats ? 0 : -1;
}

/* builds the slot on the stack and stores it whole; the drain completes nothing */
int kv_put_fast(size_t i, const char key[32], const void *val, uint32_t vlen, uint64_t seq)
{
	struct kv_slot tmp = { .seq = seq, .valid = 1, .vlen = vlen };

	if (i >= kv_nslots || vlen > KV_VAL)
		return -1;
	memcpy(tmp.key, key, sizeof(tmp.key)); /* LABEL: id=kv-fast-tmp-key expect=none class=ordering reason="copy into the stack struct" */
	memcpy(tmp.val, val, vlen); /* LABEL: id=kv-fast-tmp-val expect=none class=ordering reason="copy into the stack struct" */
	kv[i] = tmp; /* LABEL: id=kv-fast-struct-drain expect=copyintent-missing-writethrough class=ordering reason="struct assignment into a slot of the pmem_map_file() area, never written back, then pmem_drain() as if the slot were durable (fix: pmem_persist(&kv[i], sizeof(kv[i])))" */
	pmem_drain();
	kv_stats->drains++; /* LABEL: id=kv-fast-stats expect=none class=ordering reason="kv_stats is malloc()ed: DRAM" */
	return 0;
}

/* restores a slot from a DRAM copy */
int kv_restore(size_t i, const struct kv_slot *saved)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots)
		return -1;
	*s = *saved; /* LABEL: id=kv-restore-struct expect=none class=ordering reason="struct assignment followed by pmem_persist(s, sizeof(*s)) of the whole slot" */
	pmem_persist(s, sizeof(*s));
	return 0;
}

/* the persist names seq; the deadline lies 232 bytes further, in another line */
int kv_refresh(size_t i, uint64_t seq, uint64_t expires)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots)
		return -1;
	s->expires = expires; /* LABEL: id=kv-refresh-expires expect=copyintent-missing-writethrough class=ordering reason="expires is at offset 232 of a 256-aligned slot, three lines from seq: pmem_persist(&s->seq, ...) does not write it back but drains" */
	s->seq = seq; /* LABEL: id=kv-refresh-seq expect=copyintent-publish-before-persist class=ordering reason="seq is persisted by pmem_persist(&s->seq, sizeof(s->seq)) on its own, so it is what vouches for the slot; the deadline stored before it, three lines away, is not persistent when seq is stored (relabelled when publish-before-persist learned stores as data: written back or not, expires needs its drain before this store)" */
	pmem_persist(&s->seq, sizeof(s->seq));
	return 0;
}

/* the live count is bumped in the meta page; only the slot is persisted */
int kv_put(size_t i, const char key[32], const void *val, uint32_t vlen, uint64_t seq)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots || vlen > KV_VAL)
		return -1;
	kv_meta->nlive++; /* LABEL: id=kv-put-nlive expect=copyintent-missing-writethrough class=ordering reason="counter in the meta page (another object, another page); the two persists name the slot only and drain: nlive is never written back" */
	s->seq = seq; /* LABEL: id=kv-put-seq expect=none class=ordering reason="written back by pmem_persist(s, sizeof(*s))" */
	memcpy(s->key, key, sizeof(s->key)); /* LABEL: id=kv-put-key expect=none class=ordering reason="plain copy persisted with the whole slot below" */
	memcpy(s->val, val, vlen); /* LABEL: id=kv-put-val expect=none class=ordering reason="plain copy persisted with the whole slot below" */
	pmem_persist(s, sizeof(*s));
	s->valid = 1; /* LABEL: id=kv-put-valid expect=none class=ordering reason="set after the slot is persistent, persisted by the next call" */
	pmem_persist(&s->valid, sizeof(s->valid));
	return 0;
}

/* static helper: its one caller drains after it, nothing writes the flag back */
static void kv_set_valid(struct kv_slot *s)
{
	s->valid = 1; /* LABEL: id=kv-static-valid expect=copyintent-missing-writethrough class=ordering reason="static helper storing through its parameter; kv_commit() passes &kv[i] and only pmem_drain()s after the call" */
}

int kv_commit(size_t i, const void *val, uint32_t vlen)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots || vlen > KV_VAL)
		return -1;
	pmem_memcpy_nodrain(s->val, val, vlen); /* LABEL: id=kv-commit-copy expect=none class=ordering reason="writethrough copy, drained before the flag is set" */
	pmem_drain();
	kv_set_valid(s);
	pmem_drain();
	return 0;
}

/* static helper: its caller persists the slot after it */
static void kv_set_len(struct kv_slot *s, uint32_t vlen)
{
	s->vlen = vlen; /* LABEL: id=kv-static-len expect=none class=ordering reason="static helper whose only caller (kv_resize) persists the whole slot right after the call" */
}

int kv_resize(size_t i, uint32_t vlen)
{
	if (i >= kv_nslots || vlen > KV_VAL)
		return -1;
	kv_set_len(&kv[i], vlen);
	pmem_persist(&kv[i], sizeof(kv[i]));
	return 0;
}

/* a helper of this file that writes back its argument and drains */
static void kv_persist_slot(const struct kv_slot *s)
{
	pmem_flush(s, sizeof(*s));
	pmem_drain();
}

int kv_delete(size_t i, uint64_t seq)
{
	struct kv_slot *s = &kv[i];

	if (i >= kv_nslots)
		return -1;
	s->seq = seq; /* LABEL: id=kv-del-seq expect=none class=ordering reason="kv_persist_slot(s) flushes the whole slot (its pointer argument's own range) and drains" */
	s->valid = KV_TOMBSTONE; /* LABEL: id=kv-del-valid expect=none class=ordering reason="same slot, written back by kv_persist_slot()" */
	kv_persist_slot(s);
	return 0;
}

/* ==== ckpt: a dirty bitmap behind a COPYINTENT_PMEM pointer ====================== */

struct ckpt {
	uint64_t seq;		/*   0 */
	uint64_t nr_dirty;	/*   8 */
	uint64_t pad[14];	/*  16: the bitmap starts on a line of its own */
	uint64_t bitmap[64];	/* 128 */
};

struct ckpt *ckpt_map(const char *dev);		/* platform layer, another file */

static struct ckpt *COPYINTENT_PMEM ck;
static uint64_t *ck_shadow;	/* malloc()ed DRAM copy of the bitmap */

int ckpt_attach(const char *dev)
{
	ck = ckpt_map(dev);
	ck_shadow = malloc(sizeof(ck->bitmap));
	return ck && ck_shadow ? 0 : -1;
}

int ckpt_begin(uint64_t seq)
{
	ck->seq = seq; /* LABEL: id=ckpt-seq-flush-drain expect=none class=ordering reason="copyintent_flush() of the field, then copyintent_drain()" */
	copyintent_flush(&ck->seq, sizeof(ck->seq));
	copyintent_drain();
	return 0;
}

/* the count is written back, the bitmap word is not */
int ckpt_mark(unsigned blk)
{
	if (blk >= 64 * 64)
		return -1;
	ck_shadow[blk / 64] |= 1ULL << (blk % 64); /* LABEL: id=ckpt-mark-shadow expect=none class=ordering reason="ck_shadow is malloc()ed: DRAM" */
	ck->bitmap[blk / 64] |= 1ULL << (blk % 64); /* LABEL: id=ckpt-mark-bitmap expect=copyintent-missing-writethrough class=ordering reason="array element store into the COPYINTENT_PMEM area; the bitmap starts at offset 128, the only flush names nr_dirty at offset 8, and copyintent_drain() follows" */
	ck->nr_dirty++; /* LABEL: id=ckpt-mark-count expect=none class=ordering reason="copyintent_flush(&ck->nr_dirty, ...) then copyintent_drain()" */
	copyintent_flush(&ck->nr_dirty, sizeof(ck->nr_dirty));
	copyintent_drain();
	return 0;
}

int ckpt_mark_range(unsigned first, unsigned n)
{
	unsigned b;

	if (first + n > 64 * 64)
		return -1;
	for (b = first; b < first + n; b++)
		ck->bitmap[b / 64] |= 1ULL << (b % 64); /* LABEL: id=ckpt-range-bitmap expect=none class=ordering reason="copyintent_flush(ck->bitmap, sizeof(ck->bitmap)): a constant range holding every word, then copyintent_drain()" */
	copyintent_flush(ck->bitmap, sizeof(ck->bitmap));
	copyintent_drain();
	return 0;
}

/* ==== acct: libpmemobj objects ================================================== */

#define ACC_FROZEN	0x1ULL
#define ACC_AUDIT	0x2ULL
#define BANK_MAX	60

struct account {
	uint64_t balance;	/*   0 */
	uint64_t nops;		/*   8 */
	char owner[112];	/*  16 */
	uint64_t last_op;	/* 128: time of the last operation, for statements */
	uint64_t flags;		/* 136 */
};
TOID_DECLARE(struct account, 1);

struct bank_root {
	uint64_t naccounts;
	PMEMoid spare;
	TOID(struct account) accounts[BANK_MAX];
};
TOID_DECLARE(struct bank_root, 0);

static PMEMobjpool *pop;
static TOID(struct bank_root) broot;

int bank_open(const char *path)
{
	pop = pmemobj_open(path, "bank");
	if (!pop)
		return -1;
	broot.oid = pmemobj_root(pop, sizeof(struct bank_root));
	return 0;
}

int acct_deposit_direct(TOID(struct account) acc, uint64_t amt)
{
	struct account *a = D_RW(acc);

	a->balance += amt; /* LABEL: id=acct-deposit-persist expect=none class=ordering reason="pmemobj_persist() of exactly this field follows" */
	pmemobj_persist(pop, &a->balance, sizeof(a->balance));
	return 0;
}

void acct_stamp(TOID(struct account) acc, uint64_t now)
{
	struct account *a = D_RW(acc);

	a->last_op = now; /* LABEL: id=acct-stamp-last expect=none class=ordering reason="pmemobj_persist(pop, a, sizeof(*a)) writes back the whole object" */
	a->nops++; /* LABEL: id=acct-stamp-nops expect=none class=ordering reason="whole object persisted" */
	pmemobj_persist(pop, a, sizeof(*a));
}

/* outside any transaction: a drain and no write-back */
void acct_freeze(TOID(struct account) acc)
{
	D_RW(acc)->flags |= ACC_FROZEN; /* LABEL: id=acct-freeze-drain expect=copyintent-missing-writethrough class=ordering reason="store into a pmemobj_direct() object (D_RW), then pmemobj_drain() with nothing written back: the flag is not durable (fix: pmemobj_persist() of the field)" */
	pmemobj_drain(pop);
}

/* the transaction logs the balances, not the operation time */
int acct_transfer(TOID(struct account) from, TOID(struct account) to, uint64_t amt,
		  uint64_t now)
{
	int ret = 0;

	TX_BEGIN(pop) {
		TX_ADD_FIELD(from, balance);
		TX_ADD_FIELD(to, balance);
		D_RW(from)->balance -= amt; /* LABEL: id=tx-xfer-from expect=none class=ordering reason="TX_ADD_FIELD(from, balance) earlier in the same transaction: logged and persisted by the commit" */
		D_RW(to)->balance += amt; /* LABEL: id=tx-xfer-to expect=none class=ordering reason="TX_ADD_FIELD(to, balance) earlier in the same transaction" */
		D_RW(from)->last_op = now; /* LABEL: id=tx-xfer-last-op expect=copyintent-missing-writethrough class=ordering reason="last_op (offset 128) was never added; the only range added on from is balance (offset 0, 8 bytes), in another cache line whatever the object's alignment: the commit neither logs nor persists it" */
	} TX_ONABORT {
		ret = -1;
	} TX_END
	return ret;
}

/* a transaction that adds nothing */
void acct_set_flags(TOID(struct account) acc, uint64_t f)
{
	TX_BEGIN(pop) {
		D_RW(acc)->flags = f; /* LABEL: id=tx-flags-never-added expect=copyintent-missing-writethrough class=ordering reason="store in a transaction into a persistent object that was never added nor allocated in it: TX_END's commit does not write it back (fix: TX_ADD_FIELD(acc, flags) or TX_SET)" */
	} TX_END
}

void acct_reset(TOID(struct account) acc)
{
	TX_BEGIN(pop) {
		TX_ADD(acc);
		D_RW(acc)->balance = 0; /* LABEL: id=tx-reset-balance expect=none class=ordering reason="TX_ADD(acc) added the whole object first" */
	} TX_END
}

void acct_audit(TOID(struct account) acc)
{
	TX_BEGIN(pop) {
		TX_SET(acc, flags, D_RO(acc)->flags | ACC_AUDIT); /* LABEL: id=tx-set-flags expect=none class=ordering reason="TX_SET adds the field and stores it in one expression" */
	} TX_END
}

void acct_close(TOID(struct account) acc)
{
	struct account *a = D_RW(acc);

	TX_BEGIN(pop) {
		TX_ADD_DIRECT(a);
		a->flags |= ACC_FROZEN; /* LABEL: id=tx-direct-flags expect=none class=ordering reason="TX_ADD_DIRECT(a) added the whole object" */
	} TX_END
}

void acct_unfreeze(TOID(struct account) acc)
{
	struct account *a = D_RW(acc);

	TX_BEGIN(pop) {
		pmemobj_tx_add_range_direct(&a->flags, sizeof(a->flags));
		a->flags &= ~ACC_FROZEN; /* LABEL: id=tx-range-direct-flags expect=none class=ordering reason="pmemobj_tx_add_range_direct() of exactly this field earlier in the transaction" */
		TX_ADD_FIELD_DIRECT(a, nops);
		a->nops++; /* LABEL: id=tx-field-direct-nops expect=none class=ordering reason="TX_ADD_FIELD_DIRECT(a, nops) just before" */
	} TX_END
}

int acct_rename(TOID(struct account) acc, const char *owner, size_t n)
{
	int ret = 0;

	if (n > sizeof(D_RO(acc)->owner))
		return -1;
	TX_BEGIN(pop) {
		TX_ADD_FIELD(acc, owner);
		memcpy(D_RW(acc)->owner, owner, n); /* LABEL: id=tx-rename-copy expect=none class=ordering reason="plain copy into a field TX_ADD_FIELD() added in the same transaction: the commit writes it back" */
	} TX_ONABORT {
		ret = -1;
	} TX_END
	return ret;
}

int bank_add_account(uint64_t initial)
{
	struct bank_root *r = D_RW(broot);
	int ret = 0;

	if (r->naccounts >= BANK_MAX)
		return -1;
	TX_BEGIN(pop) {
		TOID(struct account) acc = TX_ZNEW(struct account);

		D_RW(acc)->balance = initial; /* LABEL: id=tx-znew-balance expect=none class=ordering reason="the object was allocated by TX_ZNEW in this transaction: the commit persists it" */
		pmemobj_tx_add_range_direct(&r->accounts[r->naccounts], sizeof(r->accounts[0]));
		r->accounts[r->naccounts] = acc; /* LABEL: id=tx-root-link expect=none class=ordering reason="pmemobj_tx_add_range_direct() of this very element just before: logged and persisted by the commit" */
		TX_ADD_FIELD_DIRECT(r, naccounts);
		r->naccounts++; /* LABEL: id=tx-root-count expect=none class=ordering reason="TX_ADD_FIELD_DIRECT(r, naccounts) just before" */
	} TX_ONABORT {
		ret = -1;
	} TX_END
	return ret;
}

/* a copy of an account, parked in the root's spare slot */
void bank_clone_spare(TOID(struct account) src)
{
	TX_BEGIN(pop) {
		TOID(struct account) n = TX_NEW(struct account);

		*D_RW(n) = *D_RO(src); /* LABEL: id=tx-new-struct expect=none class=ordering reason="struct assignment into an object TX_NEW allocated in this transaction" */
		TX_ADD_FIELD(broot, spare);
		D_RW(broot)->spare = n.oid; /* LABEL: id=tx-spare-oid expect=none class=ordering reason="TX_ADD_FIELD(broot, spare) just before (a PMEMoid struct assignment)" */
	} TX_END
}

void bank_spare_raw(uint64_t initial)
{
	TX_BEGIN(pop) {
		PMEMoid oid = pmemobj_tx_alloc(sizeof(struct account),
					       TOID_TYPE_NUM(struct account));
		struct account *na = pmemobj_direct(oid);

		na->balance = initial; /* LABEL: id=tx-alloc-balance expect=none class=ordering reason="pmemobj_tx_alloc() allocated the object in this transaction" */
		pmemobj_tx_add_range(broot.oid, offsetof(struct bank_root, spare), sizeof(PMEMoid));
		D_RW(broot)->spare = oid; /* LABEL: id=tx-alloc-spare expect=none class=ordering reason="pmemobj_tx_add_range() of the root's spare field (its offset and size) just before" */
	} TX_END
}
