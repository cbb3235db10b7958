// Calls that never run are not copies: none of the checks looks at them, and classify
// (which reports every copy that runs) shows which ones count. Unevaluated: operands of
// sizeof and typeof (in a declaration and in a cast inside an expression),
// _Generic's controlling expression, __builtin_constant_p's operand. Evaluated: the
// association _Generic chooses, a statement expression, the right operand of a comma.
// RUN: %check_clang_tidy %s 'copyintent-classify' %t -- -- %ci-user-cflags -std=gnu17
#include <stddef.h>
#include <string.h>

#include <copyintent/copy.h>

static char dst[64];

size_t unevaluated(const char *src, size_t n)
{
	size_t a = sizeof(memcpy_nocache(dst, src, n), 0);
	typeof(memcpy(dst, src, n)) p = dst;
	char *q = (typeof(memcpy(dst, src, n)))dst + (size_t)(typeof(memcpy_nocache(dst, src, n), 0))0;
	int b = _Generic(memcpy(dst, src, n), void *: 1, default: 0);
	int c = __builtin_constant_p(memcpy_writethrough(dst, src, n));
	return a + (size_t)b + (size_t)c + (p == dst) + (q == dst);
}

void evaluated(const char *src, size_t n)
{
	int b = _Generic(0, int: (memcpy_nocache(dst, src, n), 1), default: 0);
	// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: memcpy_nocache: cache-avoiding (nocache) copy into ordinary memory [copyintent-classify]
	({ memcpy_writethrough(dst, src, n); });
	// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memcpy_writethrough: {{.*}} [copyintent-classify]
	(void)(b, memcpy(dst, src, n));
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: memcpy: {{.*}} [copyintent-classify]
}
