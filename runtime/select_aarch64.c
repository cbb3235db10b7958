/*===- runtime/select_aarch64.c - AArch64 implementations and HWCAP ------===*
 *
 * DC CVAP when HWCAP_DCPOP says so, else DC CVAC (which may stop at the point of
 * coherency: reported as not durable). Lines are stepped by CTR_EL0.DminLine, read by
 * the lowered code itself.
 *
 *===---------------------------------------------------------------------===*/
#if defined(__aarch64__)
#include "internal.h"

#include <string.h>
#include <sys/auxv.h>

#ifndef HWCAP_DCPOP
#define HWCAP_DCPOP (1UL << 16)
#endif
#ifndef HWCAP2_DCPODP
#define HWCAP2_DCPODP (1UL << 0)
#endif

#define WT(f) (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | CI_CFG_FLUSH(f))

#define DEFINE_COPY(name, cfg)                                                           \
  static void name(void *d, const void *s, size_t n) {                                   \
    __copyintent_builtin_copy(d, s, n, cfg);                                             \
  }
#define DEFINE_FLUSH(name, cfg)                                                          \
  static void name(const void *p, size_t n) { __copyintent_builtin_flush(p, n, cfg); }

enum { F_CVAP, F_CVADP, F_CVAC, F_EADR, F_COUNT };

DEFINE_COPY(wt_cvap, WT(COPYINTENT_FLUSH_DC_CVAP))
DEFINE_COPY(wt_cvadp, WT(COPYINTENT_FLUSH_DC_CVADP))
DEFINE_COPY(wt_cvac, WT(COPYINTENT_FLUSH_DC_CVAC))
DEFINE_COPY(wt_eadr,
            COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | COPYINTENT_CFG_EADR)
DEFINE_COPY(nc_stnp, COPYINTENT_CFG_NOCACHE | COPYINTENT_CFG_NT_ALWAYS)
DEFINE_FLUSH(flush_cvap, CI_CFG_FLUSH(COPYINTENT_FLUSH_DC_CVAP))
DEFINE_FLUSH(flush_cvadp, CI_CFG_FLUSH(COPYINTENT_FLUSH_DC_CVADP))
DEFINE_FLUSH(flush_cvac, CI_CFG_FLUSH(COPYINTENT_FLUSH_DC_CVAC))
DEFINE_FLUSH(flush_eadr, COPYINTENT_CFG_EADR)
static void drain_dsb(void) { __copyintent_builtin_drain(0); }

static const ci_copy_fn wts[F_COUNT] = {wt_cvap, wt_cvadp, wt_cvac, wt_eadr};
static const ci_flush_fn flushes[F_COUNT] = {flush_cvap, flush_cvadp, flush_cvac,
                                             flush_eadr};
static const int flush_numbers[F_COUNT] = {
    COPYINTENT_FLUSH_DC_CVAP, COPYINTENT_FLUSH_DC_CVADP, COPYINTENT_FLUSH_DC_CVAC,
    COPYINTENT_FLUSH_NONE};

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  if (env->nt_width)
    ci_warn("COPYINTENT_NT_WIDTH has no effect on this architecture");
  unsigned long hwcap = getauxval(AT_HWCAP), hwcap2 = getauxval(AT_HWCAP2);
  int have[F_COUNT] = {!!(hwcap & HWCAP_DCPOP), !!(hwcap2 & HWCAP2_DCPODP), 1, 1};

  int col = have[F_CVAP] ? F_CVAP : F_CVAC;
  col = ci_forced_flush(env, flush_numbers, have, F_EADR, col, "AArch64");
  if (env->eadr)
    col = F_EADR;

  unsigned long ctr;
  __asm__("mrs %0, ctr_el0" : "=r"(ctr));

  memset(ops, 0, sizeof *ops);
  ops->dispatch_level = have[F_CVAP] && col != F_CVAC;
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = wts[col];
  ops->nocache_nt = env->no_nt ? NULL : nc_stnp;
  ops->flush = flushes[col];
  ops->drain = drain_dsb;

  struct copyintent_caps *c = &ops->caps;
  c->flush = flush_numbers[col];
  c->flush_name = ci_flush_name(flush_numbers[col]);
  c->drain_name = "dsb sy";
  c->nt_width = env->no_nt ? 0 : 32;
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->line_size = 4u << ((ctr >> 16) & 0xf);
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = col != F_CVAC;
  c->note = col == F_CVAC ? "no FEAT_DCPoP: DC CVAC cleans to the point of coherency, "
                            "which may not be persistent"
                          : "";
}
#endif
