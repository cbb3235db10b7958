/*===- contract.h - The copy-intent contract, checked on recorded events --===*
 *
 * One call of the API (a copy, a range flush or a drain) is described by a case
 * (what was asked, where, with what target semantics) and by the ordered events
 * its lowering performed: ordinary stores, non-temporal stores, line flushes and
 * fences. ci_check_contract() says whether the events keep the promise of
 * copyintent/copy.h and section 0 of lowering-reference.md, and flags wasted work
 * (flushes outside the range or of clean lines, needless fences) as a defect too.
 *
 * The events come from the recording runtime (recorder.c) in the model tests and
 * from the planner's simulateCopy() in the fuzzer, so the header is C and C++.
 *
 *===----------------------------------------------------------------------===*/
#ifndef COPYINTENT_TEST_CONTRACT_H
#define COPYINTENT_TEST_CONTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ci_event_kind {
  CI_EV_STORE,    /* ordinary (cached) store of size bytes at addr */
  CI_EV_STORE_NT, /* one non-temporal store of size (the width) bytes at addr */
  CI_EV_FLUSH,    /* write-back of the line at addr; sub = COPYINTENT_FLUSH_* */
  CI_EV_FENCE,    /* fence; sub = CI_FENCE_* */
};

/* The fence kinds in the order of copyintent::FenceKind (Plan.h), which the model
 * emitter passes as a number. The fuzzer checks that the two orders agree. */
enum ci_fence_kind {
  CI_FENCE_NONE,
  CI_FENCE_SFENCE,
  CI_FENCE_DSB_SY,
  CI_FENCE_HWSYNC,
  CI_FENCE_PHWSYNC,
  CI_FENCE_OW_OW,
};

struct ci_event {
  unsigned kind; /* enum ci_event_kind */
  unsigned sub;  /* flush or fence kind; 0 for stores */
  uint64_t addr; /* an address, never dereferenced by the checker */
  uint64_t size; /* store: bytes; NT store: width; flush and fence: 0 */
};

enum ci_op {
  CI_OP_NOCACHE,
  CI_OP_WRITETHROUGH,
  CI_OP_PERSIST,
  CI_OP_FLUSH, /* copyintent_flush(dst, n) */
  CI_OP_DRAIN, /* copyintent_drain(); dst and n are ignored */
};

struct ci_contract_case {
  enum ci_op op;
  uint64_t dst; /* the destination (flush: p) */
  uint64_t n;
  unsigned line; /* flush granule, a power of two */
  int eadr;      /* the caches are persistent: no flush may happen at all */
  /* x86: bytes written by an NT store leave no dirty line, so writethrough may
   * leave them unflushed. Elsewhere NT stores are a hint and dirty the line. */
  int nt_bypasses_cache;
  /* x86: NT stores are weakly ordered, so nocache must fence after them. */
  int nt_needs_fence;
  /* x86 (Linux memcpy_flushcache, PMDK *_nodrain): a fence in writethrough is
   * wasted, the caller drains once after many copies. */
  int wt_fence_is_defect;
  unsigned flush_kind; /* the expected COPYINTENT_FLUSH_*; 0 accepts any */
  unsigned fence_kind; /* the expected CI_FENCE_*; 0 accepts any but NONE */
};

/* Returns 0 when the events keep the contract of case c. Otherwise returns 1 and
 * writes the first violation, naming the event index, into why. Not reentrant
 * (it keeps one growing scratch array of line states). */
int ci_check_contract(const struct ci_contract_case *c, const struct ci_event *ev,
                      size_t nev, char *why, size_t len);

const char *ci_op_name(enum ci_op op);
/* Names as the pass's options spell them ("clwb", "dc-cvap", ...; fences "sfence",
 * "dsb-sy", "hwsync", "phwsync", "fence-ow-ow"). Return 0 for an unknown name. */
int ci_parse_flush(const char *name, unsigned *kind);
int ci_parse_fence(const char *name, unsigned *kind);

/* Prints the case and up to max events (offsets from c->dst) to out. */
void ci_print_case(FILE *out, const struct ci_contract_case *c);
void ci_print_events(FILE *out, const struct ci_contract_case *c,
                     const struct ci_event *ev, size_t nev, size_t max);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* COPYINTENT_TEST_CONTRACT_H */
