/* Mock <linux/spinlock.h>: spin_lock() is a locked cmpxchg on x86; spin_unlock() is
 * queued_spin_unlock(), smp_store_release() of the lock byte: a plain store. */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

#include <linux/types.h>

typedef struct raw_spinlock {
  unsigned int val;
} raw_spinlock_t;
typedef struct spinlock {
  struct raw_spinlock rlock;
} spinlock_t;
typedef struct {
  unsigned int cnts;
} rwlock_t;

void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);
void _raw_spin_lock_irq(raw_spinlock_t *lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);
void _raw_spin_lock_bh(raw_spinlock_t *lock);
void _raw_spin_unlock_bh(raw_spinlock_t *lock);
void _raw_write_lock(rwlock_t *lock);
void _raw_write_unlock(rwlock_t *lock);
void _raw_read_lock(rwlock_t *lock);
void _raw_read_unlock(rwlock_t *lock);

#define raw_spin_lock(lock) _raw_spin_lock(lock)
#define raw_spin_unlock(lock) _raw_spin_unlock(lock)
#define raw_spin_lock_irqsave(lock, flags) ((flags) = _raw_spin_lock_irqsave(lock))
#define raw_spin_unlock_irqrestore(lock, flags) _raw_spin_unlock_irqrestore(lock, flags)
#define write_lock(lock) _raw_write_lock(lock)
#define write_unlock(lock) _raw_write_unlock(lock)
#define read_lock(lock) _raw_read_lock(lock)
#define read_unlock(lock) _raw_read_unlock(lock)

static inline void spin_lock(spinlock_t *lock) { raw_spin_lock(&lock->rlock); }
static inline void spin_unlock(spinlock_t *lock) { raw_spin_unlock(&lock->rlock); }
static inline void spin_lock_irq(spinlock_t *lock) { _raw_spin_lock_irq(&lock->rlock); }
static inline void spin_unlock_irq(spinlock_t *lock) { _raw_spin_unlock_irq(&lock->rlock); }
static inline void spin_lock_bh(spinlock_t *lock) { _raw_spin_lock_bh(&lock->rlock); }
static inline void spin_unlock_bh(spinlock_t *lock) { _raw_spin_unlock_bh(&lock->rlock); }
#define spin_lock_irqsave(lock, flags) raw_spin_lock_irqsave(&(lock)->rlock, flags)
static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags) {
  raw_spin_unlock_irqrestore(&lock->rlock, flags);
}
#define spin_lock_init(lock) ((lock)->rlock.val = 0)

#endif /* __LINUX_SPINLOCK_H */
