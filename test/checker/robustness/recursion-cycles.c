// ROBUSTNESS: helpers that pass pmem pointers around in cycles (mutual recursion, self-recursion, a cycle through a function pointer, a cycle between return values), so a per-function summary must reach a fixed point instead of looping.
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

#include <copyintent/copy.h>
#include <libpmem.h>

static char *ping(char *p, const char *src, size_t n, int depth);
static char *pong(char *p, const char *src, size_t n, int depth);
static char *loop_a(char *p);
static char *loop_b(char *p);

static char *ping(char *p, const char *src, size_t n, int depth)
{
	if (depth <= 0) {
		memcpy_nocache(p, src, n);
		return p;
	}
	return pong(p + 1, src, n, depth - 1);
}

static char *pong(char *p, const char *src, size_t n, int depth)
{
	if (depth <= 0) {
		memcpy_writethrough(p, src, n);
		return p;
	}
	return ping(p + 1, src, n, depth - 1);
}

static char *self(char *p, int depth)
{
	return depth ? self(p + 2, depth - 1) : p;
}

/* No base case that yields anything but the other's result: the fixed point is the argument. */
static char *loop_a(char *p)
{
	return p[0] ? loop_b(p) : p;
}

static char *loop_b(char *p)
{
	return p[1] ? loop_a(p + 1) : loop_a(p);
}

typedef char *(*hop_fn)(char *, const char *, size_t, int);

static char *hop(char *p, const char *src, size_t n, int depth);
static hop_fn next_hop = hop;

static char *hop(char *p, const char *src, size_t n, int depth)
{
	if (depth > 0)
		return next_hop(p, src, n, depth - 1);
	memcpy_nocache(p, src, n);
	return p;
}

void cycles(const char *src, size_t n)
{
	size_t len;
	int is_pmem;
	char *pm = pmem_map_file("/mnt/pmem/c", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
	char ram[64];

	ping(pm, src, n, 5);
	pong(ram, src, n, 5);
	memcpy_nocache(self(pm, 3), src, n);
	memcpy_nocache(loop_a(pm), src, n);
	memcpy_nocache(loop_b(ram), src, n);
	hop(pm, src, n, 4);
}
