/*===- sweep_var.c - Model sweep of the variable-size lowering ------------===*
 *
 * Each API call sits in its own function with an opaque size and destination, so
 * the pass emits the general path: the run-time choice between the cached and the
 * NT path, the head/body/tail split and the flush loops. Every size 0..300 runs
 * with every destination misalignment (modulo max(64, line)) against every source
 * misalignment 0..63; sizes 301..1024 and a sample up to 4 MiB with every
 * destination misalignment and a few source misalignments. The plan never looks at
 * the source's alignment (only the bytes do), so the full cross product above 300
 * would triple the run time and test nothing new.
 *
 *===----------------------------------------------------------------------===*/
#include "copyintent/copy.h"
#include "harness.h"

/* External and noinline: the pass sees no size and no alignment. */
__attribute__((noinline)) void var_nocache(void *d, const void *s, size_t n) {
  copyintent_memcpy_nocache(d, s, n);
}
__attribute__((noinline)) void var_writethrough(void *d, const void *s, size_t n) {
  copyintent_memcpy_writethrough(d, s, n);
}
__attribute__((noinline)) void var_persist(void *d, const void *s, size_t n) {
  copyintent_memcpy_persist(d, s, n);
}
__attribute__((noinline)) void var_flush(void *d, const void *s, size_t n) {
  (void)s;
  copyintent_flush(d, n);
}
__attribute__((noinline)) void var_drain(void *d, const void *s, size_t n) {
  (void)d, (void)s, (void)n;
  copyintent_drain();
}

static void copies(size_t n, unsigned dmis, unsigned smis) {
  harness_run(CI_OP_NOCACHE, var_nocache, n, dmis, smis, "variable size");
  harness_run(CI_OP_WRITETHROUGH, var_writethrough, n, dmis, smis, "variable size");
  harness_run(CI_OP_PERSIST, var_persist, n, dmis, smis, "variable size");
}

static void flushes(size_t n, unsigned dmis) {
  harness_run(CI_OP_FLUSH, var_flush, n, dmis, 0, "variable size");
}

static const size_t Large[] = {
    1025,  1087,   1500,          2047,           2048,          2049,
    4095,  4096,   4097,          8191,           12345,         65536,
    65599, 100003, (1 << 20) - 1, (1 << 20) + 17, (3 << 20) + 5, 4 << 20};
static const unsigned SomeSrc[] = {0, 1, 7, 33, 63};
enum { NumSomeSrc = sizeof SomeSrc / sizeof *SomeSrc };

int main(int argc, char **argv) {
  harness_init(argc, argv, 4 << 20);
  unsigned period = harness_dst_period();
  harness_run(CI_OP_DRAIN, var_drain, 0, 0, 0, "drain");
  for (size_t n = 0; n <= 1024; ++n)
    for (unsigned dmis = 0; dmis < period; ++dmis) {
      if (n <= 300)
        for (unsigned smis = 0; smis < 64; ++smis)
          copies(n, dmis, smis);
      else
        for (unsigned k = 0; k < NumSomeSrc; ++k)
          copies(n, dmis, SomeSrc[k]);
      flushes(n, dmis);
    }
  for (size_t i = 0; i < sizeof Large / sizeof *Large; ++i)
    for (unsigned dmis = 0; dmis < period; ++dmis) {
      /* Copies of a MiB and more take milliseconds each: one source offset. */
      unsigned nsrc = Large[i] < 65536 ? NumSomeSrc : 1;
      for (unsigned k = 0; k < nsrc; ++k)
        copies(Large[i], dmis, SomeSrc[k]);
      flushes(Large[i], dmis);
    }
  return harness_done();
}
