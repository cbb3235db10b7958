// ROBUSTNESS: copy calls that are never evaluated: operands of sizeof, typeof, _Generic and __builtin_constant_p, dead branches of constant conditions, and a copy in an #if 0 block and a disabled macro.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags -std=gnu17 > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#include <stddef.h>
#include <string.h>

#include <copyintent/copy.h>

#define NEVER(x)

static char dst[64];

size_t unevaluated(const char *src, size_t n)
{
	size_t a = sizeof(memcpy(dst, src, n));
	typeof(memcpy(dst, src, n)) p = dst;
	int b = _Generic(memcpy(dst, src, n), void *: 1, default: 0);
	int c = __builtin_constant_p(memcpy(dst, src, n));

	if (0)
		memcpy_nocache(dst, src, n);
	(void)(1 ? 0 : (memcpy_writethrough(dst, src, n), 0));
	NEVER(memcpy_nocache(dst, src, n));
#if 0
	memcpy_nocache(dst, src, n);
#endif
	return a + (size_t)b + (size_t)c + (p == dst);
}
