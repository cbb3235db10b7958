/* Mock <linux/mutex.h>: both directions are locked cmpxchg on x86. */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

struct mutex {
  long owner;
};
void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
#define mutex_init(m) ((m)->owner = 0)

#endif /* __LINUX_MUTEX_H */
