// ROBUSTNESS: virtual dispatch around copies: virtual functions returning pmem or RAM destinations, overrides with covariant returns, pure virtual interfaces, copies inside virtual methods called through base pointers, multiple and virtual inheritance, final classes, virtual destructors, and pointers to member functions.
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
#include <cstdlib>

#include <copyintent/copy.h>
#include <libpmem.h>

struct Region {
  virtual ~Region() = default;
  virtual char *data() = 0;
  virtual void write(const void *src, std::size_t n) { memcpy_nocache(data(), src, n); }
};

struct PmemRegion : Region {
  char *base;
  explicit PmemRegion(const char *path) {
    std::size_t len;
    int is_pmem;
    base = static_cast<char *>(pmem_map_file(path, 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem));
  }
  char *data() override { return base; }
};

struct RamRegion final : Region {
  char buf[256];
  char *data() override { return buf; }
  void write(const void *src, std::size_t n) override {
    memcpy_writethrough(buf, src, n < sizeof buf ? n : sizeof buf);
  }
};

struct Node {
  virtual ~Node() {}
  virtual Node *self() { return this; }
  char payload[32];
};
struct PNode : Node {
  PNode *self() override { return this; }
};

struct A {
  virtual char *a_dst() { return nullptr; }
  virtual ~A() = default;
};
struct B : virtual A {
  char *p = nullptr;
  char *a_dst() override { return p; }
};
struct C : virtual A {};
struct D : B, C {
  void copy(const void *src, std::size_t n) { memcpy_nocache(a_dst(), src, n); }
};

void dispatch(const char *path, const void *src, std::size_t n) {
  PmemRegion pr(path);
  RamRegion rr;
  Region *regions[] = {&pr, &rr};
  for (Region *r : regions) {
    r->write(src, n);
    memcpy_nocache(r->data(), src, n);
  }
  char *(Region::*getter)() = &Region::data;
  void (Region::*writer)(const void *, std::size_t) = &Region::write;
  memcpy_nocache((pr.*getter)(), src, n);
  (regions[0]->*writer)(src, n);

  PNode *pn = static_cast<PNode *>(std::malloc(sizeof(PNode)));
  if (pn)
    memcpy_writethrough(pn->payload, src, sizeof pn->payload);
  std::free(pn);

  D d;
  d.p = pr.base;
  d.copy(src, n);
}
