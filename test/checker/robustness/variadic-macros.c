// ROBUSTNESS: copies behind variadic macros (__VA_ARGS__, GNU ##__VA_ARGS__, __VA_OPT__), callee names built by token pasting and stringizing, object-like macros naming the callee, arguments split across macro expansions, _Pragma inside a macro.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags -std=gnu17 > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#include <stdio.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

#define COPY(...) memcpy_nocache(__VA_ARGS__)
#define TRACE(fmt, ...) fprintf(stderr, fmt "\n", ##__VA_ARGS__)
#define TRACED_COPY(fn, ...) (TRACE("%s", #fn), fn(__VA_ARGS__))
#define OPT_COPY(d, s, ...) memcpy_nocache(d, s __VA_OPT__(,) __VA_ARGS__)
#define CAT(a, b) a##b
#define INTENT_COPY(intent) CAT(memcpy_, intent)
#define COPYFN memcpy_nocache
#define DST (base + 64)
#define SRC_AND_LEN src, len
#define QUIET_COPY(d, s, n)                                                           \
	_Pragma("clang diagnostic push")                                              \
	_Pragma("clang diagnostic ignored \"-Wcast-qual\"")                           \
	memcpy_nocache(d, (void *)(s), n);                                            \
	_Pragma("clang diagnostic pop")
#define EACH_COPY(f, d, s, n) f(d, s, n); f((char *)(d) + (n), s, n)

static char *base;

void map_base(void)
{
	size_t len;
	int is_pmem;

	base = pmem_map_file("/mnt/pmem/v", 1 << 16, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
}

void copies(const char *src, size_t len)
{
	COPY(base, src, len);
	TRACED_COPY(memcpy_nocache, base + 8, src, len);
	TRACED_COPY(copyintent_memcpy_writethrough, base + 16, src, len);
	OPT_COPY(base + 24, src, len);
	INTENT_COPY(nocache)(base + 32, src, len);
	INTENT_COPY(writethrough)(base + 40, src, len);
	COPYFN(base + 48, src, len);
	memcpy_nocache(DST, SRC_AND_LEN);
	QUIET_COPY(base + 72, src, len)
	EACH_COPY(memcpy_nocache, base + 80, src, len);
	EACH_COPY(INTENT_COPY(writethrough), base + 96, src, len);
	TRACE("done");
	TRACE("done %zu", len);
}
