/*
 * Mock <net/sock.h>: the transmit-path copies of TCP. skb_add_data_nocache() and
 * skb_copy_to_page_nocache() pick copy_from_iter_full_nocache() when the route has
 * NETIF_F_NOCACHE_COPY: cache avoidance, nothing about durability.
 */
#ifndef _SOCK_H
#define _SOCK_H

#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/uio.h>

struct sock {
	netdev_features_t sk_route_caps;
	int sk_wmem_queued;
	int sk_forward_alloc;
};

int skb_add_data_nocache(struct sock *sk, struct sk_buff *skb, struct iov_iter *from, int copy);
int skb_copy_to_page_nocache(struct sock *sk, struct iov_iter *from, struct sk_buff *skb,
			     struct page *page, int off, int copy);

#endif /* _SOCK_H */
