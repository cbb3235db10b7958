#!/usr/bin/env python3
"""Generate a synthetic C source tree, storage-project-like, with planted findings.

The tree is an input for benchmarking a whole-tree analysis against run-clang-tidy:
thousands of translation units that share headers (so header parsing is paid once per
TU, as in real projects), mostly ordinary copies (so the cost measured is the cost of
looking, not of reporting), and a few true findings whose positions are known:

  nocache-into-pmem-in-tu     a nocache copy into a pmem_map_file mapping, in one
                              function: any per-TU analysis can see it;
  nocache-into-pmem-cross-tu  an exported store function does the nocache copy into its
                              parameter and another file passes it a mapping: only an
                              analysis that follows calls across TUs can see it;
  unneeded-writethrough       a writethrough copy into malloc'd memory.

Hard negatives are planted too and are not findings: nocache copies into ordinary
memory (also across TUs, through exported stage functions that look like the store
functions), persist and writethrough-then-drain copies into mappings, and nocache
copies into a mapping that are written back before the drain (batching).

    bench/gen_tree.py OUTDIR [--tus 2000] [--seed 1] [--copyintent-include DIR]

Writes OUTDIR/include/*.h, OUTDIR/src/<subsystem>/NNNN.c, OUTDIR/compile_commands.json
and OUTDIR/EXPECTED.txt (`path:LINE: kind`, one finding a line, sorted). The same
arguments give the same tree, byte for byte.
"""
import argparse
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

SUBSYSTEMS = ["log", "journal", "index", "net", "dma", "cache", "meta", "blk", "alloc",
              "repl"]

# Shares of the TUs per role; the roles are disjoint, so the counts are exact.
STORE_SHARE = 0.10   # defines <subsys>_store_NNNN, called with a mapping elsewhere
IN_TU_SHARE = 0.05   # nocache into a mapping in one function
WT_SHARE = 0.05      # writethrough into malloc'd memory
STAGE_SHARE = 0.05   # exported nocache into RAM: looks like a store, is not a finding
PMEM_OK_SHARE = 0.15  # also holds one correct use of a mapping

# Helper names are verb_noun; no verb may make a name the headers already use
# (copyintent/copy.h defines flush_range and drain as inline functions).
VERBS = ["pack", "load", "spill", "merge", "scan", "seal", "fold", "trim", "replay",
         "encode", "decode", "gather", "split", "stage", "clone", "carve", "refill",
         "settle", "rotate", "absorb"]
NOUNS = ["extent", "segment", "record", "batch", "frame", "chunk", "header", "slot",
         "page", "entry", "bucket", "delta", "span", "block", "tail", "run"]

MARKER = ".gen_tree"


def round_share(n, share):
    """Half up, not Python's half to even: 50 TUs at 5% plant 3, as a reader expects."""
    return int(n * share + 0.5)


# --- Headers -----------------------------------------------------------------------

COMMON_H = """\
/* ci_common.h - types and helpers every file of the tree uses. */
#ifndef CI_COMMON_H
#define CI_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((size_t)(a) - 1))

/* FNV-1a: cheap, and enough to keep the copies from being dead stores. */
static inline u32 ci_fold32(const void *p, size_t n)
{
	const u8 *b = p;
	u32 h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 16777619u;
	}
	return h;
}

#endif /* CI_COMMON_H */
"""

PMEM_H = """\
/* ci_pmem.h - libpmem's mapping API.
 *
 * Declared here, with libpmem's own prototypes, so that the tree builds without
 * libpmem installed. */
#ifndef CI_PMEM_H
#define CI_PMEM_H

#include <stddef.h>
#include <sys/types.h>

#define PMEM_FILE_CREATE 1

extern void *pmem_map_file(const char *path, size_t len, int flags, mode_t mode,
			   size_t *mapped_lenp, int *is_pmemp);
extern int pmem_unmap(void *addr, size_t len);
extern int pmem_is_pmem(const void *addr, size_t len);

#endif /* CI_PMEM_H */
"""

BUF_H = """\
/* ci_buf.h - growable byte buffers. */
#ifndef CI_BUF_H
#define CI_BUF_H

#include "ci_common.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

static inline int buf_reserve(struct buf *b, size_t extra)
{
	size_t want = b->len + extra;
	char *p;

	if (want <= b->cap)
		return 0;
	want = MAX(want, 2 * b->cap);
	p = realloc(b->data, want);
	if (p == NULL)
		return -1;
	b->data = p;
	b->cap = want;
	return 0;
}

static inline int buf_append(struct buf *b, const void *src, size_t n)
{
	if (buf_reserve(b, n))
		return -1;
	memcpy(b->data + b->len, src, n);
	b->len += n;
	return 0;
}

static inline void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

#endif /* CI_BUF_H */
"""

LIST_H = """\
/* ci_list.h - intrusive doubly linked lists. */
#ifndef CI_LIST_H
#define CI_LIST_H

#include "ci_common.h"

struct lst_head {
	struct lst_head *next;
	struct lst_head *prev;
};

static inline void lst_init(struct lst_head *h)
{
	h->next = h->prev = h;
}

static inline void lst_add(struct lst_head *n, struct lst_head *h)
{
	n->next = h->next;
	n->prev = h;
	h->next->prev = n;
	h->next = n;
}

static inline void lst_del(struct lst_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

static inline int lst_empty(const struct lst_head *h)
{
	return h->next == h;
}

#endif /* CI_LIST_H */
"""

RING_H = """\
/* ci_ring.h - fixed-slot rings in ordinary memory. */
#ifndef CI_RING_H
#define CI_RING_H

#include "ci_common.h"

struct ring {
	char *slots;
	size_t slot_size;
	size_t mask;
	size_t head;
	size_t tail;
};

static inline char *ring_slot(const struct ring *r, size_t i)
{
	return r->slots + (i & r->mask) * r->slot_size;
}

static inline int ring_put(struct ring *r, const void *src, size_t n)
{
	if (r->head - r->tail > r->mask || n > r->slot_size)
		return -1;
	memcpy(ring_slot(r, r->head), src, n);
	r->head++;
	return 0;
}

#endif /* CI_RING_H */
"""

CRC_H = """\
/* ci_crc.h - CRC-32C, bitwise: the tree needs it correct, not fast. */
#ifndef CI_CRC_H
#define CI_CRC_H

#include "ci_common.h"

static inline u32 crc_32c(u32 crc, const void *p, size_t n)
{
	const u8 *b = p;
	int k;

	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
	}
	return ~crc;
}

#endif /* CI_CRC_H */
"""

HASH_H = """\
/* ci_hash.h - chained hash tables keyed by u64. */
#ifndef CI_HASH_H
#define CI_HASH_H

#include "ci_common.h"

struct ht_node {
	struct ht_node *next;
	u64 key;
	void *val;
};

struct ht_table {
	struct ht_node **buckets;
	size_t nr_buckets;
	size_t nr_items;
};

static inline size_t ht_index(const struct ht_table *t, u64 key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)(key & (t->nr_buckets - 1));
}

static inline void *ht_find(const struct ht_table *t, u64 key)
{
	struct ht_node *n;

	for (n = t->buckets[ht_index(t, key)]; n; n = n->next)
		if (n->key == key)
			return n->val;
	return NULL;
}

#endif /* CI_HASH_H */
"""

STATS_H = """\
/* ci_stats.h - per-subsystem counters, updated without locks. */
#ifndef CI_STATS_H
#define CI_STATS_H

#include "ci_common.h"

struct st_counters {
	u64 copies;
	u64 bytes;
	u64 errors;
	const char *name;
};

static inline void st_add(struct st_counters *c, size_t bytes)
{
	__atomic_fetch_add(&c->copies, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->bytes, bytes, __ATOMIC_RELAXED);
}

static inline void st_error(struct st_counters *c)
{
	__atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
}

#endif /* CI_STATS_H */
"""

LOCK_H = """\
/* ci_lock.h - a test-and-set spinlock, enough for short critical sections. */
#ifndef CI_LOCK_H
#define CI_LOCK_H

#include "ci_common.h"

struct spin {
	int locked;
	const char *owner;
};

static inline void spin_acquire(struct spin *s, const char *who)
{
	while (__atomic_exchange_n(&s->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&s->locked, __ATOMIC_RELAXED))
			;
	s->owner = who;
}

static inline void spin_release(struct spin *s)
{
	s->owner = NULL;
	__atomic_store_n(&s->locked, 0, __ATOMIC_RELEASE);
}

#endif /* CI_LOCK_H */
"""

BITMAP_H = """\
/* ci_bitmap.h - allocation bitmaps. */
#ifndef CI_BITMAP_H
#define CI_BITMAP_H

#include "ci_common.h"

struct bm_map {
	u64 *words;
	size_t nr_bits;
};

static inline int bm_test(const struct bm_map *m, size_t bit)
{
	return (int)((m->words[bit / 64] >> (bit % 64)) & 1);
}

static inline void bm_set(struct bm_map *m, size_t bit)
{
	m->words[bit / 64] |= 1ull << (bit % 64);
}

static inline long bm_first_zero(const struct bm_map *m)
{
	size_t i;

	for (i = 0; i < m->nr_bits; i++)
		if (!bm_test(m, i))
			return (long)i;
	return -1;
}

#endif /* CI_BITMAP_H */
"""

COMMON_HEADERS = {
    "ci_common.h": COMMON_H,
    "ci_pmem.h": PMEM_H,
    "ci_buf.h": BUF_H,
    "ci_list.h": LIST_H,
    "ci_ring.h": RING_H,
    "ci_crc.h": CRC_H,
    "ci_hash.h": HASH_H,
    "ci_stats.h": STATS_H,
    "ci_lock.h": LOCK_H,
    "ci_bitmap.h": BITMAP_H,
}


def subsystem_header(s, slot_size, exports):
    """<s>.h: the subsystem's types, and the prototypes of every file's exports, so
    that a file calling into another needs only that subsystem's header."""
    S = s.upper()
    lines = [
        "/* %s.h - the %s subsystem: records, context and entry points. */" % (s, s),
        "#ifndef CI_%s_H" % S,
        "#define CI_%s_H" % S,
        "",
        '#include "ci_common.h"',
        "",
        "#define %s_SLOT_SIZE %d" % (S, slot_size),
        "#define %s_MAX_RECS 64" % S,
        "",
        "struct %s_rec {" % s,
        "\tu64 id;",
        "\tu32 len;",
        "\tu32 flags;",
        "\tchar *payload;",
        "\tstruct %s_rec *next;" % s,
        "};",
        "",
        "struct %s_ctx {" % s,
        "\tconst char *path;",
        "\tchar *scratch;",
        "\tsize_t scratch_len;",
        "\tconst void *src;",
        "\tsize_t src_len;",
        "\tstruct %s_rec *head;" % s,
        "\tu64 seq;",
        "\tu32 nr_recs;",
        "};",
        "",
        "static inline size_t %s_rec_bytes(const struct %s_rec *r)" % (s, s),
        "{",
        "\treturn sizeof(*r) + r->len;",
        "}",
        "",
        "static inline struct %s_rec *%s_rec_next(struct %s_rec *r)" % (s, s, s),
        "{",
        "\treturn r ? r->next : NULL;",
        "}",
        "",
        "/* Exported by the files of src/%s/. */" % s,
    ]
    lines += exports
    lines += ["", "#endif /* CI_%s_H */" % S, ""]
    return "\n".join(lines)


# --- Functions -------------------------------------------------------------------
#
# Each emitter returns (lines, marks): the function's lines without a trailing blank,
# and (index into lines, kind) for each planted finding. Static helpers all take
# (struct <s>_ctx *, const void *, size_t) so that the entry point can call any mix.


def helper_head(t, name):
    return ["static int %s(struct %s_ctx *ctx, const void *src, size_t n)" % (name, t.s),
            "{"]


def map_lines(size, offset):
    """Mapping prologue shared by the pmem emitters; `base` is a local, so the mapping
    is visible to a per-TU analysis of the function."""
    return [
        "\tsize_t mapped = 0;",
        "\tint is_pmem = 0;",
        "\tchar *base;",
        "",
        "\tbase = pmem_map_file(ctx->path, %d, PMEM_FILE_CREATE, 0666, &mapped," % size,
        "\t\t\t     &is_pmem);",
        "\tif (base == NULL)",
        "\t\treturn -1;",
        "\tif (mapped < %d + n) {" % offset,
        "\t\tpmem_unmap(base, mapped);",
        "\t\treturn -1;",
        "\t}",
    ]


def at(offset):
    return "base + %d" % offset if offset else "base"


def emit_pack(t, rng, name):
    cap = rng.choice([64, 128, 256, 512])
    return helper_head(t, name) + [
        "\tstruct %s_rec *recs;" % t.s,
        "\tsize_t i, nr = MIN(n / 16 + 1, (size_t)%s_MAX_RECS);" % t.S,
        "\tu32 sum = 0;",
        "",
        "\trecs = calloc(nr, sizeof(*recs));",
        "\tif (recs == NULL)",
        "\t\treturn -1;",
        "\tfor (i = 0; i < nr; i++) {",
        "\t\trecs[i].id = ctx->seq + i;",
        "\t\trecs[i].len = (u32)MIN(n, (size_t)%d);" % cap,
        "\t\trecs[i].payload = malloc(recs[i].len);",
        "\t\tif (recs[i].payload == NULL)",
        "\t\t\tbreak;",
        "\t\tmemcpy(recs[i].payload, src, recs[i].len);",
        "\t\tsum += ci_fold32(recs[i].payload, recs[i].len);",
        "\t}",
        "\twhile (i-- > 0)",
        "\t\tfree(recs[i].payload);",
        "\tfree(recs);",
        "\tctx->seq += nr;",
        "\treturn (int)(sum & 0x7f);",
        "}",
    ], []


def emit_dup(t, rng, name):
    return helper_head(t, name) + [
        "\tchar *copy = malloc(n + 1);",
        "",
        "\tif (copy == NULL)",
        "\t\treturn -1;",
        "\tmemcpy(copy, src, n);",
        "\tcopy[n] = '\\0';",
        "\tfree(ctx->scratch);",
        "\tctx->scratch = copy;",
        "\tctx->scratch_len = n;",
        "\treturn 0;",
        "}",
    ], []


def emit_stage_local(t, rng, name):
    align = rng.choice([64, 128, 4096])
    return helper_head(t, name) + [
        "\tsize_t len = ALIGN_UP(n ? n : 1, %d);" % align,
        "\tchar *stage = aligned_alloc(%d, len);" % align,
        "\tu32 h;",
        "",
        "\tif (stage == NULL)",
        "\t\treturn -1;",
        "\t/* Read once, below: caching it would only evict hotter data. */",
        "\tcopyintent_memcpy_nocache(stage, src, n);",
        "\th = ci_fold32(stage, n);",
        "\tfree(stage);",
        "\tctx->seq ^= h;",
        "\treturn 0;",
        "}",
    ], []


def emit_parse(t, rng, name):
    return helper_head(t, name) + [
        "\tstruct %s_rec hdr;" % t.s,
        "",
        "\tif (n < sizeof(hdr))",
        "\t\treturn -1;",
        "\tmemcpy(&hdr, src, sizeof(hdr));",
        "\tif (hdr.len > n - sizeof(hdr))",
        "\t\treturn -1;",
        "\thdr.payload = NULL;",
        "\thdr.next = ctx->head;",
        "\tctx->nr_recs++;",
        "\treturn (int)(hdr.flags & 1);",
        "}",
    ], []


def emit_compact(t, rng, name):
    return helper_head(t, name) + [
        "\tsize_t keep;",
        "",
        "\t(void)src;",
        "\tif (ctx->scratch == NULL || ctx->scratch_len <= n)",
        "\t\treturn 0;",
        "\tkeep = ctx->scratch_len - n;",
        "\tmemmove(ctx->scratch, ctx->scratch + n, keep);",
        "\tctx->scratch_len = keep;",
        "\treturn 1;",
        "}",
    ], []


def emit_chain(t, rng, name):
    return helper_head(t, name) + [
        "\tstruct %s_rec *r = malloc(sizeof(*r) + n);" % t.s,
        "",
        "\tif (r == NULL)",
        "\t\treturn -1;",
        "\tmemset(r, 0, sizeof(*r));",
        "\tr->id = ++ctx->seq;",
        "\tr->len = (u32)n;",
        "\tr->payload = (char *)(r + 1);",
        "\tmemcpy(r->payload, src, n);",
        "\tr->next = ctx->head;",
        "\tctx->head = r;",
        "\tctx->nr_recs++;",
        "\treturn 0;",
        "}",
    ], []


def emit_gather(t, rng, name):
    segs = rng.choice([2, 4, 8])
    return helper_head(t, name) + [
        "\tconst char *in = src;",
        "\tsize_t seg = %s_SLOT_SIZE, off = 0, i;" % t.S,
        "\tchar *out = calloc(%d, seg);" % segs,
        "",
        "\tif (out == NULL)",
        "\t\treturn -1;",
        "\tfor (i = 0; i < %d && off < n; i++) {" % segs,
        "\t\tsize_t len = MIN(seg, n - off);",
        "",
        "\t\tmemcpy(out + i * seg, in + off, len);",
        "\t\toff += len;",
        "\t}",
        "\tctx->seq += ci_fold32(out, %d * seg);" % segs,
        "\tfree(out);",
        "\treturn (int)i;",
        "}",
    ], []


def emit_walk(t, rng, name):
    return helper_head(t, name) + [
        "\tstruct %s_rec *r;" % t.s,
        "\tsize_t total = 0;",
        "\tu32 h = 0;",
        "",
        "\tfor (r = ctx->head; r != NULL; r = %s_rec_next(r)) {" % t.s,
        "\t\tif (r->payload == NULL || r->len > n)",
        "\t\t\tcontinue;",
        "\t\tif (memcmp(r->payload, src, r->len) == 0)",
        "\t\t\th ^= (u32)r->id;",
        "\t\ttotal += %s_rec_bytes(r);" % t.s,
        "\t}",
        "\tctx->seq += total;",
        "\treturn (int)(h & 1);",
        "}",
    ], []


ORDINARY = [emit_pack, emit_dup, emit_stage_local, emit_parse, emit_compact, emit_chain,
            emit_gather, emit_walk]


def emit_pmem_persist(t, rng, name):
    off = rng.choice([0, 64, 4096])
    return helper_head(t, name) + map_lines(rng.choice([1 << 20, 1 << 22]), off) + [
        "\tcopyintent_memcpy_persist(%s, src, n);" % at(off),
        "\tpmem_unmap(base, mapped);",
        "\treturn is_pmem;",
        "}",
    ], []


def emit_pmem_writethrough(t, rng, name):
    off = rng.choice([0, 256, 4096])
    return helper_head(t, name) + map_lines(rng.choice([1 << 20, 1 << 24]), off) + [
        "\tcopyintent_memcpy_writethrough(%s, src, n);" % at(off),
        "\tcopyintent_drain();",
        "\tpmem_unmap(base, mapped);",
        "\treturn is_pmem;",
        "}",
    ], []


def emit_pmem_batch(t, rng, name):
    """Nocache copies written back before the one drain: right, and the documented
    batching idiom, so a finding here is a false positive."""
    return helper_head(t, name) + map_lines(1 << 22, 0) + [
        "\tsize_t i, nr = n / %s_SLOT_SIZE;" % t.S,
        "\tconst char *in = src;",
        "",
        "\tfor (i = 0; i < nr; i++)",
        "\t\tcopyintent_memcpy_nocache(base + i * %s_SLOT_SIZE," % t.S,
        "\t\t\t\t\t  in + i * %s_SLOT_SIZE, %s_SLOT_SIZE);" % (t.S, t.S),
        "\tcopyintent_flush(base, nr * %s_SLOT_SIZE);" % t.S,
        "\tcopyintent_drain();",
        "\tpmem_unmap(base, mapped);",
        "\treturn (int)nr;",
        "}",
    ], []


PMEM_OK = [emit_pmem_persist, emit_pmem_writethrough, emit_pmem_batch]


def emit_in_tu_finding(t, rng, name):
    off = rng.choice([0, 64, 512])
    lines = helper_head(t, name) + map_lines(rng.choice([1 << 20, 1 << 22]), off)
    mark = len(lines)
    lines += [
        "\tcopyintent_memcpy_nocache(%s, src, n);" % at(off),
        "\tcopyintent_drain();",
        "\tpmem_unmap(base, mapped);",
        "\treturn is_pmem;",
        "}",
    ]
    return lines, [(mark, "nocache-into-pmem-in-tu")]


def emit_wt_finding(t, rng, name):
    alloc = rng.choice(["malloc(n ? n : 1)", "calloc(1, n ? n : 1)"])
    lines = helper_head(t, name) + [
        "\tchar *copy = %s;" % alloc,
        "\tu32 h;",
        "",
        "\tif (copy == NULL)",
        "\t\treturn -1;",
    ]
    mark = len(lines)
    lines += [
        "\tcopyintent_memcpy_writethrough(copy, src, n);",
        "\th = ci_fold32(copy, n);",
        "\tfree(copy);",
        "\tctx->seq += h;",
        "\treturn 0;",
        "}",
    ]
    return lines, [(mark, "unneeded-writethrough")]


def exported_copy(t, kind, finding):
    """<s>_store_NNNN / <s>_stage_NNNN: the same body, so that only where the callers'
    pointers come from tells them apart."""
    lines = [
        "void %s(char *dst, const void *src, size_t n)" % t.export_name(kind),
        "{",
        "\tif (dst == NULL || n == 0)",
        "\t\treturn;",
        "\tif (n > %s_SLOT_SIZE * %s_MAX_RECS)" % (t.S, t.S),
        "\t\tn = %s_SLOT_SIZE * %s_MAX_RECS;" % (t.S, t.S),
    ]
    mark = len(lines)
    lines += ["\tcopyintent_memcpy_nocache(dst, src, n);", "}"]
    return lines, [(mark, finding)] if finding else []


def emit_store_caller(t, rng, name, callee):
    """Hands a mapping to another file's store function: the finding is in the callee,
    this file alone shows nothing wrong."""
    off = rng.choice([0, 64, 4096])
    return helper_head(t, name) + map_lines(rng.choice([1 << 20, 1 << 22]), off) + [
        "\t%s(%s, src, n);" % (callee, at(off)),
        "\tcopyintent_drain();",
        "\tpmem_unmap(base, mapped);",
        "\treturn is_pmem;",
        "}",
    ], []


def emit_stage_caller(t, rng, name, callee):
    return helper_head(t, name) + [
        "\tchar *tmp = malloc(n ? n : 1);",
        "\tu32 h;",
        "",
        "\tif (tmp == NULL)",
        "\t\treturn -1;",
        "\t%s(tmp, src, n);" % callee,
        "\th = ci_fold32(tmp, n);",
        "\tfree(tmp);",
        "\tctx->seq += h;",
        "\treturn 0;",
        "}",
    ], []


def emit_entry(t, helpers):
    lines = [
        "int %s(struct %s_ctx *ctx)" % (t.export_name("run"), t.s),
        "{",
        "\tint rc = 0;",
        "",
        "\tif (ctx == NULL || ctx->src == NULL)",
        "\t\treturn -1;",
    ]
    lines += ["\trc |= %s(ctx, ctx->src, ctx->src_len);" % h for h in helpers]
    lines += ["\treturn rc;", "}"]
    return lines, []


# --- Translation units --------------------------------------------------------------


class TU:
    """One file's plan: what it plants and what it calls; filled before any text is
    written, because headers must list every file's exports."""

    def __init__(self, idx, subsys):
        self.idx = idx
        self.s = subsys
        self.S = subsys.upper()
        self.role = "ordinary"
        self.stage = False
        self.pmem_ok = False
        self.store_callees = []  # TUs whose store function this file calls
        self.stage_callees = []

    @property
    def relpath(self):
        return "src/%s/%04d.c" % (self.s, self.idx)

    def export_name(self, kind):
        return "%s_%s_%04d" % (self.s, kind, self.idx)

    def uses_pmem(self):
        return (self.role == "in-tu" or self.pmem_ok or bool(self.store_callees))


def plan(n_tus, rng):
    tus = [TU(i, rng.choice(SUBSYSTEMS)) for i in range(n_tus)]
    order = list(range(n_tus))
    rng.shuffle(order)
    counts = [("store", round_share(n_tus, STORE_SHARE) if n_tus > 1 else 0),
              ("in-tu", round_share(n_tus, IN_TU_SHARE)),
              ("wt", round_share(n_tus, WT_SHARE))]
    pos = 0
    for role, count in counts:
        for i in order[pos:pos + count]:
            tus[i].role = role
        pos += count
    # Stage functions live in ordinary files only, so no file both plants a finding
    # and defines its look-alike.
    ordinary = [t for t in tus if t.role == "ordinary"]
    for t in rng.sample(ordinary, min(len(ordinary), round_share(n_tus, STAGE_SHARE))):
        t.stage = True
    for t in tus:
        t.pmem_ok = rng.random() < PMEM_OK_SHARE
    # One caller each, in another file: the flow exists only across TUs.
    for t in tus:
        if t.role == "store" or (t.stage and n_tus > 1):
            caller = rng.choice([c for c in tus if c is not t])
            if t.role == "store":
                caller.store_callees.append(t)
            else:
                caller.stage_callees.append(t)
    return tus


class Names:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def fresh(self):
        while True:
            name = "%s_%s" % (self.rng.choice(VERBS), self.rng.choice(NOUNS))
            if name not in self.used:
                self.used.add(name)
                return name


def includes(t, rng):
    """3-8 of the tree's headers: the ones the code needs, then unused ones, as real
    files accumulate."""
    need = ["ci_common.h", t.s + ".h"]
    if t.uses_pmem():
        need.append("ci_pmem.h")
    for c in t.store_callees + t.stage_callees:
        if c.s + ".h" not in need:
            need.append(c.s + ".h")
    pool = [h for h in sorted(COMMON_HEADERS) + [s + ".h" for s in SUBSYSTEMS]
            if h not in need]
    extra = max(0, rng.randint(3, 8) - len(need))
    return sorted(need + rng.sample(pool, extra))


def tu_blocks(t, rng):
    """The functions of one file, in file order, with the static helpers' names for the
    entry point."""
    names = Names(rng)
    helpers = []
    blocks = []

    def add_helper(block_fn, *args):
        name = names.fresh()
        helpers.append(name)
        blocks.append(block_fn(t, rng, name, *args))

    if t.role == "in-tu":
        add_helper(emit_in_tu_finding)
    if t.role == "wt":
        add_helper(emit_wt_finding)
    if t.pmem_ok:
        add_helper(rng.choice(PMEM_OK))
    for c in t.store_callees:
        add_helper(emit_store_caller, c.export_name("store"))
    for c in t.stage_callees:
        add_helper(emit_stage_caller, c.export_name("stage"))
    if t.role == "store":
        blocks.append(exported_copy(t, "store", "nocache-into-pmem-cross-tu"))
    if t.stage:
        blocks.append(exported_copy(t, "stage", None))

    # Pad with ordinary helpers to a size drawn per file; the entry point adds one
    # line per helper, so count it as we go.
    target = rng.randint(110, 270)
    while 20 + sum(len(b[0]) + 1 for b in blocks) + 8 + len(helpers) < target:
        add_helper(rng.choice(ORDINARY))
    rng.shuffle(blocks)
    blocks.append(emit_entry(t, helpers))
    return blocks


def render_tu(t, rng):
    """Returns the file's text and [(line, kind)] of its planted findings."""
    lines = [
        "/* %s - %s: record handling (generated by bench/gen_tree.py). */" % (t.relpath,
                                                                           t.s),
        "",
        "#include <stddef.h>",
        "#include <stdlib.h>",
        "#include <string.h>",
        "",
        "#include <copyintent/copy.h>",
        "",
    ]
    lines += ['#include "%s"' % h for h in includes(t, rng)]
    findings = []
    for block, marks in tu_blocks(t, rng):
        lines.append("")
        findings += [(len(lines) + i + 1, kind) for i, kind in marks]
        lines += block
    return "\n".join(lines) + "\n", findings


# --- Output ---------------------------------------------------------------------------


def prepare(outdir):
    """Regenerating over an old tree must not leave its files behind (a smaller --tus
    would keep stale TUs on disk); but delete only what this script made."""
    generated = os.path.exists(os.path.join(outdir, MARKER))
    for sub in ("include", "src", "obj"):
        path = os.path.join(outdir, sub)
        if os.path.exists(path):
            if not generated:
                sys.exit("gen_tree.py: %s exists and was not made by gen_tree.py" % path)
            shutil.rmtree(path)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, MARKER), "w") as f:
        f.write("generated by bench/gen_tree.py; include/, src/, obj/ are replaced\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def write_headers(outdir, tus, rng):
    for name, text in COMMON_HEADERS.items():
        write(os.path.join(outdir, "include", name), text)
    for s in SUBSYSTEMS:
        exports = []
        for t in tus:
            if t.s != s:
                continue
            exports.append("int %s(struct %s_ctx *ctx);" % (t.export_name("run"), s))
            if t.role == "store":
                exports.append("void %s(char *dst, const void *src, size_t n);"
                               % t.export_name("store"))
            if t.stage:
                exports.append("void %s(char *dst, const void *src, size_t n);"
                               % t.export_name("stage"))
        slot = rng.choice([64, 256, 512, 4096])
        write(os.path.join(outdir, "include", s + ".h"),
              subsystem_header(s, slot, exports))


def compile_command(outdir, t, ci_include):
    src = os.path.join(outdir, t.relpath)
    obj = os.path.join(outdir, "obj", t.s, "%04d.o" % t.idx)
    return {
        "directory": outdir,
        "file": src,
        "arguments": ["clang-22", "-c", "-O2", "-std=gnu11",
                      "-I" + os.path.join(outdir, "include"), "-I" + ci_include,
                      "-o", obj, src],
    }


def generate(outdir, n_tus, seed, ci_include):
    rng = random.Random(seed)
    tus = plan(n_tus, rng)
    prepare(outdir)
    write_headers(outdir, tus, rng)
    expected = []
    commands = []
    for t in tus:
        text, findings = render_tu(t, rng)
        write(os.path.join(outdir, t.relpath), text)
        # A real compile needs the object's directory; clang does not create it.
        os.makedirs(os.path.join(outdir, "obj", t.s), exist_ok=True)
        expected += ["%s:%d: %s" % (t.relpath, line, kind) for line, kind in findings]
        commands.append(compile_command(outdir, t, ci_include))
    write(os.path.join(outdir, "compile_commands.json"),
          json.dumps(commands, indent=2) + "\n")
    write(os.path.join(outdir, "EXPECTED.txt"),
          "".join(e + "\n" for e in sorted(expected)))
    return tus, expected


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--tus", type=int, default=2000, help="translation units (2000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (1)")
    ap.add_argument("--copyintent-include",
                    default=os.path.join(os.path.dirname(HERE), "include"),
                    help="directory holding copyintent/copy.h (the include/ next to "
                         "bench/)")
    args = ap.parse_args()
    if args.tus < 1:
        sys.exit("gen_tree.py: --tus must be at least 1")
    outdir = os.path.abspath(args.outdir)
    tus, expected = generate(outdir, args.tus, args.seed,
                             os.path.abspath(args.copyintent_include))
    kinds = {}
    for e in expected:
        kind = e.rsplit(": ", 1)[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    print("gen_tree.py: %d TUs in %s; planted %s" % (
        len(tus), outdir, ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items()))))


if __name__ == "__main__":
    main()
