/* Mock <linux/skbuff.h>: socket buffers, ordinary kernel memory. */
#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/types.h>

struct sock;
struct page;

#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

struct sk_buff {
	struct sk_buff *next;
	struct sock *sk;
	unsigned int len;
	unsigned int data_len;
	u8 ip_summed;
	unsigned char *head;
	unsigned char *data;
	unsigned int tail;
	unsigned int end;
	u32 csum;
};

void *skb_put(struct sk_buff *skb, unsigned int len);
unsigned int skb_headlen(const struct sk_buff *skb);
int skb_tailroom(const struct sk_buff *skb);
struct sk_buff *alloc_skb(unsigned int size, gfp_t priority);
void kfree_skb(struct sk_buff *skb);

#endif /* _LINUX_SKBUFF_H */
