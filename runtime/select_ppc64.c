/*===- runtime/select_ppc64.c - POWER implementations and HWCAP2 ---------===*
 *
 * ISA 3.1 (POWER10): dcbstps + phwsync. Earlier CPUs: dcbf + hwsync, never nothing.
 *
 *===---------------------------------------------------------------------===*/
#if defined(__powerpc64__)
#include "internal.h"

#include <string.h>
#include <sys/auxv.h>

#ifndef PPC_FEATURE2_ARCH_3_1
#define PPC_FEATURE2_ARCH_3_1 0x00040000
#endif

#define WT(f) (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | CI_CFG_FLUSH(f))

#define DEFINE_COPY(name, cfg)                                                           \
  static void name(void *d, const void *s, size_t n) {                                   \
    __copyintent_builtin_copy(d, s, n, cfg);                                             \
  }
#define DEFINE_FLUSH(name, cfg)                                                          \
  static void name(const void *p, size_t n) { __copyintent_builtin_flush(p, n, cfg); }

enum { F_DCBSTPS, F_DCBF, F_EADR, F_COUNT };

DEFINE_COPY(wt_dcbstps, WT(COPYINTENT_FLUSH_DCBSTPS))
DEFINE_COPY(wt_dcbf, WT(COPYINTENT_FLUSH_DCBF))
DEFINE_COPY(wt_eadr,
            COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | COPYINTENT_CFG_EADR)
DEFINE_FLUSH(flush_dcbstps, CI_CFG_FLUSH(COPYINTENT_FLUSH_DCBSTPS))
DEFINE_FLUSH(flush_dcbf, CI_CFG_FLUSH(COPYINTENT_FLUSH_DCBF))
DEFINE_FLUSH(flush_eadr, COPYINTENT_CFG_EADR)
/* The drain goes with the flush instruction (the planner pairs them). */
static void drain_phwsync(void) {
  __copyintent_builtin_drain(CI_CFG_FLUSH(COPYINTENT_FLUSH_DCBSTPS));
}
static void drain_hwsync(void) {
  __copyintent_builtin_drain(CI_CFG_FLUSH(COPYINTENT_FLUSH_DCBF));
}

static const ci_copy_fn wts[F_COUNT] = {wt_dcbstps, wt_dcbf, wt_eadr};
static const ci_flush_fn flushes[F_COUNT] = {flush_dcbstps, flush_dcbf, flush_eadr};
static const int flush_numbers[F_COUNT] = {COPYINTENT_FLUSH_DCBSTPS,
                                           COPYINTENT_FLUSH_DCBF, COPYINTENT_FLUSH_NONE};

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  if (env->nt_width)
    ci_warn("COPYINTENT_NT_WIDTH has no effect on this architecture");
  int isa31 = !!(getauxval(AT_HWCAP2) & PPC_FEATURE2_ARCH_3_1);
  int have[F_COUNT] = {isa31, 1, 1};
  int col = isa31 ? F_DCBSTPS : F_DCBF;
  col = ci_forced_flush(env, flush_numbers, have, F_EADR, col, "POWER");
  int phw = col == F_DCBSTPS || (col == F_EADR && isa31);
  if (env->eadr)
    col = F_EADR;

  memset(ops, 0, sizeof *ops);
  ops->dispatch_level = isa31 && col != F_DCBF;
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = wts[col];
  ops->flush = flushes[col];
  ops->drain = phw ? drain_phwsync : drain_hwsync;

  struct copyintent_caps *c = &ops->caps;
  c->flush = flush_numbers[col];
  c->flush_name = ci_flush_name(flush_numbers[col]);
  c->drain_name = phw ? "phwsync" : "sync";
  c->nt_width = 0; /* POWER has no non-temporal store */
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->line_size = 128;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = 1;
  c->note = "";
}
#endif
