// ROBUSTNESS: __user as a BTF type tag (CONFIG_DEBUG_INFO_BTF with pahole's tags: btf_type_tag("user") on the pointee), __percpu tagged too, tags on casts, typedefs and function parameters; v6.6 shapes (era 517).
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
