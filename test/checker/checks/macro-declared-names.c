// A macro that declares a variable of the same name in two branches, one __user and
// one not, with the name passed as a macro argument (lib/iov_iter.c's
// iterate_and_advance() in Linux 6.1). The kernel branch's memcpy() copies into
// kernel memory: the __user spelled elsewhere in the file between the macro's body and
// its call must not mark it. A marking written inside one macro body
// (u64_to_user_ptr()) still counts (checks/user-address-casts.c).
// RUN: %check_clang_tidy %s 'copyintent-classify' %t -- -- %ci-kernel-cflags
#include <linux/kernel.h>
#include <linux/uaccess.h>

void *memcpy(void *, const void *, size_t);

#define ITER(kind, base, USTEP, KSTEP) do {			\
	if (kind) { void __user *base = uptr; USTEP; }		\
	else { void *base = kptr; KSTEP; }			\
} while (0)

void step(int kind, void __user *uptr, void *kptr, const void *src, size_t n)
{
	ITER(kind, base, copy_to_user(base, src, n), memcpy(base, src, n));
// CHECK-MESSAGES: :[[@LINE-1]]:47: warning: memcpy: ordinary copy into unknown memory [copyintent-classify]
}
