/*
 * Mock <linux/compiler_types.h>: the sparse annotations as a clang build sees them.
 *
 * A real kernel build with clang (no sparse) expands __user, __iomem and __force to
 * nothing (__user to a BTF type tag with CONFIG_DEBUG_INFO_BTF and pahole's BTF tags),
 * so in the AST only the macro spelling of a declaration tells them apart. Under
 * __CHECKER__ the kernel gives sparse "address_space(__user)", which clang does not
 * accept; this mock uses the numbers older kernels gave sparse (1 user, 2 iomem,
 * 3 percpu, 4 rcu, 5 pmem), which clang does accept. __force stays empty even then:
 * clang has no "force" attribute. __pmem exists in era 42 only (it was removed in
 * v4.8).
 */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H

#include <linux/kconfig.h>

#if defined(CONFIG_DEBUG_INFO_BTF) && defined(CONFIG_PAHOLE_HAS_BTF_TAG) && \
	__has_attribute(btf_type_tag)
#define BTF_TYPE_TAG(value) __attribute__((btf_type_tag(#value)))
#else
#define BTF_TYPE_TAG(value)
#endif

#ifdef __CHECKER__
# define __kernel	__attribute__((address_space(0)))
# define __user		__attribute__((noderef, address_space(1)))
# define __iomem	__attribute__((noderef, address_space(2)))
# define __percpu	__attribute__((noderef, address_space(3)))
# define __rcu		__attribute__((noderef, address_space(4)))
# if COPYINTENT_TEST_ERA == 42
#  define __pmem	__attribute__((noderef, address_space(5)))
# endif
# define __force
#else
# define __kernel
# define __user		BTF_TYPE_TAG(user)
# define __iomem
# define __percpu	BTF_TYPE_TAG(percpu)
# define __rcu
# if COPYINTENT_TEST_ERA == 42
#  define __pmem
# endif
# define __force
#endif

#define __must_check		__attribute__((__warn_unused_result__))
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define __maybe_unused		__attribute__((__unused__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#endif /* __LINUX_COMPILER_TYPES_H */
