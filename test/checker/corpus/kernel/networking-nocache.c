// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Networking users of the nocache copies, v6.1 shapes (include/net/sock.h,
 * net/ipv4/tcp.c, net/core/datagram.c style): with NETIF_F_NOCACHE_COPY the transmit
 * path copies user data into skb memory and page fragments without pulling it into
 * the cache. Cache avoidance is the whole intent: nothing here is persistent memory
 * or MMIO, and no check may fire (negative cases of issue 9).
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <net/sock.h>

struct msghdr {
	struct iov_iter msg_iter;
	unsigned int msg_flags;
};

struct page_frag {
	struct page *page;
	u32 offset;
	u32 size;
};

static int skb_do_copy_data_nocache(struct sock *sk, struct sk_buff *skb,
				    struct iov_iter *from, char *to, int copy)
{
	if (sk->sk_route_caps & NETIF_F_NOCACHE_COPY) {
		if (!copy_from_iter_full_nocache(to, copy, from)) /* LABEL: id=net-sock-nocache expect=none class=neg-networking reason="skb linear data, NETIF_F_NOCACHE_COPY: cache avoidance into ordinary memory" */
			return -EFAULT;
	} else if (!copy_from_iter_full(to, copy, from)) { /* LABEL: id=net-sock-plain expect=none class=neg-networking reason="the cached variant of the same copy" */
		return -EFAULT;
	}
	return 0;
}

int skb_add_data_nocache_local(struct sock *sk, struct sk_buff *skb, struct iov_iter *from,
			       int copy)
{
	return skb_do_copy_data_nocache(sk, skb, from, skb_put(skb, copy), copy);
}

int tcp_sendmsg_locked_one(struct sock *sk, struct sk_buff *skb, struct msghdr *msg,
			   struct page_frag *pfrag, int copy)
{
	if (skb_tailroom(skb) > 0) {
		copy = min(copy, skb_tailroom(skb));
		return skb_add_data_nocache(sk, skb, &msg->msg_iter, copy); /* LABEL: id=net-tcp-add-data expect=none class=neg-networking reason="tcp_sendmsg(): skb_add_data_nocache() into the skb tail, transmit path" */
	}
	copy = min_t(int, copy, pfrag->size - pfrag->offset);
	return skb_copy_to_page_nocache(sk, &msg->msg_iter, skb, pfrag->page, pfrag->offset, copy); /* LABEL: id=net-tcp-copy-to-page expect=none class=neg-networking reason="tcp_sendmsg(): page fragment from the socket's page_frag allocator" */
}

int sk_frag_fill(struct sock *sk, struct iov_iter *from, unsigned int len)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	void *to;

	if (!page)
		return -ENOMEM;
	to = page_address(page);
	if (_copy_from_iter_nocache(to, min_t(unsigned int, len, PAGE_SIZE), from) != len) /* LABEL: id=net-frag-page-address expect=none class=neg-networking reason="a freshly allocated page: cache avoidance into RAM" */
		return -EFAULT;
	return 0;
}

int zc_fallback_copy(struct page *page, unsigned int off, struct iov_iter *from,
		     unsigned int len)
{
	void *vaddr = kmap_local_page(page);
	size_t n = copy_from_iter_nocache(vaddr + off, len, from); /* LABEL: id=net-kmap-local-nocache expect=none class=neg-networking reason="a page of the socket's send queue mapped with kmap_local_page(): nocache copy, no durability sought" */

	kunmap_local(vaddr);
	return n == len ? 0 : -EFAULT;
}

struct tx_ring {
	void *buf;		/* vmalloc'ed staging ring of a software device */
	size_t size;
	size_t head;
};

int tx_ring_init(struct tx_ring *ring, size_t size)
{
	ring->buf = vmalloc(size);
	ring->size = size;
	ring->head = 0;
	return ring->buf ? 0 : -ENOMEM;
}

size_t tx_ring_push(struct tx_ring *ring, struct iov_iter *from, size_t len)
{
	size_t n = copy_from_iter_nocache(ring->buf + ring->head, len, from); /* LABEL: id=net-vmalloc-ring expect=none class=neg-networking reason="vmalloc'ed ring of a software netdev: cache avoidance" */

	ring->head = (ring->head + n) % ring->size;
	return n;
}
