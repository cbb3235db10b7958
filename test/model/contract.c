/*===- contract.c - The copy-intent contract, checked on recorded events --===*
 *
 * See contract.h. The checker walks the events once and keeps one state byte per
 * cache line of the destination: whether the line holds a store that no flush has
 * written back yet, and (for a range flush) whether it was flushed. The rules, by
 * operation:
 *
 *   every copy   stores and NT stores lie inside [dst, dst+n) and write n bytes in
 *                all (each byte once); an NT store is naturally aligned to its
 *                width, a power of two of at least 4 (narrower "NT" stores are
 *                plain stores in the backends); n == 0 performs nothing but
 *                persist's fence.
 *   flushes      only in writethrough / persist / flush, never with eADR; each of a
 *                line-aligned address whose line overlaps the range, of the expected
 *                kind; in a copy only of a line that holds an unflushed store (a
 *                flush outside the range or of a clean line is wasted work).
 *   nocache      where NT stores need it (x86) a fence after the last NT store; a
 *                fence that orders no NT store is wasted.
 *   writethrough no line is left dirty (NT-written bytes count as clean only where
 *                NT stores bypass the cache); no fence where that is a defect (x86).
 *   persist      writethrough, and exactly one fence, the last event.
 *   flush(p, n)  flushes only: every line overlapping [p, p+n) exactly once.
 *   drain        exactly one fence.
 *
 * A zero-length store is how the model spells a copy whose length is only known at
 * run time to be 0: it writes nothing, so it counts as no event at all.
 *
 *===----------------------------------------------------------------------===*/
#include "contract.h"

#include "copyintent/lowering_abi.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { LINE_DIRTY = 1, LINE_FLUSHED = 2 };

static unsigned char *LineState;
static size_t LineStateCap;

static const char *const FlushNames[] = {"auto", "none",    "clflush",  "clflushopt",
                                         "clwb", "dc-cvac", "dc-cvap",  "dc-cvadp",
                                         "dcbf", "dcbstps", "cbo-clean"};
static const char *const FenceNames[] = {"none",   "sfence",  "dsb-sy",
                                         "hwsync", "phwsync", "fence-ow-ow"};

static const char *flushName(unsigned K) {
  return K <= COPYINTENT_FLUSH_LAST ? FlushNames[K] : "?";
}

static const char *fenceName(unsigned K) {
  return K <= CI_FENCE_OW_OW ? FenceNames[K] : "?";
}

int ci_parse_flush(const char *name, unsigned *kind) {
  for (unsigned K = 0; K <= COPYINTENT_FLUSH_LAST; ++K)
    if (!strcmp(name, FlushNames[K]))
      return *kind = K, 1;
  return 0;
}

int ci_parse_fence(const char *name, unsigned *kind) {
  for (unsigned K = 0; K <= CI_FENCE_OW_OW; ++K)
    if (!strcmp(name, FenceNames[K]))
      return *kind = K, 1;
  return 0;
}

const char *ci_op_name(enum ci_op op) {
  switch (op) {
  case CI_OP_NOCACHE: return "nocache";
  case CI_OP_WRITETHROUGH: return "writethrough";
  case CI_OP_PERSIST: return "persist";
  case CI_OP_FLUSH: return "flush";
  case CI_OP_DRAIN: return "drain";
  }
  return "?";
}

static int fail(char *why, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, len, fmt, ap);
  va_end(ap);
  return 1;
}

/* Offsets from dst are what a reader compares with the layout. */
static long long off(const struct ci_contract_case *c, uint64_t a) {
  return (long long)(a - c->dst);
}

static int isCopy(enum ci_op op) {
  return op == CI_OP_NOCACHE || op == CI_OP_WRITETHROUGH || op == CI_OP_PERSIST;
}

/* The walk over one call's events; the fields are what the rules need. */
struct walk {
  const struct ci_contract_case *c;
  uint64_t first;      /* first line overlapping the range (n > 0) */
  size_t nlines;       /* 0 when n == 0 */
  size_t ntSinceFence; /* NT stores not yet ordered by a fence */
  size_t fences;
  uint64_t stored; /* bytes written by stores of any kind */
  char *why;
  size_t len;
};

static int inside(const struct ci_contract_case *c, uint64_t a, uint64_t size) {
  return a >= c->dst && size <= c->n && a - c->dst <= c->n - size;
}

static void markDirty(struct walk *w, uint64_t a, uint64_t size) {
  uint64_t mask = ~(uint64_t)(w->c->line - 1);
  uint64_t last = (a + size - 1) & mask;
  for (uint64_t l = a & mask; l <= last; l += w->c->line)
    LineState[(l - w->first) / w->c->line] |= LINE_DIRTY;
}

static int onStore(struct walk *w, size_t i, const struct ci_event *e) {
  const struct ci_contract_case *c = w->c;
  int nt = e->kind == CI_EV_STORE_NT;
  if (!isCopy(c->op))
    return fail(w->why, w->len, "event %zu: a %s performs no store", i,
                ci_op_name(c->op));
  if (nt && (e->size < 4 || (e->size & (e->size - 1))))
    return fail(w->why, w->len,
                "event %zu: NT store of %llu bytes (not a power of two >= 4: "
                "the backends emit a plain store)",
                i, (unsigned long long)e->size);
  if (nt && (e->addr & (e->size - 1)))
    return fail(w->why, w->len,
                "event %zu: NT store of %llu bytes at dst%+lld is not naturally "
                "aligned",
                i, (unsigned long long)e->size, off(c, e->addr));
  if (!inside(c, e->addr, e->size))
    return fail(w->why, w->len,
                "event %zu: %s of %llu bytes at dst%+lld leaves [dst, dst+%llu)", i,
                nt ? "NT store" : "store", (unsigned long long)e->size, off(c, e->addr),
                (unsigned long long)c->n);
  w->stored += e->size;
  if (nt)
    ++w->ntSinceFence;
  if (!nt || !c->nt_bypasses_cache)
    markDirty(w, e->addr, e->size);
  return 0;
}

static int onFlush(struct walk *w, size_t i, const struct ci_event *e) {
  const struct ci_contract_case *c = w->c;
  if (c->op != CI_OP_WRITETHROUGH && c->op != CI_OP_PERSIST && c->op != CI_OP_FLUSH)
    return fail(w->why, w->len, "event %zu: a %s must not flush", i, ci_op_name(c->op));
  if (c->eadr)
    return fail(w->why, w->len,
                "event %zu: flush of dst%+lld with eADR (the caches are persistent)", i,
                off(c, e->addr));
  if (c->flush_kind && e->sub != c->flush_kind)
    return fail(w->why, w->len, "event %zu: flush by %s, expected %s", i,
                flushName(e->sub), flushName(c->flush_kind));
  if (e->addr & (c->line - 1))
    return fail(w->why, w->len,
                "event %zu: flush of dst%+lld is not aligned to the %u-byte line", i,
                off(c, e->addr), c->line);
  if (!w->nlines || e->addr < w->first || (e->addr - w->first) / c->line >= w->nlines)
    return fail(w->why, w->len,
                "event %zu: flush of line dst%+lld outside [dst, dst+%llu) "
                "(wasted work)",
                i, off(c, e->addr), (unsigned long long)c->n);
  unsigned char *s = &LineState[(e->addr - w->first) / c->line];
  if (c->op == CI_OP_FLUSH) {
    if (*s & LINE_FLUSHED)
      return fail(w->why, w->len, "event %zu: line dst%+lld flushed twice", i,
                  off(c, e->addr));
    *s |= LINE_FLUSHED;
    return 0;
  }
  if (!(*s & LINE_DIRTY))
    return fail(w->why, w->len,
                "event %zu: flush of line dst%+lld, which holds no unflushed store "
                "(wasted work)",
                i, off(c, e->addr));
  *s &= ~LINE_DIRTY;
  return 0;
}

static int onFence(struct walk *w, size_t i, const struct ci_event *e) {
  const struct ci_contract_case *c = w->c;
  if (e->sub == CI_FENCE_NONE || (c->fence_kind && e->sub != c->fence_kind))
    return fail(w->why, w->len, "event %zu: fence %s, expected %s", i, fenceName(e->sub),
                c->fence_kind ? fenceName(c->fence_kind) : "a real fence");
  ++w->fences;
  switch (c->op) {
  case CI_OP_NOCACHE:
    if (!c->nt_needs_fence || !w->ntSinceFence)
      return fail(w->why, w->len,
                  "event %zu: nocache fence that orders no NT store (wasted work)", i);
    break;
  case CI_OP_WRITETHROUGH:
    if (c->wt_fence_is_defect || c->n == 0)
      return fail(w->why, w->len,
                  "event %zu: writethrough must not fence (the caller drains)", i);
    break;
  case CI_OP_PERSIST:
  case CI_OP_DRAIN:
    if (w->fences > 1)
      return fail(w->why, w->len, "event %zu: a second fence (wasted work)", i);
    break;
  case CI_OP_FLUSH:
    return fail(w->why, w->len, "event %zu: flush(p, n) must not fence", i);
  }
  w->ntSinceFence = 0;
  return 0;
}

/* The rules about the state after the last event. */
static int atEnd(struct walk *w, const struct ci_event *ev, size_t nev) {
  const struct ci_contract_case *c = w->c;
  int lastIsFence = nev && ev[nev - 1].kind == CI_EV_FENCE;
  if (c->op == CI_OP_NOCACHE && c->nt_needs_fence && w->ntSinceFence)
    return fail(w->why, w->len,
                "nocache: %zu NT store(s) after the last fence, none follows",
                w->ntSinceFence);
  /* With every store inside the range, n bytes in total means each byte once
   * (the byte comparison of the sweeps finds a gap that an overlap would hide):
   * more is wasted work, less means a store the model did not record. */
  if (isCopy(c->op) && w->stored != c->n)
    return fail(w->why, w->len, "%s: the stores write %llu bytes, expected %llu",
                ci_op_name(c->op), (unsigned long long)w->stored,
                (unsigned long long)c->n);
  if ((c->op == CI_OP_WRITETHROUGH || c->op == CI_OP_PERSIST) && !c->eadr) {
    for (size_t l = 0; l < w->nlines; ++l)
      if (LineState[l] & LINE_DIRTY)
        return fail(w->why, w->len,
                    "%s: line dst%+lld holds a store that was not flushed",
                    ci_op_name(c->op), off(c, w->first + l * c->line));
  }
  if (c->op == CI_OP_PERSIST && (c->n || nev) && !lastIsFence)
    return fail(w->why, w->len, "persist: the last event is not a fence");
  if (c->op == CI_OP_FLUSH && !c->eadr) {
    for (size_t l = 0; l < w->nlines; ++l)
      if (!(LineState[l] & LINE_FLUSHED))
        return fail(w->why, w->len, "flush: line dst%+lld was not flushed",
                    off(c, w->first + l * c->line));
  }
  if (c->op == CI_OP_DRAIN && w->fences != 1)
    return fail(w->why, w->len, "drain: %zu fences, expected exactly one", w->fences);
  return 0;
}

static int prepare(struct walk *w) {
  const struct ci_contract_case *c = w->c;
  if (c->line < 4 || (c->line & (c->line - 1)))
    return fail(w->why, w->len, "bad case: line size %u", c->line);
  if (c->dst > UINT64_MAX - c->line || c->n > UINT64_MAX - c->line - c->dst)
    return fail(w->why, w->len, "bad case: range wraps around");
  if (c->op == CI_OP_DRAIN || c->n == 0)
    return 0;
  uint64_t mask = ~(uint64_t)(c->line - 1);
  w->first = c->dst & mask;
  w->nlines = (size_t)((((c->dst + c->n - 1) & mask) - w->first) / c->line + 1);
  if (w->nlines > LineStateCap) {
    free(LineState);
    LineStateCap = w->nlines * 2;
    LineState = (unsigned char *)malloc(LineStateCap);
    if (!LineState)
      abort();
  }
  for (size_t l = 0; l < w->nlines; ++l)
    LineState[l] = 0;
  return 0;
}

int ci_check_contract(const struct ci_contract_case *c, const struct ci_event *ev,
                      size_t nev, char *why, size_t len) {
  struct walk w = {c, 0, 0, 0, 0, 0, why, len};
  if (prepare(&w))
    return 1;
  for (size_t i = 0; i < nev; ++i) {
    const struct ci_event *e = &ev[i];
    int bad;
    switch (e->kind) {
    case CI_EV_STORE: bad = e->size ? onStore(&w, i, e) : 0; break;
    case CI_EV_STORE_NT: bad = onStore(&w, i, e); break;
    case CI_EV_FLUSH: bad = onFlush(&w, i, e); break;
    case CI_EV_FENCE: bad = onFence(&w, i, e); break;
    default: bad = fail(why, len, "event %zu: unknown kind %u", i, e->kind);
    }
    if (bad)
      return 1;
  }
  return atEnd(&w, ev, nev);
}

void ci_print_case(FILE *out, const struct ci_contract_case *c) {
  fprintf(out,
          "case: %s dst=0x%llx (dst%%line=%llu) n=%llu line=%u%s nt_bypasses_cache=%d "
          "nt_needs_fence=%d expect flush=%s fence=%s\n",
          ci_op_name(c->op), (unsigned long long)c->dst,
          (unsigned long long)(c->dst & (c->line - 1)), (unsigned long long)c->n, c->line,
          c->eadr ? " eadr" : "", c->nt_bypasses_cache, c->nt_needs_fence,
          c->flush_kind ? flushName(c->flush_kind) : "any",
          c->fence_kind ? fenceName(c->fence_kind) : "any");
}

void ci_print_events(FILE *out, const struct ci_contract_case *c,
                     const struct ci_event *ev, size_t nev, size_t max) {
  fprintf(out, "events (%zu):\n", nev);
  for (size_t i = 0; i < nev && i < max; ++i) {
    const struct ci_event *e = &ev[i];
    switch (e->kind) {
    case CI_EV_STORE:
    case CI_EV_STORE_NT:
      fprintf(out, "  #%zu %s dst%+lld %llu\n", i,
              e->kind == CI_EV_STORE ? "store   " : "store_nt", off(c, e->addr),
              (unsigned long long)e->size);
      break;
    case CI_EV_FLUSH:
      fprintf(out, "  #%zu flush    dst%+lld %s\n", i, off(c, e->addr),
              flushName(e->sub));
      break;
    case CI_EV_FENCE: fprintf(out, "  #%zu fence    %s\n", i, fenceName(e->sub)); break;
    default: fprintf(out, "  #%zu kind %u?\n", i, e->kind);
    }
  }
  if (nev > max)
    fprintf(out, "  ... %zu more\n", nev - max);
}
