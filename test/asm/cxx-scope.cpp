// C++: copies inside a scope with a destructor. copy.h declares the API noexcept, so
// clang emits calls, not invokes, and the pass lowers every one; a user's own
// declaration without noexcept gives an invoke, which the pass lowers as well
// (test/lower/invoke.ll). Nothing is left for the runtime to do.
// RUN: %cc-ci -x c++ -std=c++17 -O2 --target=x86_64-linux-gnu -msse2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %cc-ci -x c++ -std=c++17 -O2 --target=x86_64-linux-gnu -msse2 -S -o - %s | FileCheck %s
#include <copyintent/copy.h>

struct Guard {
  explicit Guard(int *c) : Count(c) {}
  ~Guard() { ++*Count; }
  int *Count;
};
void may_throw(int);

// IR-NOT:  invoke void @copyintent_
// IR-NOT:  call void @copyintent_
// CHECK-LABEL: _Z6commitPvPKvPi:
// CHECK-NOT:   call{{.*}}copyintent_
// CHECK:       clflush
// CHECK:       sfence
// CHECK:       .cfi_endproc
void commit(void *d, const void *s, int *c) {
  Guard g(c);
  may_throw(1);
  copyintent_memcpy_persist(d, s, 40);
  flush_range(d, 8);
  may_throw(2);
}
