/* Mock <linux/atomic.h>: x86's read-modify-write atomics are locked instructions;
 * atomic_set() and atomic_set_release() are plain stores. */
#ifndef __LINUX_ATOMIC_H
#define __LINUX_ATOMIC_H

#include <asm/barrier.h>
#include <linux/compiler.h>

/* atomic_t is in <linux/types.h>, as in the kernel. */
typedef struct {
  long long counter;
} atomic64_t;

#define atomic_read(v) READ_ONCE((v)->counter)
#define atomic_set(v, i) WRITE_ONCE((v)->counter, (i))
#define atomic_read_acquire(v) smp_load_acquire(&(v)->counter)
static inline void atomic_set_release(atomic_t *v, int i) {
  smp_store_release(&v->counter, i);
}
static inline void atomic_inc(atomic_t *v) {
  __asm__ __volatile__("lock; incl %0" : "+m"(v->counter) : : "memory");
}
static inline void atomic_add(int i, atomic_t *v) {
  __asm__ __volatile__("lock; addl %1,%0" : "+m"(v->counter) : "ir"(i) : "memory");
}
static inline int atomic_add_return(int i, atomic_t *v) {
  return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}
static inline int atomic_cmpxchg(atomic_t *v, int old, int new) {
  __atomic_compare_exchange_n(&v->counter, &old, new, 0, __ATOMIC_SEQ_CST,
                              __ATOMIC_SEQ_CST);
  return old;
}
static inline int atomic_xchg(atomic_t *v, int new) {
  return __atomic_exchange_n(&v->counter, new, __ATOMIC_SEQ_CST);
}
#define atomic64_read(v) READ_ONCE((v)->counter)
#define atomic64_set(v, i) WRITE_ONCE((v)->counter, (i))
static inline void atomic64_set_release(atomic64_t *v, long long i) {
  smp_store_release(&v->counter, i);
}
static inline void atomic64_inc(atomic64_t *v) {
  __asm__ __volatile__("lock; incq %0" : "+m"(v->counter) : : "memory");
}

#endif /* __LINUX_ATOMIC_H */
