/*===- sweep_const.c - Model sweep of the constant-size lowering ----------===*
 *
 * One function per API call and constant size, so the pass sees each size as a
 * constant: the cached/NT choice is made at compile time, short loops become
 * straight-line code, and a known-length flush of an unknown address guards only
 * its possible extra line. Every size 0..300 and a sample of larger ones runs with
 * every destination misalignment (modulo max(64, line)) against every source
 * misalignment up to 300 bytes, a few above. A second set of functions, for fewer
 * sizes, also tells the pass that the destination is 64-byte aligned (no NT head,
 * aligned flush arithmetic) and runs at offsets 0 and 64.
 *
 *===----------------------------------------------------------------------===*/
#include "copyintent/copy.h"
#include "harness.h"

/* The API calls with constant n, with an unknown destination alignment. */
#define DEFINE(n)                                                                        \
  __attribute__((noinline)) void nc_##n(void *d, const void *s, size_t k) {              \
    (void)k;                                                                             \
    copyintent_memcpy_nocache(d, s, n);                                                  \
  }                                                                                      \
  __attribute__((noinline)) void wt_##n(void *d, const void *s, size_t k) {              \
    (void)k;                                                                             \
    copyintent_memcpy_writethrough(d, s, n);                                             \
  }                                                                                      \
  __attribute__((noinline)) void ps_##n(void *d, const void *s, size_t k) {              \
    (void)k;                                                                             \
    copyintent_memcpy_persist(d, s, n);                                                  \
  }                                                                                      \
  __attribute__((noinline)) void fl_##n(void *d, const void *s, size_t k) {              \
    (void)s, (void)k;                                                                    \
    copyintent_flush(d, n);                                                              \
  }
/* The same with a destination the pass knows to be 64-byte aligned. */
#define DEFINE_ALIGNED(n)                                                                \
  __attribute__((noinline)) void nc_a_##n(void *d, const void *s, size_t k) {            \
    (void)k;                                                                             \
    copyintent_memcpy_nocache(__builtin_assume_aligned(d, 64), s, n);                    \
  }                                                                                      \
  __attribute__((noinline)) void wt_a_##n(void *d, const void *s, size_t k) {            \
    (void)k;                                                                             \
    copyintent_memcpy_writethrough(__builtin_assume_aligned(d, 64), s, n);               \
  }                                                                                      \
  __attribute__((noinline)) void ps_a_##n(void *d, const void *s, size_t k) {            \
    (void)k;                                                                             \
    copyintent_memcpy_persist(__builtin_assume_aligned(d, 64), s, n);                    \
  }                                                                                      \
  __attribute__((noinline)) void fl_a_##n(void *d, const void *s, size_t k) {            \
    (void)s, (void)k;                                                                    \
    copyintent_flush(__builtin_assume_aligned(d, 64), n);                                \
  }

#define ENTRY(n) {n, {nc_##n, wt_##n, ps_##n, fl_##n}},
#define ENTRY_ALIGNED(n) {n, {nc_a_##n, wt_a_##n, ps_a_##n, fl_a_##n}},

/* One list per line reads better than its reflowing. */
/* clang-format off */
/* X(0) ... X(9), X(t0) ... X(t9), X(h00) ... X(h99). */
#define D10(X, t)                                                                        \
  X(t##0) X(t##1) X(t##2) X(t##3) X(t##4) X(t##5) X(t##6) X(t##7) X(t##8) X(t##9)
#define D100(X, h)                                                                       \
  D10(X, h##0)                                                                           \
  D10(X, h##1) D10(X, h##2) D10(X, h##3) D10(X, h##4) D10(X, h##5) D10(X, h##6)          \
      D10(X, h##7) D10(X, h##8) D10(X, h##9)
#define UPTO99(X)                                                                        \
  D10(X, )                                                                               \
  D10(X, 1) D10(X, 2) D10(X, 3) D10(X, 4) D10(X, 5) D10(X, 6) D10(X, 7) D10(X, 8)        \
      D10(X, 9)
/* Beyond 300: both sides of the 8-iteration unrolling limit of the NT body and of
 * the flush loop (512 bytes of 64-byte lines, 1024 of 128-byte lines), and large. */
#define LARGE(X)                                                                         \
  X(300) X(319) X(320) X(383) X(384) X(447) X(511) X(512) X(513) X(700) X(1023) X(1024)  \
      X(1025) X(2051) X(4096) X(4099) X(65543) X(1048576)
#ifndef SWEEP_SPARSE
/* Every size 0..300 and the large ones. */
#define SIZES(X) UPTO99(X) D100(X, 1) D100(X, 2) LARGE(X)
/* The aligned set needs fewer sizes: with the destination's offset known, only the
 * size decides the split, so every residue of a 64-byte line twice over, the edges
 * of the cached/NT threshold (256), and the large ones. */
#define ALIGNED_SIZES(X)                                                                 \
  UPTO99(X) D10(X, 10) D10(X, 11) D10(X, 12) X(191) X(192) X(193) X(255) X(256) X(257)   \
      LARGE(X)
#else
/* -DSWEEP_SPARSE, for options that put every size on the NT path, whose code takes
 * several times longer to compile: every size up to 69 (each residue of a line),
 * a sample up to 300 around lines, words and the threshold, and the large ones. */
#define SAMPLE(X)                                                                        \
  X(100) X(101) X(103) X(113) X(127) X(128) X(129) X(131) X(150) X(163) X(191) X(192)    \
      X(193) X(200) X(227) X(255) X(256) X(257) X(263) X(271) X(289) X(299)
#define UPTO69(X) D10(X, ) D10(X, 1) D10(X, 2) D10(X, 3) D10(X, 4) D10(X, 5) D10(X, 6)
#define SIZES(X) UPTO69(X) SAMPLE(X) LARGE(X)
#define ALIGNED_SIZES(X) D10(X, ) D10(X, 6) SAMPLE(X) LARGE(X)
#endif

/* clang-format on */

SIZES(DEFINE)
ALIGNED_SIZES(DEFINE_ALIGNED)

struct entry {
  size_t n;
  harness_fn fns[4]; /* nocache, writethrough, persist, flush */
};
static const struct entry Any[] = {SIZES(ENTRY)};
static const struct entry Aligned[] = {ALIGNED_SIZES(ENTRY_ALIGNED)};
static const enum ci_op Ops[4] = {CI_OP_NOCACHE, CI_OP_WRITETHROUGH, CI_OP_PERSIST,
                                  CI_OP_FLUSH};
static const unsigned SomeSrc[] = {0, 1, 7, 33, 63};
enum { NumSomeSrc = sizeof SomeSrc / sizeof *SomeSrc };

static void run(const struct entry *e, unsigned dmis, unsigned smis, const char *what) {
  for (int k = 0; k < 4; ++k)
    if (Ops[k] != CI_OP_FLUSH || smis == 0)
      harness_run(Ops[k], e->fns[k], e->n, dmis, smis, what);
}

int main(int argc, char **argv) {
  harness_init(argc, argv, 1048576);
  unsigned period = harness_dst_period();
  for (size_t i = 0; i < sizeof Any / sizeof *Any; ++i) {
    const struct entry *e = &Any[i];
    for (unsigned dmis = 0; dmis < period; ++dmis) {
      if (e->n <= 300)
        for (unsigned smis = 0; smis < 64; ++smis)
          run(e, dmis, smis, "constant size");
      else
        for (unsigned k = 0; k < (e->n < 65536 ? NumSomeSrc : 1); ++k)
          run(e, dmis, SomeSrc[k], "constant size");
    }
  }
  for (size_t i = 0; i < sizeof Aligned / sizeof *Aligned; ++i)
    for (unsigned dmis = 0; dmis <= 64; dmis += 64)
      for (unsigned k = 0; k < NumSomeSrc; ++k)
        run(&Aligned[i], dmis, SomeSrc[k], "constant size, 64-aligned dst");
  return harness_done();
}
