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

/* Flush columns of the tables. */
enum { F_CLFLUSH, F_CLFLUSHOPT, F_CLWB, F_EADR, F_COUNT };
/* Vector ISA rows. */
enum { V_SSE2, V_AVX, V_AVX512, V_COUNT };

#define DEFINE_WT_ROW(tag, isa)                                                          \
  DEFINE_COPY(wt_nt_##tag##_clflush, isa, WT_NT(COPYINTENT_FLUSH_CLFLUSH))               \
  DEFINE_COPY(wt_nt_##tag##_clflushopt, isa ",clflushopt",                               \
              WT_NT(COPYINTENT_FLUSH_CLFLUSHOPT))                                        \
  DEFINE_COPY(wt_nt_##tag##_clwb, isa ",clwb", WT_NT(COPYINTENT_FLUSH_CLWB))             \
  DEFINE_COPY(wt_nt_##tag##_eadr, isa, WT_NT_EADR)                                       \
  DEFINE_COPY(nc_nt_##tag, isa, NC_NT)

DEFINE_WT_ROW(sse2, "sse2")
DEFINE_WT_ROW(avx, "avx")
DEFINE_WT_ROW(avx512, "avx512f")

DEFINE_COPY(wt_cached_clflush, "sse2", WT_CACHED(COPYINTENT_FLUSH_CLFLUSH))
DEFINE_COPY(wt_cached_clflushopt, "clflushopt", WT_CACHED(COPYINTENT_FLUSH_CLFLUSHOPT))
DEFINE_COPY(wt_cached_clwb, "clwb", WT_CACHED(COPYINTENT_FLUSH_CLWB))
DEFINE_COPY(wt_cached_eadr, "sse2", WT_CACHED_EADR)

DEFINE_FLUSH(flush_clflush, "sse2", CI_CFG_FLUSH(COPYINTENT_FLUSH_CLFLUSH))
DEFINE_FLUSH(flush_clflushopt, "clflushopt", CI_CFG_FLUSH(COPYINTENT_FLUSH_CLFLUSHOPT))
DEFINE_FLUSH(flush_clwb, "clwb", CI_CFG_FLUSH(COPYINTENT_FLUSH_CLWB))
DEFINE_FLUSH(flush_eadr, "sse2", COPYINTENT_CFG_EADR)

/* Used only where CPUID reports SSE2 (so SFENCE): on i386 the file is not built with it. */
__attribute__((target("sse2"))) static void drain_sfence(void) {
  __copyintent_builtin_drain(0);
}

static const ci_copy_fn wt_nt[V_COUNT][F_COUNT] = {
    {wt_nt_sse2_clflush, wt_nt_sse2_clflushopt, wt_nt_sse2_clwb, wt_nt_sse2_eadr},
    {wt_nt_avx_clflush, wt_nt_avx_clflushopt, wt_nt_avx_clwb, wt_nt_avx_eadr},
    {wt_nt_avx512_clflush, wt_nt_avx512_clflushopt, wt_nt_avx512_clwb, wt_nt_avx512_eadr},
};
static const ci_copy_fn nc_nt[V_COUNT] = {nc_nt_sse2, nc_nt_avx, nc_nt_avx512};
static const ci_copy_fn wt_cached[F_COUNT] = {wt_cached_clflush, wt_cached_clflushopt,
                                              wt_cached_clwb, wt_cached_eadr};
static const ci_flush_fn flushes[F_COUNT] = {flush_clflush, flush_clflushopt, flush_clwb,
                                             flush_eadr};
static const int flush_numbers[F_COUNT] = {COPYINTENT_FLUSH_CLFLUSH,
                                           COPYINTENT_FLUSH_CLFLUSHOPT,
                                           COPYINTENT_FLUSH_CLWB, COPYINTENT_FLUSH_NONE};
static const unsigned nt_widths[V_COUNT] = {16, 32, 64};

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

/* The highest of COPYINTENT_X86_LEVELS this CPU has, lowered to respect a forced
 * flush instruction or NT width. */
static int dispatch_level(const struct x86_features *f, int col, int row) {
  int level = f->avx512f && f->avx2 && f->clwb ? 3
              : f->avx2 && f->clwb             ? 2
              : f->clflushopt                  ? 1
                                               : 0;
  int max_for_flush = col == F_CLFLUSH ? 0 : col == F_CLFLUSHOPT ? 1 : 3;
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
  int have[F_COUNT] = {f.clflush, f.clflushopt, f.clwb, 1};

  int col = f.clwb ? F_CLWB : f.clflushopt ? F_CLFLUSHOPT : F_CLFLUSH;
  col = ci_forced_flush(env, flush_numbers, have, F_EADR, col, "x86-64");
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
    ci_select_nondurable(ops, env, "CPUID reports no CLFLUSH/SSE2: no cache-line write-back");
    return;
  }
  ops->dispatch_level = dispatch_level(&f, col, row);
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = wt_cached[col];
  ops->wt_nt = env->no_nt ? NULL : wt_nt[row][col];
  ops->persist_nt_lines = 64; /* the planner's BodyAlign on x86 */
  ops->nocache_nt = env->no_nt ? NULL : nc_nt[row];
  ops->flush = flushes[col];
  ops->drain = drain_sfence;

  struct copyintent_caps *c = &ops->caps;
  c->flush = flush_numbers[col];
  c->flush_name = ci_flush_name(flush_numbers[col]);
  c->drain_name = "sfence";
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
