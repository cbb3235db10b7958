/*===- runtime/select_x86_64.c - x86 (64- and 32-bit) implementations, CPUID -===*
 *
 * Every implementation below is one builtin call that the pass lowers for the
 * function's target attribute (vector ISA, flush instruction) and configuration word:
 * the strategy lives in the planner only. The dispatcher applies the NT threshold.
 * 32-bit x86 runs the same code: its variants need SSE2 (CLFLUSH, NT stores), which
 * an i386 CPU may lack; CPUID says, and without it nothing can write a line back.
 *
 *===---------------------------------------------------------------------===*/
#if defined(__x86_64__) || defined(__i386__)
#include "internal.h"

#include <cpuid.h>
#include <string.h>

#define WT_NT(f)                                                                         \
  (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_ALWAYS | CI_CFG_FLUSH(f))
#define WT_CACHED(f)                                                                     \
  (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | CI_CFG_FLUSH(f))
#define WT_NT_EADR                                                                       \
  (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_ALWAYS | COPYINTENT_CFG_EADR)
#define WT_CACHED_EADR                                                                   \
  (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | COPYINTENT_CFG_EADR)
#define NC_NT (COPYINTENT_CFG_NOCACHE | COPYINTENT_CFG_NT_ALWAYS)

#define DEFINE_COPY(name, isa, cfg)                                                      \
  __attribute__((target(isa))) static void name(void *d, const void *s, size_t n) {      \
    __copyintent_builtin_copy(d, s, n, cfg);                                             \
  }
#define DEFINE_FLUSH(name, isa, cfg)                                                     \
  __attribute__((target(isa))) static void name(const void *p, size_t n) {               \
    __copyintent_builtin_flush(p, n, cfg);                                               \
  }
/* SFENCE comes with SSE; used only where CPUID reports SSE2 (on i386 the file is not
 * built with it). */
#define DEFINE_DRAIN(name, cfg)                                                          \
  __attribute__((target("sse2"))) static void name(void) {                               \
    __copyintent_builtin_drain(cfg);                                                     \
  }

/* Vector ISA rows of the NT writethrough. */
enum { V_SSE2, V_AVX, V_AVX512, V_COUNT };
static const unsigned nt_widths[V_COUNT] = {16, 32, 64};

/* Each x86 row of copyintent/flushes.def: writethrough by NT stores at each vector
 * width, through the cache, the flush and its drain, each compiled with the row's
 * feature. */
#define CI_COLUMN_FUNCTIONS(Kind, Number, Feature)                                       \
  DEFINE_COPY(wt_nt_sse2_##Kind, "sse2," Feature, WT_NT(Number))                         \
  DEFINE_COPY(wt_nt_avx_##Kind, "avx," Feature, WT_NT(Number))                           \
  DEFINE_COPY(wt_nt_avx512_##Kind, "avx512f," Feature, WT_NT(Number))                    \
  DEFINE_COPY(wt_cached_##Kind, "sse2," Feature, WT_CACHED(Number))                      \
  DEFINE_FLUSH(flush_##Kind, "sse2," Feature, CI_CFG_FLUSH(Number))                      \
  DEFINE_DRAIN(drain_##Kind, CI_CFG_FLUSH(Number))
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_COLUMN_FUNCTIONS(Kind, Number, Feature))
#include "copyintent/flushes.def"

/* eADR: NT stores still need their fence (the drain); cached bytes need nothing. */
DEFINE_COPY(wt_nt_sse2_eadr, "sse2", WT_NT_EADR)
DEFINE_COPY(wt_nt_avx_eadr, "avx", WT_NT_EADR)
DEFINE_COPY(wt_nt_avx512_eadr, "avx512f", WT_NT_EADR)
DEFINE_COPY(wt_cached_eadr, "sse2", WT_CACHED_EADR)
DEFINE_FLUSH(flush_eadr, "sse2", COPYINTENT_CFG_EADR)
DEFINE_DRAIN(drain_eadr, 0)

DEFINE_COPY(nc_nt_sse2, "sse2", NC_NT)
DEFINE_COPY(nc_nt_avx, "avx", NC_NT)
DEFINE_COPY(nc_nt_avx512, "avx512f", NC_NT)
static const ci_copy_fn nc_nt[V_COUNT] = {nc_nt_sse2, nc_nt_avx, nc_nt_avx512};

/* The columns: the rows in ABI order, then eADR. */
static const struct ci_flush_column columns[] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch({Number, wt_cached_##Kind, flush_##Kind, drain_##Kind}, )
#include "copyintent/flushes.def"
    {COPYINTENT_FLUSH_NONE, wt_cached_eadr, flush_eadr, drain_eadr},
};
static const ci_copy_fn wt_nt[][V_COUNT] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch({wt_nt_sse2_##Kind, wt_nt_avx_##Kind, wt_nt_avx512_##Kind}, )
#include "copyintent/flushes.def"
    {wt_nt_sse2_eadr, wt_nt_avx_eadr, wt_nt_avx512_eadr},
};
enum { F_COUNT = sizeof columns / sizeof *columns, F_EADR = F_COUNT - 1 };

static unsigned long long xgetbv0(void) {
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((unsigned long long)hi << 32) | lo;
}

struct x86_features {
  int clflush, sse2, clflushopt, clwb, avx, avx2, avx512f;
  unsigned line;
};

static void detect(struct x86_features *f) {
  unsigned a, b, c, d;
  memset(f, 0, sizeof *f);
  f->line = 64;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return;
  f->clflush = (d >> 19) & 1;
  f->sse2 = (d >> 26) & 1;
  if (f->clflush && ((b >> 8) & 0xff))
    f->line = ((b >> 8) & 0xff) * 8;
  /* AVX state must be enabled by the OS (OSXSAVE, XCR0 bits 1-2; 5-7 for AVX-512). */
  int osxsave = (c >> 27) & 1;
  unsigned long long xcr0 = osxsave ? xgetbv0() : 0;
  f->avx = ((c >> 28) & 1) && (xcr0 & 0x6) == 0x6;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    f->clflushopt = (b >> 23) & 1;
    f->clwb = (b >> 24) & 1;
    f->avx2 = f->avx && ((b >> 5) & 1);
    f->avx512f = ((b >> 16) & 1) && (xcr0 & 0xe6) == 0xe6;
  }
}

/* Whether the CPU has a flush instruction, by CPUID. */
static int has_flush(const struct x86_features *f, int number) {
  switch (number) {
  case COPYINTENT_FLUSH_CLFLUSH:
    return f->clflush;
  case COPYINTENT_FLUSH_CLFLUSHOPT:
    return f->clflushopt;
  case COPYINTENT_FLUSH_CLWB:
    return f->clwb;
  default:
    return 0;
  }
}

/* The highest of COPYINTENT_X86_LEVELS this CPU has, lowered to respect a forced
 * flush instruction or NT width. */
static int dispatch_level(const struct x86_features *f, int flush, int row) {
  int level = f->avx512f && f->avx2 && f->clwb ? 3
              : f->avx2 && f->clwb             ? 2
              : f->clflushopt                  ? 1
                                               : 0;
  int max_for_flush = flush == COPYINTENT_FLUSH_CLFLUSH      ? 0
                      : flush == COPYINTENT_FLUSH_CLFLUSHOPT ? 1
                                                             : 3;
  int max_for_width = row == V_SSE2 ? 1 : row == V_AVX ? 2 : 3;
  if (level > max_for_flush)
    level = max_for_flush;
  if (level > max_for_width)
    level = max_for_width;
  return level;
}

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  struct x86_features f;
  detect(&f);
  /* The best flush is the newest the CPU has: the rows are in that order. */
  int have[F_COUNT], col = 0;
  for (int i = 0; i < F_EADR; ++i)
    if ((have[i] = has_flush(&f, columns[i].number)))
      col = i;
  have[F_EADR] = 1;
  col = ci_forced_flush(env, columns, have, F_EADR, col, "x86-64");
  if (env->eadr)
    col = F_EADR;
  int row = f.avx512f ? V_AVX512 : f.avx ? V_AVX : V_SSE2;
  if (env->nt_width) {
    int want = env->nt_width == 64 ? V_AVX512 : env->nt_width == 32 ? V_AVX : V_SSE2;
    if (want > row)
      ci_warn("COPYINTENT_NT_WIDTH=%u: this CPU's widest non-temporal store is %u "
              "bytes; keeping it",
              env->nt_width, nt_widths[row]);
    else
      row = want;
  }

  memset(ops, 0, sizeof *ops);
  if (!f.clflush || !f.sse2) {
    /* An i386 CPU before SSE2: no CLFLUSH, no NT store, no SFENCE to rely on. */
    ci_select_nondurable(ops, env,
                         "CPUID reports no CLFLUSH/SSE2: no cache-line write-back");
    return;
  }
  ops->dispatch_level = dispatch_level(&f, columns[col].number, row);
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = columns[col].wt_cached;
  ops->wt_nt = env->no_nt ? NULL : wt_nt[col][row];
  ops->persist_nt_lines = 64; /* the planner's BodyAlign on x86 */
  ops->nocache_nt = env->no_nt ? NULL : nc_nt[row];
  ops->flush = columns[col].flush;
  ops->drain = columns[col].drain;

  struct copyintent_caps *c = &ops->caps;
  c->flush = columns[col].number;
  c->flush_name = ci_flush_name(c->flush);
  c->drain_name = ci_drain_name(columns[0].number);
  c->nt_width = env->no_nt ? 0 : nt_widths[row];
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->line_size = f.line;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = 1;
  c->note = "";
  if (f.line != 64) {
    /* The plans step by 64-byte lines; a CPU with smaller lines would be skipped. */
    ops->wt_nt = NULL;
    c->writethrough_durable = f.line > 64;
    c->note = "CPUID reports a cache line other than 64 bytes";
  }
}
#endif
