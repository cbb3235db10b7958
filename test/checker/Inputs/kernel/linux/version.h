/*
 * Mock <linux/version.h> of copyintent's checker tests: selects the era of the copy
 * API that every mock header declares. Declarations only; nothing here is kernel
 * code.
 *
 * COPYINTENT_TEST_ERA (default 517):
 *   42    v4.2-v4.7: the pmem API with the sparse __pmem address space
 *         (memcpy_to_pmem, copy_from_iter_pmem, wmb_pmem, memremap_pmem).
 *   2016  v4.10, as the LKML thread of December 2016 saw it, plus the names that
 *         thread proposed and that were never merged: memcpy_nocache,
 *         memcpy_writethrough, copy_from_iter_writethrough,
 *         __copy_from_user_inatomic_writethrough; and dax_direct_access(),
 *         which came with v4.12.
 *   413   v4.13-v5.16: the _flushcache family (memcpy_flushcache,
 *         copy_from_iter_flushcache, _copy_from_iter_flushcache,
 *         __copy_from_user_flushcache), dax_operations with ->copy_from_iter and
 *         ->copy_to_iter, __copy_user_nocache(dst, src, size, zerorest).
 *   517   v5.17-v6.x, modelled on v6.6: only _copy_from_iter_flushcache, no
 *         dax_operations copy methods (set_dax_nocache), dax_direct_access with
 *         its access mode, __copy_user_nocache without zerorest (v6.4).
 *   70    v7.0: copy_to_nontemporal (with "#define copy_to_nontemporal
 *         copy_to_nontemporal"), copy_from_user_inatomic_nontemporal,
 *         copy_from_user_flushcache; __copy_user_nocache and
 *         __copy_from_user_inatomic_nocache are gone.
 *
 * Other knobs:
 *   COPYINTENT_TEST_ARCH_GENERIC  an architecture without the x86-64 extras
 *         (no CONFIG_ARCH_HAS_UACCESS_FLUSHCACHE, no CONFIG_ARCH_HAS_PMEM_API, no
 *         nocache uaccess): _copy_from_iter_flushcache becomes a macro for
 *         _copy_from_iter_nocache and ARCH_MEMREMAP_PMEM is MEMREMAP_WT.
 *   COPYINTENT_TEST_BTF_TAG  CONFIG_DEBUG_INFO_BTF with pahole's BTF tags (v5.16+):
 *         __user expands to __attribute__((btf_type_tag("user"))).
 *   __CHECKER__  as under sparse: __user, __iomem and __pmem become address spaces.
 */
#ifndef _LINUX_VERSION_H
#define _LINUX_VERSION_H

#ifndef COPYINTENT_TEST_ERA
#define COPYINTENT_TEST_ERA 517
#endif

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

#if COPYINTENT_TEST_ERA == 42
#define LINUX_VERSION_CODE KERNEL_VERSION(4, 5, 0)
#elif COPYINTENT_TEST_ERA == 2016
#define LINUX_VERSION_CODE KERNEL_VERSION(4, 10, 0)
#elif COPYINTENT_TEST_ERA == 413
#define LINUX_VERSION_CODE KERNEL_VERSION(4, 13, 0)
#elif COPYINTENT_TEST_ERA == 517
#define LINUX_VERSION_CODE KERNEL_VERSION(6, 6, 0)
#elif COPYINTENT_TEST_ERA == 70
#define LINUX_VERSION_CODE KERNEL_VERSION(7, 0, 0)
#else
#error "COPYINTENT_TEST_ERA must be 42, 2016, 413, 517 or 70"
#endif

/* Shorthands of the mock headers: the era a declaration belongs to. */
#define COPYINTENT_ERA_PMEM_API		(COPYINTENT_TEST_ERA == 42 || COPYINTENT_TEST_ERA == 2016)
#define COPYINTENT_ERA_RFC		(COPYINTENT_TEST_ERA == 2016)
#define COPYINTENT_ERA_FLUSHCACHE	(COPYINTENT_TEST_ERA == 413 || COPYINTENT_TEST_ERA == 517 || COPYINTENT_TEST_ERA == 70)
#define COPYINTENT_ERA_NONTEMPORAL	(COPYINTENT_TEST_ERA == 70)

#endif /* _LINUX_VERSION_H */
