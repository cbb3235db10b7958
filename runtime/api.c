/*===- runtime/api.c - The public entry points ----------------------------===*
 *
 * Out-of-line copyintent_* for code built without the pass. The implementation for
 * this CPU is chosen once (ci_select) and called through a table.
 *
 *===---------------------------------------------------------------------===*/
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

static struct ci_ops ops;
static pthread_once_t ops_once = PTHREAD_ONCE_INIT;
/* Set (release) once ops is complete: the fast path is one acquire load, not a
 * call of pthread_once, which costs a noticeable share of a 256-byte copy. */
static atomic_int ops_ready;

static void init_ops(void) {
  struct ci_env env;
  ci_read_env(&env);
  ci_select(&ops, &env);
  /* nocache's size policy is the same on every architecture. */
  ops.nocache_threshold = env.nocache_threshold;
  ops.caps.nocache_threshold = (unsigned)env.nocache_threshold;
  atomic_store_explicit(&ops_ready, 1, memory_order_release);
}

static const struct ci_ops *get_ops(void) {
  if (__builtin_expect(!atomic_load_explicit(&ops_ready, memory_order_acquire), 0))
    pthread_once(&ops_once, init_ops);
  return &ops;
}

static atomic_int nondurable_reported;

static void report_nondurable(void) {
  if (!atomic_exchange_explicit(&nondurable_reported, 1, memory_order_relaxed))
    ci_warn("writethrough, persist and flush are not durable on this machine: %s",
            ops.caps.note);
}

void ci_nondurable_copy(void *dst, const void *src, size_t n) {
  report_nondurable();
  ci_plain_copy(dst, src, n);
}

void ci_nondurable_flush(const void *p, size_t n) {
  (void)p;
  (void)n;
  report_nondurable();
}

void copyintent_memcpy_nocache(void *dst, const void *src, size_t n) {
  const struct ci_ops *o = get_ops();
  if (o->nocache_nt && n >= o->nocache_threshold)
    o->nocache_nt(dst, src, n);
  else if (n)
    memcpy(dst, src, n);
}

void copyintent_memcpy_writethrough(void *dst, const void *src, size_t n) {
  const struct ci_ops *o = get_ops();
  if (o->wt_nt && n >= o->nt_threshold)
    o->wt_nt(dst, src, n);
  else
    o->wt_cached(dst, src, n);
}

/* The choice is the planner's takesNTPath() (passes/include/CopyIntent/Plan.h) with
 * the run-time threshold. */
void copyintent_memcpy_persist(void *dst, const void *src, size_t n) {
  const struct ci_ops *o = get_ops();
  int whole_lines =
      o->persist_nt_lines && (((uintptr_t)dst | n) & (o->persist_nt_lines - 1)) == 0;
  if (o->wt_nt && (n >= o->nt_threshold || whole_lines))
    o->wt_nt(dst, src, n);
  else
    o->wt_cached(dst, src, n);
  o->drain();
}

void copyintent_flush(const void *p, size_t n) { get_ops()->flush(p, n); }

void copyintent_drain(void) { get_ops()->drain(); }

void copyintent_query(struct copyintent_caps *caps) { *caps = get_ops()->caps; }

size_t copyintent_line_size(void) { return get_ops()->caps.line_size; }

int copyintent_dispatch_level(void) { return get_ops()->dispatch_level; }
