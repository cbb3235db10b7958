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

/* Each AArch64 row of copyintent/flushes.def (the DC instructions need no feature:
 * the pass spells them as SYS operations). */
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_PLAIN_COLUMN_FUNCTIONS(Kind, Number))
#include "copyintent/flushes.def"
CI_PLAIN_EADR_FUNCTIONS
static void drain_eadr(void) { __copyintent_builtin_drain(0); }
static void nc_stnp(void *d, const void *s, size_t n) {
  __copyintent_builtin_copy(d, s, n, COPYINTENT_CFG_NOCACHE | COPYINTENT_CFG_NT_ALWAYS);
}

/* The columns: the rows in ABI order, then eADR. */
static const struct ci_flush_column columns[] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_PLAIN_COLUMN(Kind, Number))
#include "copyintent/flushes.def"
    {COPYINTENT_FLUSH_NONE, wt_eadr, flush_eadr, drain_eadr},
};
enum { F_COUNT = sizeof columns / sizeof *columns, F_EADR = F_COUNT - 1 };

/* Whether the CPU has a DC instruction: DC CVAC always; the others by HWCAP. */
static int has_flush(int number) {
  switch (number) {
  case COPYINTENT_FLUSH_DC_CVAC:
    return 1;
  case COPYINTENT_FLUSH_DC_CVAP:
    return !!(getauxval(AT_HWCAP) & HWCAP_DCPOP);
  case COPYINTENT_FLUSH_DC_CVADP:
    return !!(getauxval(AT_HWCAP2) & HWCAP2_DCPODP);
  default:
    return 0;
  }
}

static int column_of(int number) {
  for (int i = 0; i < F_COUNT; ++i)
    if (columns[i].number == number)
      return i;
  return F_EADR;
}

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  if (env->nt_width)
    ci_warn("COPYINTENT_NT_WIDTH has no effect on this architecture");
  int have[F_COUNT];
  for (int i = 0; i < F_EADR; ++i)
    have[i] = has_flush(columns[i].number);
  have[F_EADR] = 1;
  /* DC CVAP where the CPU has it (to the point of persistence); DC CVADP, deeper and
   * slower, only on request. */
  int cvap = have[column_of(COPYINTENT_FLUSH_DC_CVAP)];
  int cvac = column_of(COPYINTENT_FLUSH_DC_CVAC);
  int col = cvap ? column_of(COPYINTENT_FLUSH_DC_CVAP) : cvac;
  col = ci_forced_flush(env, columns, have, F_EADR, col, "AArch64");
  if (env->eadr)
    col = F_EADR;

  unsigned long ctr;
  __asm__("mrs %0, ctr_el0" : "=r"(ctr));

  memset(ops, 0, sizeof *ops);
  ops->dispatch_level = cvap && col != cvac;
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = columns[col].wt_cached;
  ops->nocache_nt = env->no_nt ? NULL : nc_stnp;
  ops->flush = columns[col].flush;
  ops->drain = columns[col].drain;

  struct copyintent_caps *c = &ops->caps;
  c->flush = columns[col].number;
  c->flush_name = ci_flush_name(c->flush);
  c->drain_name = ci_drain_name(columns[0].number);
  c->nt_width = env->no_nt ? 0 : 32;
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->line_size = 4u << ((ctr >> 16) & 0xf);
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = col != cvac;
  c->note = col == cvac ? "no FEAT_DCPoP: DC CVAC cleans to the point of coherency, "
                          "which may not be persistent"
                        : "";
}
#endif
