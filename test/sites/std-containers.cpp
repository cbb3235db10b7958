// A pointer a standard container holds is its storage (issue 13): the checker knows
// std::string's buffer by its type; in IR the load's TBAA tag names the container
// (_ZTSNSt7__cxx1112basic_string...). Only std's containers of core's list with the
// default allocator count: another allocator, or a look-alike outside std, stays
// unknown. The rule needs TBAA, so -O1 and above.
// RUN: %clang -O1 -g -S -emit-llvm -I%S/../../include -o %t.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.ll 2>&1 \
// RUN:   | FileCheck %s

#include <copyintent/copy.h>

#include <cstddef>
#include <string>

std::string scratch(const char *src, std::size_t n) {
  std::string s(n, '\0');
  copyintent_memcpy_writethrough(&s[0], src, n);
  return s;
}
// CHECK: std-containers.cpp:[[@LINE-3]]:3: copyintent_memcpy_writethrough: {{.*}} into ordinary memory
// CHECK-NEXT: the pointer loaded from a std::basic_string is its heap storage

template <typename T> struct PoolAllocator {
  using value_type = T;
  T *allocate(std::size_t n);
  void deallocate(T *p, std::size_t n);
  bool operator==(const PoolAllocator &) const { return true; }
  bool operator!=(const PoolAllocator &) const { return false; }
};
using pool_string = std::basic_string<char, std::char_traits<char>, PoolAllocator<char>>;

void fill_pool_string(pool_string &s, const char *src, std::size_t n) {
  copyintent_memcpy_writethrough(&s[0], src, n);
}
// CHECK: std-containers.cpp:[[@LINE-2]]:3: copyintent_memcpy_writethrough: {{.*}} into unknown memory

namespace ring {
struct basic_string {
  char *data;
};
} // namespace ring

void fill_ring(ring::basic_string *r, const char *src, std::size_t n) {
  copyintent_memcpy_writethrough(r->data, src, n);
}
// CHECK: std-containers.cpp:[[@LINE-2]]:3: copyintent_memcpy_writethrough: {{.*}} into unknown memory
