/* Writes four whole, aligned lines (at the NT threshold, 256 bytes) into a three-line
 * heap object with writethrough: the fourth line is the overflow. Under the kernel's register flags the lowering
 * writes whole lines with movnti as inline assembly, which AddressSanitizer cannot
 * see into; the overflow must be reported all the same. */
#include "copyintent/copy.h"

#include <stdio.h>
#include <stdlib.h>

/* The size is not constant here, as for most kernel copies. */
__attribute__((noinline)) static void copy(void *d, const void *s, size_t n) {
  copyintent_memcpy_writethrough(d, s, n);
}

int main(int argc, char **argv) {
  (void)argv;
  static char src[256] __attribute__((aligned(64)));
  char *dst = aligned_alloc(64, 192);
  size_t n = argc > 1 ? 192 : 256;
  copy(dst, src, n);
  printf("copied %zu bytes\n", n);
  free(dst);
  return 0;
}
