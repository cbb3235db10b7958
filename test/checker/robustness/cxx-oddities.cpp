// ROBUSTNESS: C++ name and expression oddities: namespaces and classes with their own memcpy_nocache / memcpy_flushcache (not the API), using-declarations, ADL, an overload of copyintent_memcpy_nocache with another signature, placement new into pmem, conversion operators yielding the destination, structured bindings, range-for over pmem pointers, a copy run by a namespace-scope initializer, copies in default arguments, decltype / noexcept / sizeof operands, constexpr, and operator overloading.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags -std=c++17 > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#include <cstddef>
#include <cstring>
#include <new>
#include <utility>

#include <copyintent/copy.h>
#include <libpmem.h>

namespace other {
inline void memcpy_nocache(void *d, const void *s, std::size_t n) { std::memcpy(d, s, n); }
struct Buf {
  char bytes[16];
};
inline void memcpy_flushcache(Buf &b, const Buf &s) { b = s; }
} // namespace other

void copyintent_memcpy_nocache(other::Buf &dst, const other::Buf &src) { dst = src; }

struct Device {
  char *mem;
  void memcpy_flushcache(const void *s, std::size_t n) { std::memcpy(mem, s, n); }
  operator void *() const { return mem; }
  Device &operator<<(const char *s) {
    ::memcpy_nocache(mem, s, std::strlen(s));
    return *this;
  }
};

static char global_ram[64];
static const char global_src[64] = "static initializer";
static int init_copy = (memcpy_writethrough(global_ram, global_src, sizeof global_ram), 1);

static char *pmem_open(const char *path) {
  std::size_t len;
  int is_pmem;
  return static_cast<char *>(pmem_map_file(path, 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem));
}

void with_default(char *d, const char *s, int k = (memcpy_nocache(global_ram, global_src, 1), 0)) {
  memcpy_nocache(d + k, s, 1);
}

struct Rec {
  long a;
  char b[24];
};

constexpr std::size_t rec_size() { return sizeof(Rec); }

void oddities(const char *path, const char *src) {
  char *pm = pmem_open(path);
  {
    using other::memcpy_nocache;
    memcpy_nocache(pm, src, 4);
  }
  ::memcpy_nocache(pm + 4, src, 4);
  other::Buf b1{}, b2{};
  memcpy_flushcache(b1, b2);
  copyintent_memcpy_nocache(b1, b2);
  copyintent_memcpy_nocache(pm + 8, src, 4);
  Rec *r = new (pm + 64) Rec{1, {}};
  memcpy_nocache(r->b, src, sizeof r->b);
  Device dev{pm + 128};
  dev.memcpy_flushcache(src, 4);
  memcpy_nocache(dev, src, 4);
  dev << "abc";
  auto [first, second] = std::pair<char *, char *>(pm + 200, global_ram);
  memcpy_nocache(first, src, 4);
  memcpy_writethrough(second, src, 4);
  char *targets[] = {pm + 300, pm + 400, global_ram};
  for (char *t : targets)
    memcpy_nocache(t, src, 4);
  with_default(pm + 500, src);
  decltype(memcpy_nocache(pm, src, 1)) *nothing = nullptr;
  constexpr bool nx = noexcept(memcpy_nocache(pm, src, 1));
  std::size_t sz = sizeof(std::memcpy(pm, src, 1));
  memcpy_nocache(pm + 600, src, rec_size() + sz + (nx ? 1 : 0) + (nothing ? 1 : 0) + init_copy);
}
