// ROBUSTNESS: C++ templates around copies: a class template instantiated many times (scalars, structs, pointers, arrays), variadic templates forwarding to the copy, partial and full specializations, compile-time recursion 64 deep, CRTP, a template template parameter, if constexpr, SFINAE, and a dependent copy in a template that is never instantiated.
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
#include <type_traits>
#include <utility>

#include <copyintent/copy.h>
#include <libpmem.h>

template <class T> struct Cell {
  T *dst;
  void put(const T &v) { memcpy_nocache(dst, &v, sizeof(T)); }
  void put_wt(const T &v) { copyintent_memcpy_writethrough(dst, &v, sizeof v); }
};

template <class T> struct Cell<T *> {
  T **dst;
  void put(T *const &v) { memcpy_nocache(dst, &v, sizeof v); }
};

template <> struct Cell<void> {
  void *dst;
  void put(const void *v, std::size_t n) { memcpy_nocache(dst, v, n); }
};

template <class... Args> void forward_copy(Args &&...args) {
  memcpy_nocache(std::forward<Args>(args)...);
}

template <int N> struct Unroll {
  static void run(char *d, const char *s) {
    memcpy_nocache(d + N, s, 1);
    Unroll<N - 1>::run(d, s);
  }
};
template <> struct Unroll<0> {
  static void run(char *d, const char *s) { memcpy_nocache(d, s, 1); }
};

template <class Derived> struct StoreBase {
  void store(const void *s, std::size_t n) {
    memcpy_nocache(static_cast<Derived *>(this)->where(), s, n);
  }
};
struct PmemStore : StoreBase<PmemStore> {
  char *base;
  char *where() { return base + 16; }
};

template <template <class> class C, class T> void fill_cell(C<T> &c, const T &v) { c.put(v); }

template <class T> void maybe_durable(T *dst, const T &v) {
  if constexpr (std::is_trivially_copyable_v<T>)
    memcpy_writethrough(dst, &v, sizeof v);
  else
    *dst = v;
}

template <class T, class = std::enable_if_t<std::is_pointer_v<T>>> void sfinae_copy(T d, T s) {
  memcpy_nocache(d, s, sizeof(*d));
}

template <class T> void never_instantiated(T &t, const void *s) {
  memcpy_nocache(t.data(), s, t.size());
  copyintent_memcpy_nocache(&t, s, sizeof t);
}

struct Point {
  int x, y;
};

void instantiate(const char *path, const char *src) {
  std::size_t len;
  int is_pmem;
  char *pm = static_cast<char *>(
      pmem_map_file(path, 1 << 16, PMEM_FILE_CREATE, 0600, &len, &is_pmem));
  char ram[128];

  Cell<int>{reinterpret_cast<int *>(pm)}.put(1);
  Cell<long>{reinterpret_cast<long *>(ram)}.put(2);
  Cell<Point>{reinterpret_cast<Point *>(pm + 8)}.put(Point{1, 2});
  Cell<Point>{reinterpret_cast<Point *>(ram + 8)}.put_wt(Point{3, 4});
  Cell<char *>{reinterpret_cast<char **>(pm + 32)}.put(pm);
  Cell<void>{pm + 40}.put(src, 4);
  Cell<char[4]> arr{reinterpret_cast<char(*)[4]>(pm + 48)};
  char four[4] = {1, 2, 3, 4};
  arr.put(four);
  forward_copy(pm + 56, src, std::size_t{4});
  forward_copy(static_cast<void *>(ram), static_cast<const void *>(src), sizeof ram);
  Unroll<64>::run(pm + 64, src);
  PmemStore ps;
  ps.base = pm;
  ps.store(src, 8);
  Cell<double> cd{reinterpret_cast<double *>(pm + 256)};
  fill_cell(cd, 2.5);
  maybe_durable(reinterpret_cast<Point *>(pm + 264), Point{5, 6});
  maybe_durable(reinterpret_cast<Point *>(ram + 64), Point{7, 8});
  sfinae_copy(pm + 300, pm + 310);
}
