/*
 * Mock of the configuration a kernel build sees (generated/autoconf.h and
 * <linux/kconfig.h>): an x86-64 build, unless COPYINTENT_TEST_ARCH_GENERIC.
 */
#ifndef _LINUX_KCONFIG_H
#define _LINUX_KCONFIG_H

#include <linux/version.h>

#define CONFIG_64BIT 1
#define CONFIG_MMU 1
#define CONFIG_LIBNVDIMM 1
#define CONFIG_FS_DAX 1
#ifndef COPYINTENT_TEST_ARCH_GENERIC
#define CONFIG_X86_64 1
#define CONFIG_ARCH_HAS_PMEM_API 1
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 13, 0)
#define CONFIG_ARCH_HAS_UACCESS_FLUSHCACHE 1
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)
#define CONFIG_ARCH_HAS_COPY_MC 1
#endif
#endif
#if defined(COPYINTENT_TEST_BTF_TAG) && LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
#define CONFIG_DEBUG_INFO_BTF 1
#define CONFIG_PAHOLE_HAS_BTF_TAG 1
#endif

/* IS_ENABLED(CONFIG_FOO): 1 if CONFIG_FOO is defined to 1, else 0, usable in C and #if. */
#define __ci_placeholder_1 0,
#define __ci_second(ignored, val, ...) val
#define __ci_or_zero(arg_or_junk) __ci_second(arg_or_junk 1, 0)
#define __ci_defined_paste(val) __ci_or_zero(__ci_placeholder_##val)
#define __ci_is_defined(x) __ci_defined_paste(x)
#define IS_ENABLED(option) __ci_is_defined(option)

#endif /* _LINUX_KCONFIG_H */
