// Prints the runtime's nocache threshold (copyintent_query).
#include <copyintent/copy.h>

#include <stdio.h>

int main(void) {
  struct copyintent_caps c;
  copyintent_query(&c);
  printf("nocache_threshold=%u\n", c.nocache_threshold);
  return 0;
}
