/* Mock <linux/uaccess.h>: copies between user and kernel space. */
#ifndef __LINUX_UACCESS_H__
#define __LINUX_UACCESS_H__

#include <linux/types.h>
#include <asm/uaccess.h>

unsigned long __must_check copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long __must_check copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long __copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long __copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long __copy_from_user_inatomic(void *to, const void __user *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);

#if COPYINTENT_ERA_RFC
/* Proposed by the December 2016 RFC (never merged): a user copy that writes through. */
int __copy_from_user_inatomic_writethrough(void *dst, const void __user *src, unsigned size);
#endif

#ifdef COPYINTENT_TEST_ARCH_GENERIC
/* Without ARCH_HAS_NOCACHE_UACCESS the kernel maps the nocache copy to a plain one. */
unsigned long __copy_from_user_inatomic_nocache(void *to, const void __user *from,
						unsigned long n);
#endif

#endif /* __LINUX_UACCESS_H__ */
