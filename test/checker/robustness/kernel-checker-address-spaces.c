// ROBUSTNESS: kernel code compiled as under sparse (this file defines __CHECKER__): __user, __iomem and __pmem are real clang address spaces with noderef, so destinations carry address-space-qualified types, __force casts between address spaces, and a MacroQualifiedType spelled __iomem; era 42 for __pmem.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-kernel-cflags > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#ifndef __CHECKER__
#define __CHECKER__ 1
#endif
#ifndef COPYINTENT_TEST_ERA
#define COPYINTENT_TEST_ERA 42
#endif

#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/pmem.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct dev_state {
	void __iomem *regs;
	void __pmem *pmem;
	char __user *ubuf;
	void __iomem *windows[4];
};

void as_copies(struct dev_state *st, const void *src, size_t n, struct device *dev)
{
	void __iomem *w = st->windows[n & 3];

	st->regs = ioremap_wc(0xfe000000, 4096);
	st->pmem = (void __pmem *)devm_memremap(dev, 0x100000000ull, 1 << 20,
						ARCH_MEMREMAP_PMEM);
	memcpy_toio(st->regs, src, n);
	memcpy_toio(w + 8, src, n);
	memcpy_to_pmem(st->pmem, src, n);
	memcpy_to_pmem((void __pmem *)((char __force *)st->pmem + 64), src, n);
	__copy_from_user_inatomic_nocache((void __force *)st->regs, st->ubuf, n);
	__copy_user_nocache((void __force *)st->pmem, (const void __user *)src, n, 0);
	if (copy_from_user((void __force *)st->pmem, st->ubuf, n))
		return;
	memcpy((void __force *)st->regs, src, n);
}
