/*===- runtime/select_generic.c - Targets the planner does not know ------===*
 *
 * Correct copies, no write-back: copyintent_query says writethrough is not durable,
 * and so does the first writethrough, persist or flush (on stderr).
 *
 *===---------------------------------------------------------------------===*/
#if !defined(__x86_64__) && !defined(__i386__) && !defined(__aarch64__) &&               \
    !defined(__powerpc64__) && !(defined(__riscv) && __riscv_xlen == 64)
#include "internal.h"

#include <string.h>

static void drain_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  memset(ops, 0, sizeof *ops);
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = env->eadr ? ci_plain_copy : ci_nondurable_copy;
  ops->flush = env->eadr ? ci_no_flush : ci_nondurable_flush;
  ops->drain = drain_fence;
  struct copyintent_caps *c = &ops->caps;
  c->flush = COPYINTENT_FLUSH_NONE;
  c->flush_name = "none";
  c->drain_name = "seq_cst fence";
  c->line_size = 64;
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = env->eadr;
  c->note = "copyintent does not know this architecture's cache maintenance";
}
#endif
