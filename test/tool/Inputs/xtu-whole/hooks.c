#include "store.h"

void (*store_hook)(char *dst, const void *src, size_t n) = store_copy_hooked;
