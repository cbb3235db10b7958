// A table function inlined away entirely is still a site (issue 13, real code). The
// kernel's copy_from_user() is always-inline and ends in inline asm or a call of a
// name outside the table; its memcpy_flushcache() writes 4, 8 and 16 bytes with inline
// movnti. Such a site is reported at the inlined call, under the table's name, with the
// destination its debug info gives the parameter; code of its body (a memcpy inside)
// is not a site of its own. Without debug info nothing shows that the code came from
// the table function: only the calls and intrinsics left are sites.
// RUN: %clang -O2 -g -S -emit-llvm -o %t.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.ll 2>&1 \
// RUN:   | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -o %t.nodebug.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.nodebug.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NODEBUG
// NODEBUG-NOT: copy_from_user
// NODEBUG: in 'read_key', instruction {{[0-9]+}}: memcpy: ordinary copy into unknown memory
// NODEBUG-NOT: copy_from_user
// NODEBUG: in 'put_record', instruction {{[0-9]+}}: __memcpy_flushcache: writethrough copy (no dirty line on return) into persistent memory

typedef unsigned long size_t;
typedef unsigned long long u64;
void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);
void *__kmalloc(size_t size, unsigned flags);
unsigned long _copy_from_user(void *to, const void *from, unsigned long n);
void __memcpy_flushcache(void *dst, const void *src, size_t cnt);

static inline __attribute__((always_inline)) unsigned long
copy_from_user(void *to, const void *from, unsigned long n) {
  if (__builtin_constant_p(n) && n == 0)
    return 0;
  if (__builtin_constant_p(n) && n == 16) { // a fast path of its own
    __builtin_memcpy(to, from, 16);
    return 0;
  }
  return _copy_from_user(to, from, n);
}

static inline __attribute__((always_inline)) void
memcpy_flushcache(void *dst, const void *src, size_t cnt) {
  if (__builtin_constant_p(cnt) && cnt == 8) {
    __asm__("movntiq %1, %0" : "=m"(*(u64 *)dst) : "r"(*(const u64 *)src));
    return;
  }
  __memcpy_flushcache(dst, src, cnt);
}

static char *pool;

void pool_open(const char *path) {
  size_t len;
  int is_pmem;
  pool = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
}

long read_request(const void *ubuf, unsigned long n) {
  char *buf = __kmalloc(n, 0);
  if (!buf)
    return -1;
  return copy_from_user(buf, ubuf, n);
}
// CHECK: inlined-away.c:[[@LINE-2]]:10: copy_from_user: user-to-kernel copy into ordinary memory
// CHECK-NEXT: '__kmalloc()' allocates ordinary memory

// Its memcpy is its body, not a site: the site is copy_from_user's.
void read_key(char *key, const void *ubuf) { copy_from_user(key, ubuf, 16); }
// CHECK-NOT: memcpy:
// CHECK: inlined-away.c:[[@LINE-2]]:46: copy_from_user: user-to-kernel copy into unknown memory
// CHECK-NOT: memcpy:

void put_word(const u64 *w) { memcpy_flushcache(pool + 64, w, 8); }
// CHECK: inlined-away.c:[[@LINE-1]]:31: memcpy_flushcache: writethrough copy (no dirty line on return) into persistent memory
// CHECK-NEXT: 'pool' is assigned 'pmem_map_file(...)'
// CHECK-NEXT: 'pmem_map_file()' returns persistent memory

// The out-of-line path: the call of __memcpy_flushcache() is the site, named as the
// wrapper (the rule for a table function inlined from another of the same family).
void put_record(const void *r, size_t n) { memcpy_flushcache(pool, r, n); }
// CHECK: inlined-away.c:[[@LINE-1]]:44: memcpy_flushcache: writethrough copy (no dirty line on return) into persistent memory
// CHECK-NEXT: 'pool' is assigned 'pmem_map_file(...)'
// CHECK-NEXT: 'pmem_map_file()' returns persistent memory

// A function with a source role inlined away (the kernel's kmap_atomic(), whose
// result is pointer arithmetic on the page's address): its result is what it gives,
// found as the value of its body that code outside it uses.
struct page {
  unsigned long flags;
};
struct page *alloc_pages(unsigned gfp, unsigned order);
extern struct page *vmemmap_base;
extern unsigned long page_offset_base;

static inline __attribute__((always_inline)) void *kmap_atomic(struct page *page) {
  return (void *)(((unsigned long)(page - vmemmap_base) << 12) + page_offset_base);
}

void fill_page(const void *src, size_t n) {
  struct page *pg = alloc_pages(0, 0);
  char *p = kmap_atomic(pg);
  __builtin_memcpy(p, src, n);
}
// CHECK: inlined-away.c:[[@LINE-2]]:3: memcpy: ordinary copy into ordinary memory
// CHECK-NEXT: 'kmap_atomic()' (inlined) maps that page
// CHECK-NEXT: 'alloc_pages()' allocates pages of ordinary memory
// NODEBUG: in 'fill_page', instruction {{[0-9]+}}: memcpy: ordinary copy into unknown memory
