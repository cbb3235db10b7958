// ROBUSTNESS: lambdas around pmem pointers: captures by value, by reference, init-captures, [=], [&], [this] and [*this], generic lambdas instantiated with several types, immediately invoked lambdas, nested lambdas, a lambda returning a pmem pointer, lambdas stored in std::function and passed to templates, and a recursive lambda.
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
#include <functional>

#include <copyintent/copy.h>
#include <libpmem.h>

template <class F> void twice(F f) {
  f(0);
  f(1);
}

struct Log {
  char *base;
  std::size_t tail = 0;

  void append(const void *src, std::size_t n) {
    auto by_this = [this](const void *s, std::size_t k) { memcpy_nocache(base + tail, s, k); };
    auto by_copy = [*this](const void *s, std::size_t k) { memcpy_nocache(base + tail, s, k); };
    by_this(src, n);
    by_copy(src, n);
    tail += n;
  }
};

void lambdas(const char *path, const char *src, std::size_t n) {
  std::size_t len;
  int is_pmem;
  char *pm = static_cast<char *>(
      pmem_map_file(path, 1 << 16, PMEM_FILE_CREATE, 0600, &len, &is_pmem));
  char ram[64] = {};

  auto by_value = [pm](std::size_t off, const void *s, std::size_t k) { memcpy_nocache(pm + off, s, k); };
  auto by_ref = [&pm, src, n](std::size_t off) { memcpy_nocache(pm + off, src, n); };
  auto init = [dst = pm + 128, src](std::size_t k) { memcpy_nocache(dst, src, k); };
  auto all_value = [=] { memcpy_nocache(pm, src, n); };
  auto all_ref = [&] { memcpy_writethrough(ram, src, sizeof ram); };
  auto generic = [](auto *d, const auto *s) { memcpy_nocache(d, s, sizeof(*s)); };
  auto where = [pm](int i) -> char * { return pm + i * 8; };
  auto nested = [pm, src](std::size_t k) {
    return [pm, src, k](std::size_t off) { memcpy_nocache(pm + off, src, k); };
  };
  std::function<void(std::size_t)> stored = [pm, src](std::size_t k) { memcpy_nocache(pm + 256, src, k); };
  std::function<void(int)> recurse = [&](int depth) {
    memcpy_nocache(pm + 512 + depth, src, 1);
    if (depth > 0)
      recurse(depth - 1);
  };

  by_value(0, src, n);
  by_ref(8);
  init(n);
  all_value();
  all_ref();
  int i = 0;
  long l = 0;
  generic(reinterpret_cast<int *>(pm + 16), &i);
  generic(reinterpret_cast<long *>(ram), &l);
  generic(pm + 24, src);
  memcpy_nocache(where(5), src, n);
  nested(n)(40);
  stored(n);
  recurse(3);
  twice([&](int k) { memcpy_nocache(pm + 600 + k, src, 1); });
  [pm, src]() { memcpy_nocache(pm + 700, src, 4); }();
  Log log{pm + 1024};
  log.append(src, n);
}
