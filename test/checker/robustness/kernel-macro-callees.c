// ROBUSTNESS: kernel copy functions that are macros or macro-shadowed: a local function-like macro that shadows memcpy_flushcache (then #undef), a wrapper macro expanding to it, kmalloc as a statement-expression macro around kmalloc_noprof (era 70 with allocation profiling), parenthesized callees that bypass macros, and copy_to_nontemporal with its self-referential feature-test #define.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-kernel-cflags > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#ifndef COPYINTENT_TEST_ERA
#define COPYINTENT_TEST_ERA 70
#endif
#ifndef COPYINTENT_TEST_ALLOC_PROFILING
#define COPYINTENT_TEST_ALLOC_PROFILING 1
#endif

#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/libnvdimm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#define flushcache_or_plain(d, s, n) memcpy_flushcache(d, s, n)
#define memcpy_flushcache(d, s, n) memcpy(d, s, n)

size_t macro_callees(struct device *dev, struct iov_iter *from, const void *src, size_t n)
{
	void *pm = devm_memremap(dev, 0x100000000ull, 1 << 20, ARCH_MEMREMAP_PMEM);
	void *heap = kmalloc(n, GFP_KERNEL);
	size_t done = 0;

	if (!heap)
		return 0;
	done += _copy_from_iter_flushcache(pm, n, from);
	done += _copy_from_iter_nocache(heap, n, from);
	memcpy_flushcache(pm, src, n);
	flushcache_or_plain(heap, src, n);
#undef memcpy_flushcache
	memcpy_flushcache(pm, src, n);
	(memcpy_flushcache)(pm, src, n);
#ifdef copy_to_nontemporal
	copy_to_nontemporal(heap, src, n);
	(copy_to_nontemporal)(heap, src, n);
#endif
	done += copy_from_user_flushcache(pm, (const void __user *)src, n);
	kfree(heap);
	return done;
}
