/*
 * A store whose copy helpers (copy.c) are called only from store.c. Each helper
 * writes through; whether that is wasted depends on what every caller passes, which
 * only the whole program shows.
 */
#ifndef STORE_H
#define STORE_H
#include <stddef.h>
#include <copyintent/copy.h>

/* The kernel's export macro, as a module build sees it: nothing in the object. */
#define EXPORT_SYMBOL_GPL(sym)

struct store {
	char *base;   /* persistent memory */
	char *shadow; /* malloc()ed */
};

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
		    size_t *mapped_lenp, int *is_pmemp);
void store_copy_meta(char *dst, const void *src, size_t n);
void store_copy_payload(char *dst, const void *src, size_t n);
void store_copy_hooked(char *dst, const void *src, size_t n);
void store_copy_exported(char *dst, const void *src, size_t n);
void store_copy_uncalled(char *dst, const void *src, size_t n);
extern void (*store_hook)(char *dst, const void *src, size_t n);
#endif
