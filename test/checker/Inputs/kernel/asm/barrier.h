/* Mock <asm/barrier.h>: x86-64's barriers as v6.1 defines them
 * (arch/x86/include/asm/barrier.h, include/asm-generic/barrier.h). Only mb(), wmb()
 * and the locked instructions order non-temporal stores; smp_wmb(), dma_wmb() and
 * smp_store_release() are compiler barriers and plain stores on x86. */
#ifndef _ASM_X86_BARRIER_H
#define _ASM_X86_BARRIER_H

#include <linux/compiler.h>

#define mb() __asm__ __volatile__("mfence" : : : "memory")
#define rmb() __asm__ __volatile__("lfence" : : : "memory")
#define wmb() __asm__ __volatile__("sfence" : : : "memory")
#define dma_rmb() barrier()
#define dma_wmb() barrier()

#define __smp_mb() __asm__ __volatile__("lock; addl $0,-4(%%rsp)" : : : "memory", "cc")
#define __smp_rmb() dma_rmb()
#define __smp_wmb() barrier()
#define __smp_store_release(p, v)                                                      \
  do {                                                                                 \
    barrier();                                                                         \
    WRITE_ONCE(*p, v);                                                                 \
  } while (0)
#define __smp_load_acquire(p)                                                          \
  ({                                                                                   \
    __typeof__(*p) ___p1 = READ_ONCE(*p);                                              \
    barrier();                                                                         \
    ___p1;                                                                             \
  })

#define smp_mb() do { __smp_mb(); } while (0)
#define smp_rmb() do { __smp_rmb(); } while (0)
#define smp_wmb() do { __smp_wmb(); } while (0)
#define smp_store_release(p, v) do { __smp_store_release(p, v); } while (0)
#define smp_load_acquire(p) __smp_load_acquire(p)

/* The pmem driver's barrier (arch/x86/include/asm/barrier.h: wmb()). */
#define pmem_wmb() wmb()

#endif /* _ASM_X86_BARRIER_H */
