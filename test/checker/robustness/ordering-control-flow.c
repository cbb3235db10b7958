// ROBUSTNESS: the ordering checks on control flow that is not structured: a computed goto, a loop entered in the middle (irreducible), setjmp/longjmp, asm goto, and helpers that drain through mutual recursion.
/*
 * Right verdicts (copyintent-missing-writethrough), each found on the path the
 * unusual edge makes:
 * - computed_goto(): the jump to 'drain' skips the flush.
 * - irreducible(): entering the loop at 'inside' can leave it before the flush.
 * - asm_goto(): the asm's jump to 'skip' skips the flush.
 * - recursive_drain(): the drain is reached through drain_a() -> drain_b() ->
 *   drain_a(), a cycle the summary must close.
 * and no diagnostic for
 * - set_jump(): the copy is persisted before anything can longjmp back; the setjmp
 *   branch drains only what came before (the CFG has no edge for longjmp: the check
 *   follows the paths C gives).
 */
// RUN: %check_clang_tidy %s 'copyintent-missing-writethrough,copyintent-redundant-flush,copyintent-publish-before-persist,copyintent-nontemporal-without-fence' %t -- -- %ci-user-cflags
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include <libpmem.h>

struct log {
  char *base;
};

void log_open(struct log *lg, const char *path) {
  size_t len;
  int is_pmem;
  lg->base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
}

void computed_goto(struct log *lg, const void *src, size_t n, int k) {
  static void *const targets[] = {&&flush, &&drain};
  memcpy(lg->base, src, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memcpy leaves {{.*}} before the drain at line [[@LINE+5]]{{.*}} [copyintent-missing-writethrough]
  goto *targets[k & 1];
flush:
  pmem_flush(lg->base, n);
drain:
  pmem_drain();
}

void irreducible(struct log *lg, const void *src, size_t n, int k) {
  memcpy(lg->base, src, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memcpy leaves {{.*}} before the drain at line [[@LINE+9]]{{.*}} [copyintent-missing-writethrough]
  if (k)
    goto inside;
  for (;;) {
    pmem_flush(lg->base, n);
  inside:
    if (--k < 0)
      break;
  }
  pmem_drain();
}

void asm_goto(struct log *lg, const void *src, size_t n) {
  memcpy(lg->base, src, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memcpy leaves {{.*}} before the drain at line [[@LINE+4]]{{.*}} [copyintent-missing-writethrough]
  asm goto("" : : : : skip);
  pmem_flush(lg->base, n);
skip:
  pmem_drain();
}

static void drain_a(int k);
static void drain_b(int k) {
  if (k)
    drain_a(k - 1);
}
static void drain_a(int k) {
  if (k)
    drain_b(k - 1);
  else
    pmem_drain();
}

void recursive_drain(struct log *lg, const void *src, size_t n) {
  memcpy(lg->base, src, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memcpy leaves {{.*}} before the drain at line [[@LINE+1]]{{.*}} [copyintent-missing-writethrough]
  drain_a(3);
}

static jmp_buf retry;

void set_jump(struct log *lg, const void *src, size_t n) {
  if (setjmp(retry)) {
    pmem_drain();
    return;
  }
  memcpy(lg->base, src, n);
  pmem_persist(lg->base, n);
}
