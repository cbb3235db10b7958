/* Mock <linux/netdevice.h>: the feature bit that selects the nocache transmit copy. */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <linux/types.h>

typedef u64 netdev_features_t;

#define NETIF_F_NOCACHE_COPY	((netdev_features_t)1 << 30)

#endif /* _LINUX_NETDEVICE_H */
