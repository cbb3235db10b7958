// ROBUSTNESS: __user as a BTF type tag (CONFIG_DEBUG_INFO_BTF with pahole's tags: btf_type_tag("user") on the pointee), __percpu tagged too, tags on casts, typedefs and function parameters; v6.6 shapes (era 517).
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-kernel-cflags > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#ifndef COPYINTENT_TEST_BTF_TAG
#define COPYINTENT_TEST_BTF_TAG 1
#endif

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

typedef char __user *uptr_t;

struct req {
	uptr_t ubuf;
	void __user *uvec[2];
	int __percpu *counter;
};

long tagged(struct req *r, void *kbuf, unsigned int n)
{
	long left = 0;

	left += __copy_from_user_inatomic_nocache(kbuf, r->ubuf, n);
	left += __copy_user_nocache(kbuf, (void __user *)kbuf, n);
	left += __copy_from_user_flushcache(kbuf, r->uvec[1], n);
	left += copy_to_user(r->uvec[0], kbuf, n);
	return left;
}
