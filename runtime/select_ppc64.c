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

/* Each POWER row of copyintent/flushes.def; the drain goes with the flush (the
 * planner pairs them: phwsync after dcbstps, hwsync after dcbf). */
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_PLAIN_COLUMN_FUNCTIONS(Kind, Number))
#include "copyintent/flushes.def"
CI_PLAIN_EADR_FUNCTIONS

/* The columns: the rows in ABI order, then eADR (whose drain is the best flush's). */
static const struct ci_flush_column columns[] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_PLAIN_COLUMN(Kind, Number))
#include "copyintent/flushes.def"
    {COPYINTENT_FLUSH_NONE, wt_eadr, flush_eadr, NULL},
};
enum { F_COUNT = sizeof columns / sizeof *columns, F_EADR = F_COUNT - 1 };

/* dcbf everywhere; dcbstps from ISA 3.1 (POWER10). */
static int has_flush(int number, int isa31) {
  return number == COPYINTENT_FLUSH_DCBF || (number == COPYINTENT_FLUSH_DCBSTPS && isa31);
}

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  if (env->nt_width)
    ci_warn("COPYINTENT_NT_WIDTH has no effect on this architecture");
  int isa31 = !!(getauxval(AT_HWCAP2) & PPC_FEATURE2_ARCH_3_1);
  /* The best is the newest the CPU has: the rows are in that order. */
  int have[F_COUNT], best = 0;
  for (int i = 0; i < F_EADR; ++i)
    if ((have[i] = has_flush(columns[i].number, isa31)))
      best = i;
  have[F_EADR] = 1;
  int col = ci_forced_flush(env, columns, have, F_EADR, best, "POWER");
  /* Under eADR the drain still orders the stores: the fence of the flush chosen. */
  int fence = col;
  if (env->eadr)
    col = F_EADR;

  memset(ops, 0, sizeof *ops);
  ops->dispatch_level = isa31 && columns[col].number != COPYINTENT_FLUSH_DCBF;
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = columns[col].wt_cached;
  ops->flush = columns[col].flush;
  ops->drain = columns[fence].drain;

  struct copyintent_caps *c = &ops->caps;
  c->flush = columns[col].number;
  c->flush_name = ci_flush_name(c->flush);
  c->drain_name = ci_drain_name(columns[fence].number);
  c->nt_width = 0; /* POWER has no non-temporal store */
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->line_size = 128;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = 1;
  c->note = "";
}
#endif
