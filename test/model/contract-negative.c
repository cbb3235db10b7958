// The contract checker must catch defects, or the sweeps prove nothing. Each case
// feeds the recorder a hand-written event sequence with one defect (or none, for
// "ok") through the same calls the model emitter makes, and the checker must name
// the defect. The x86 cases run with x86 semantics (NT stores bypass the cache and
// need a fence; writethrough must not fence), the others with a hint-only NT.
//
// clang-format off
// RUN: %clang -O1 -I%S %s %S/contract.c %model-rt -o %t
// RUN: %t ok | FileCheck %s --check-prefix=OK
// OK: contract kept
// RUN: not %t wt-unflushed 2>&1 | FileCheck %s --check-prefix=WT-UNFLUSHED
// WT-UNFLUSHED: VIOLATION: writethrough: line dst+0 holds a store that was not flushed
// RUN: not %t wt-tail-unflushed 2>&1 | FileCheck %s --check-prefix=WT-TAIL
// WT-TAIL: VIOLATION: writethrough: line dst+64 holds a store that was not flushed
// RUN: not %t nt-hint-unflushed 2>&1 | FileCheck %s --check-prefix=NT-HINT
// NT-HINT: VIOLATION: writethrough: line dst+0 holds a store that was not flushed
// RUN: not %t flush-before-store 2>&1 | FileCheck %s --check-prefix=FLUSH-EARLY
// FLUSH-EARLY: VIOLATION: event 0: flush of line dst+0, which holds no unflushed store
// RUN: not %t nocache-no-fence 2>&1 | FileCheck %s --check-prefix=NC-NOFENCE
// NC-NOFENCE: VIOLATION: nocache: 1 NT store(s) after the last fence, none follows
// RUN: not %t nocache-fence-early 2>&1 | FileCheck %s --check-prefix=NC-EARLY
// NC-EARLY: VIOLATION: nocache: 1 NT store(s) after the last fence, none follows
// RUN: not %t nocache-flush 2>&1 | FileCheck %s --check-prefix=NC-FLUSH
// NC-FLUSH: VIOLATION: event 1: a nocache must not flush
// RUN: not %t nocache-needless-fence 2>&1 | FileCheck %s --check-prefix=NC-NEEDLESS
// NC-NEEDLESS: VIOLATION: event 1: nocache fence that orders no NT store
// RUN: not %t flush-outside 2>&1 | FileCheck %s --check-prefix=FLUSH-OUTSIDE
// FLUSH-OUTSIDE: VIOLATION: event 2: flush of line dst+64 outside [dst, dst+64)
// RUN: not %t flush-unaligned 2>&1 | FileCheck %s --check-prefix=FLUSH-UNALIGNED
// FLUSH-UNALIGNED: VIOLATION: event 1: flush of dst+8 is not aligned to the 64-byte line
// RUN: not %t flush-wrong-kind 2>&1 | FileCheck %s --check-prefix=FLUSH-KIND
// FLUSH-KIND: VIOLATION: event 1: flush by clflush, expected clwb
// RUN: not %t flush-nt-line 2>&1 | FileCheck %s --check-prefix=FLUSH-NT
// FLUSH-NT: VIOLATION: event 1: flush of line dst+0, which holds no unflushed store
// RUN: not %t nt-misaligned 2>&1 | FileCheck %s --check-prefix=NT-MISALIGNED
// NT-MISALIGNED: VIOLATION: event 0: NT store of 16 bytes at dst+8 is not naturally aligned
// RUN: not %t nt-narrow 2>&1 | FileCheck %s --check-prefix=NT-NARROW
// NT-NARROW: VIOLATION: event 0: NT store of 2 bytes (not a power of two >= 4
// RUN: not %t store-outside 2>&1 | FileCheck %s --check-prefix=STORE-OUTSIDE
// STORE-OUTSIDE: VIOLATION: event 0: store of 9 bytes at dst+0 leaves [dst, dst+8)
// RUN: not %t store-short 2>&1 | FileCheck %s --check-prefix=STORE-SHORT
// STORE-SHORT: VIOLATION: writethrough: the stores write 8 bytes, expected 16
// RUN: not %t store-twice 2>&1 | FileCheck %s --check-prefix=STORE-TWICE
// STORE-TWICE: VIOLATION: nocache: the stores write 16 bytes, expected 8
// RUN: not %t wt-fence 2>&1 | FileCheck %s --check-prefix=WT-FENCE
// WT-FENCE: VIOLATION: event 2: writethrough must not fence (the caller drains)
// RUN: not %t persist-no-fence 2>&1 | FileCheck %s --check-prefix=PERSIST-NOFENCE
// PERSIST-NOFENCE: VIOLATION: persist: the last event is not a fence
// RUN: not %t persist-fence-early 2>&1 | FileCheck %s --check-prefix=PERSIST-EARLY
// PERSIST-EARLY: VIOLATION: persist: the last event is not a fence
// RUN: not %t persist-two-fences 2>&1 | FileCheck %s --check-prefix=PERSIST-TWO
// PERSIST-TWO: VIOLATION: event 3: a second fence (wasted work)
// RUN: not %t fence-none 2>&1 | FileCheck %s --check-prefix=FENCE-NONE
// FENCE-NONE: VIOLATION: event 2: fence none, expected sfence
// RUN: not %t eadr-flush 2>&1 | FileCheck %s --check-prefix=EADR-FLUSH
// EADR-FLUSH: VIOLATION: event 1: flush of dst+0 with eADR (the caches are persistent)
// RUN: not %t eadr-nocache-no-fence 2>&1 | FileCheck %s --check-prefix=EADR-NC
// EADR-NC: VIOLATION: nocache: 1 NT store(s) after the last fence, none follows
// RUN: not %t zero-flush 2>&1 | FileCheck %s --check-prefix=ZERO-FLUSH
// ZERO-FLUSH: VIOLATION: event 0: flush of line dst+0 outside [dst, dst+0)
// RUN: not %t zero-fence 2>&1 | FileCheck %s --check-prefix=ZERO-FENCE
// ZERO-FENCE: VIOLATION: event 0: writethrough must not fence (the caller drains)
// RUN: not %t range-flush-missing 2>&1 | FileCheck %s --check-prefix=RANGE-MISSING
// RANGE-MISSING: VIOLATION: flush: line dst+64 was not flushed
// RUN: not %t range-flush-twice 2>&1 | FileCheck %s --check-prefix=RANGE-TWICE
// RANGE-TWICE: VIOLATION: event 1: line dst+0 flushed twice
// RUN: not %t drain-none 2>&1 | FileCheck %s --check-prefix=DRAIN-NONE
// DRAIN-NONE: VIOLATION: drain: 0 fences, expected exactly one
// RUN: not %t drain-store 2>&1 | FileCheck %s --check-prefix=DRAIN-STORE
// DRAIN-STORE: VIOLATION: event 0: a drain performs no store
//
// Every failing case also prints the case and its events, e.g.:
// WT-UNFLUSHED-NEXT: case: writethrough {{.*}} n=8 line=64
// WT-UNFLUSHED-NEXT: events (1):
// WT-UNFLUSHED-NEXT: #0 store dst+0 8
// clang-format on
#include "copyintent/lowering_abi.h"
#include "recorder.h"

#include <stdio.h>
#include <string.h>

static _Alignas(4096) unsigned char Dst[4096];
static unsigned char Src[4096];
static struct ci_contract_case Case;
static unsigned char *D;

/* The contract of one call at Dst + 1024 (64-aligned); x86 semantics or not. */
static void begin(enum ci_op op, uint64_t n, int x86) {
  D = Dst + 1024;
  memset(&Case, 0, sizeof Case);
  Case.op = op;
  Case.dst = (uint64_t)(uintptr_t)D;
  Case.n = n;
  Case.line = 64;
  Case.nt_bypasses_cache = Case.nt_needs_fence = Case.wt_fence_is_defect = x86;
  Case.flush_kind = x86 ? COPYINTENT_FLUSH_CLWB : 0;
  Case.fence_kind = x86 ? CI_FENCE_SFENCE : 0;
  ci_rec_reset();
}

static void store(uint64_t off, uint64_t n) {
  __copyintent_model_store(D + off, Src + off, n);
}
static void nt(uint64_t off, uint64_t w) {
  __copyintent_model_store_nt(D + off, Src + off, w);
}
static void flush(int64_t off) {
  __copyintent_model_flush(D + off,
                           Case.flush_kind ? Case.flush_kind : COPYINTENT_FLUSH_DC_CVAC);
}
static void fence(void) {
  __copyintent_model_fence(Case.fence_kind ? Case.fence_kind : CI_FENCE_DSB_SY);
}

/* Builds the sequence of one named case; returns 0 for an unknown name. */
static int build(const char *name) {
/* "if (0) {} CASE(a) {...} CASE(b) {...} else return 0;" picks one case. */
#define CASE(s) else if (!strcmp(name, s))
  if (0) {
  }
  CASE("ok") { /* x86 persist: cached head, NT line, cached tail, sfence */
    begin(CI_OP_PERSIST, 136, 1);
    store(0, 4), nt(4, 4), nt(8, 8), nt(16, 16), nt(32, 32), store(64, 8), flush(0);
    nt(72, 8), nt(80, 16), nt(96, 32), store(128, 8), flush(64), flush(128), fence();
  }
  CASE("wt-unflushed") { begin(CI_OP_WRITETHROUGH, 8, 1), store(0, 8); }
  CASE("wt-tail-unflushed") {
    begin(CI_OP_WRITETHROUGH, 72, 1), store(0, 64), flush(0), store(64, 8);
  }
  CASE("nt-hint-unflushed") { begin(CI_OP_WRITETHROUGH, 64, 0), nt(0, 32), nt(32, 32); }
  CASE("flush-before-store") { begin(CI_OP_WRITETHROUGH, 8, 1), flush(0), store(0, 8); }
  CASE("nocache-no-fence") { begin(CI_OP_NOCACHE, 16, 1), nt(0, 16); }
  CASE("nocache-fence-early") {
    begin(CI_OP_NOCACHE, 32, 1), nt(0, 16), fence(), nt(16, 16);
  }
  CASE("nocache-flush") { begin(CI_OP_NOCACHE, 8, 1), store(0, 8), flush(0); }
  CASE("nocache-needless-fence") { begin(CI_OP_NOCACHE, 8, 1), store(0, 8), fence(); }
  CASE("flush-outside") {
    begin(CI_OP_WRITETHROUGH, 64, 1), store(0, 64), flush(0), flush(64);
  }
  CASE("flush-unaligned") { begin(CI_OP_WRITETHROUGH, 16, 1), store(0, 16), flush(8); }
  CASE("flush-wrong-kind") {
    begin(CI_OP_WRITETHROUGH, 8, 1), store(0, 8);
    __copyintent_model_flush(D, COPYINTENT_FLUSH_CLFLUSH);
  }
  CASE("flush-nt-line") { begin(CI_OP_WRITETHROUGH, 64, 1), nt(0, 64), flush(0); }
  CASE("nt-misaligned") { begin(CI_OP_NOCACHE, 32, 1), nt(8, 16); }
  CASE("nt-narrow") { begin(CI_OP_NOCACHE, 2, 1), nt(0, 2); }
  CASE("store-outside") { begin(CI_OP_NOCACHE, 8, 1), store(0, 9); }
  CASE("store-short") { begin(CI_OP_WRITETHROUGH, 16, 1), store(0, 8), flush(0); }
  CASE("store-twice") { begin(CI_OP_NOCACHE, 8, 1), store(0, 8), store(0, 8); }
  CASE("wt-fence") { begin(CI_OP_WRITETHROUGH, 8, 1), store(0, 8), flush(0), fence(); }
  CASE("persist-no-fence") { begin(CI_OP_PERSIST, 8, 1), store(0, 8), flush(0); }
  CASE("persist-fence-early") {
    begin(CI_OP_PERSIST, 8, 1), store(0, 8), fence(), flush(0);
  }
  CASE("persist-two-fences") {
    begin(CI_OP_PERSIST, 8, 1), store(0, 8), flush(0), fence(), fence();
  }
  CASE("fence-none") {
    begin(CI_OP_PERSIST, 8, 1), store(0, 8), flush(0);
    __copyintent_model_fence(CI_FENCE_NONE);
  }
  CASE("eadr-flush") {
    begin(CI_OP_WRITETHROUGH, 8, 1), Case.eadr = 1, store(0, 8), flush(0);
  }
  CASE("eadr-nocache-no-fence") { begin(CI_OP_NOCACHE, 64, 1), Case.eadr = 1, nt(0, 64); }
  CASE("zero-flush") { begin(CI_OP_WRITETHROUGH, 0, 1), flush(0); }
  CASE("zero-fence") { begin(CI_OP_WRITETHROUGH, 0, 0), fence(); }
  CASE("range-flush-missing") { begin(CI_OP_FLUSH, 100, 1), flush(0); }
  CASE("range-flush-twice") { begin(CI_OP_FLUSH, 8, 1), flush(0), flush(0); }
  CASE("drain-none") { begin(CI_OP_DRAIN, 0, 1); }
  CASE("drain-store") { begin(CI_OP_DRAIN, 0, 1), store(0, 8), fence(); }
  else return 0;
#undef CASE
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2 || !build(argv[1])) {
    fprintf(stderr, "usage: %s CASE\n", argv[0]);
    return 2;
  }
  size_t nev;
  const struct ci_event *ev = ci_rec_events(&nev);
  char why[512];
  if (ci_check_contract(&Case, ev, nev, why, sizeof why)) {
    fprintf(stderr, "VIOLATION: %s\n", why);
    ci_print_case(stderr, &Case);
    ci_print_events(stderr, &Case, ev, nev, 50);
    return 1;
  }
  printf("contract kept\n");
  return 0;
}
