// copyintent_flush(buf + 7, n) with n from the command line, then "returned".
#include <copyintent/copy.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  static char buf[256];
  size_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 0;
  copyintent_flush(buf + 7, n);
  copyintent_drain();
  puts("returned");
  return 0;
}
