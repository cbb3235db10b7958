/*===- runtime/select_generic.c - Targets the planner does not know ------===*
 *
 * Correct copies, no write-back: copyintent_query says writethrough is not durable,
 * and so does the first writethrough, persist or flush (on stderr).
 *
 *===---------------------------------------------------------------------===*/
#if !defined(__x86_64__) && !defined(__i386__) && !defined(__aarch64__) &&               \
    !defined(__powerpc64__) && !(defined(__riscv) && __riscv_xlen == 64)
#include "internal.h"

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  ci_select_nondurable(ops, env,
                       "copyintent does not know this architecture's cache maintenance");
}
#endif
