/*
 * Mock x86-64 <asm/uaccess.h> + <asm/uaccess_64.h>: the nocache and flushcache user
 * copies, per era. COPYINTENT_TEST_ARCH_GENERIC drops all of them (an architecture
 * without ARCH_HAS_NOCACHE_UACCESS falls back to <linux/uaccess.h>'s plain copies).
 */
#ifndef _ASM_X86_UACCESS_H
#define _ASM_X86_UACCESS_H

#include <linux/types.h>

#ifndef COPYINTENT_TEST_ARCH_GENERIC

#if COPYINTENT_TEST_ERA != 70
#define ARCH_HAS_NOCACHE_UACCESS 1

/*
 * Non-temporal copy that tolerates faults on a user source. Kernel-to-kernel callers
 * cast their source to __user (the rdmavt / hfi1 pattern). zerorest went in v6.4.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
long __copy_user_nocache(void *dst, const void __user *src, unsigned size, int zerorest);
#else
long __copy_user_nocache(void *dst, const void __user *src, unsigned size);
#endif
int __copy_from_user_inatomic_nocache(void *dst, const void __user *src, unsigned size);
#endif /* COPYINTENT_TEST_ERA != 70 */

#if COPYINTENT_TEST_ERA == 413 || COPYINTENT_TEST_ERA == 517
long __copy_user_flushcache(void *dst, const void __user *src, unsigned size);
int __copy_from_user_flushcache(void *dst, const void __user *src, unsigned size);
#endif

#if COPYINTENT_TEST_ERA == 70
#define ARCH_HAS_NONTEMPORAL_UACCESS 1
/* The kernel-pointer non-temporal copy; the #define is its feature test. */
#define copy_to_nontemporal copy_to_nontemporal
size_t copy_to_nontemporal(void *dst, const void *src, size_t size);
size_t copy_user_flushcache(void *dst, const void __user *src, size_t size);
int copy_from_user_inatomic_nontemporal(void *dst, const void __user *src, unsigned size);
size_t copy_from_user_flushcache(void *dst, const void __user *src, size_t size);
#endif

#endif /* !COPYINTENT_TEST_ARCH_GENERIC */

#endif /* _ASM_X86_UACCESS_H */
