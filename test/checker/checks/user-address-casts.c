// Which casts to __user hide a kernel pointer (copyintent-misused-user-copy) and which
// turn a user address carried as an integer back into a user pointer (no finding):
// an ioctl's or syscall's unsigned long, an address computed in mm code,
// u64_to_user_ptr() of a u64 field. Only an integer made from a pointer
// ((unsigned long)kbuf) can be a kernel pointer in disguise.
// RUN: %check_clang_tidy %s 'copyintent-misused-user-copy' %t -- -- %ci-kernel-cflags
#include <linux/kernel.h>
#include <linux/uaccess.h>

#define u64_to_user_ptr(x) ((void __user *)(uintptr_t)(x))

struct req {
	u64 data;
	u32 len;
};

long dev_ioctl(void *kbuf, unsigned int cmd, unsigned long arg)
{
	/* an ioctl argument is a user address: no finding */
	return __copy_from_user_inatomic_nocache(kbuf, (void __user *)arg, 64);
}

long stage_user_range(void *kbuf, unsigned long start, unsigned long off, size_t n)
{
	/* an address computed in unsigned long, mm style: no finding */
	return __copy_from_user_inatomic_nocache(kbuf, (void __user *)(start + off), n);
}

long stage_field(void *kbuf, const struct req *r)
{
	/* u64_to_user_ptr() of a u64 from a user-supplied struct: no finding */
	return __copy_from_user_inatomic_nocache(kbuf, u64_to_user_ptr(r->data), r->len);
}

long stage_kernel_roundtrip(void *dst, const void *kbuf, size_t n)
{
	/* a kernel pointer round-tripped through unsigned long: still a kernel pointer */
	return __copy_from_user_inatomic_nocache(dst, (void __user *)(unsigned long)kbuf, n);
// CHECK-MESSAGES: :[[@LINE-1]]:9: warning: __copy_from_user_inatomic_nocache is a user-copy primitive, but its source is a kernel pointer cast to __user: this is a kernel-to-kernel copy; use {{.*}} [copyintent-misused-user-copy]
}

long stage_kernel(void *dst, const void *kbuf, size_t n)
{
	/* the plain case */
	return __copy_from_user_inatomic_nocache(dst, (void __user *)kbuf, n);
// CHECK-MESSAGES: :[[@LINE-1]]:9: warning: __copy_from_user_inatomic_nocache is a user-copy primitive, but its source is a kernel pointer cast to __user{{.*}} [copyintent-misused-user-copy]
}
