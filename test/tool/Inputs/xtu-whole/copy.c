#include "store.h"

void store_copy_meta(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n);
}

void store_copy_payload(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n);
}

void store_copy_hooked(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n);
}

void store_copy_exported(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n);
}
EXPORT_SYMBOL_GPL(store_copy_exported);

void store_copy_uncalled(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_writethrough(dst, src, n);
}
