// A kernel-style driver with the copy mistakes the 2016 LKML thread found, for
// scripts/demo.sh: clang-tidy with the copyintent module reports each one, explains
// where the destination came from, and rewrites what it can rewrite exactly.
#include "kernel_stubs.h"

struct pmem_device {
  void *virt_addr;
  phys_addr_t phys_addr;
  size_t size;
};

struct ntb_window {
  void __iomem *base;
};

int pmem_attach(struct device *dev, struct pmem_device *pmem) {
  pmem->virt_addr = devm_memremap(dev, pmem->phys_addr, pmem->size, ARCH_MEMREMAP_PMEM);
  return pmem->virt_addr ? 0 : -1;
}

// Durability needed: the nocache copy may leave the head and tail dirty.
size_t pmem_write_iter(struct pmem_device *pmem, size_t off, size_t len,
                       struct iov_iter *i) {
  return _copy_from_iter_nocache(pmem->virt_addr + off, len, i);
}

// A kernel buffer sent to a device window through a user-copy primitive.
void ntb_tx(struct ntb_window *w, const void *buf, size_t len) {
  __copy_from_user_inatomic_nocache(w->base, buf, len);
}

// Flushing a freshly allocated kernel buffer buys nothing.
void *stage(const void *src, size_t len) {
  void *tmp = kmalloc(len, GFP_KERNEL);
  if (tmp)
    memcpy_flushcache(tmp, src, len);
  return tmp;
}

// Networking: cache avoidance into ordinary memory is what nocache is for.
size_t skb_fill(void *skb_data, size_t len, struct iov_iter *i) {
  return _copy_from_iter_nocache(skb_data, len, i);
}
