// Sparse's markings of declarations, carried into IR by clang -fplugin (issue 13).
// `void __iomem *regs` and `char __user *buf` are empty macros in a compile, so IR
// alone has nothing; under -fplugin the frontend lists the pointer fields, parameters,
// globals and locals whose written declaration holds a marking (the checker's test)
// in !copyintent.marked, and the IR analysis reads them: a field by its struct and
// byte offset, a parameter by its function and index (only where the IR function has
// as many parameters), a global by its symbol, a local by its function, name and line
// (which needs -g). A union member's marking counts only when every member at that
// place has it.
//
// RUN: %clang -O1 -g -S -emit-llvm -fplugin=%plugin -fplugin-arg-copyintent-checks=-* \
// RUN:   -mllvm -copyintent-inline=never -o %t.ll %s
// RUN: FileCheck %s --check-prefix=META < %t.ll
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.ll 2>&1 \
// RUN:   | FileCheck %s
// Into -flto's bitcode, for the link.
// RUN: %clang -O1 -flto -c -fplugin=%plugin -fplugin-arg-copyintent-checks=-* \
// RUN:   -o %t.bc %s
// RUN: llvm-dis %t.bc -o - | FileCheck %s --check-prefix=META
// Without -fplugin none of it: the parameter is unknown.
// RUN: %clang -O1 -g -S -emit-llvm -o %t.plain.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.plain.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PLAIN

#define __iomem
#define __user

typedef unsigned long size_t;
void memcpy_toio(volatile void __iomem *dst, const void *src, size_t n);
void memcpy_flushcache(void *dst, const void *src, size_t n);
unsigned long __copy_from_user_inatomic_nocache(void *to, const void __user *from,
                                                unsigned long n);

struct fb {
  int id;
  char __iomem *screen; // marked
  char *shadow;         // not
  union {
    void __iomem *regs; // only one member of the place is marked: no marking
    void *aperture;
  } win;
};
// META-DAG: !{!"field", !"fb", i64 8, !"copyintent_mmio", !"screen", !"__iomem", i64 0}
// META-DAG: !{!"param", !"put_user", i64 1, !"copyintent_user", !"ubuf", !"__user", i64 3}
// META-DAG: !{!"global", !"", i64 0, !"copyintent_mmio", !"doorbell", !"__iomem", i64 0}
// META-NOT: !"regs"

void __iomem *doorbell;

void blit(struct fb *f, const void *src, size_t n) {
  memcpy_toio(f->screen, src, n);
}
// CHECK: marked-decls.c:[[@LINE-2]]:3: memcpy_toio: {{.*}} into MMIO
// CHECK-NEXT: the field 'screen' of 'fb' is declared __iomem (MMIO)

void shadow_copy(struct fb *f, const void *src, size_t n) {
  memcpy_flushcache(f->shadow, src, n);
}
// CHECK: marked-decls.c:[[@LINE-2]]:3: memcpy_flushcache: {{.*}} into unknown memory

void ring(const void *src) { memcpy_toio(doorbell, src, 8); }
// CHECK: marked-decls.c:[[@LINE-1]]:30: memcpy_toio: {{.*}} into MMIO
// CHECK-NEXT: 'doorbell' is declared __iomem (MMIO)

void win_copy(struct fb *f, const void *src, size_t n) {
  memcpy_flushcache(f->win.aperture, src, n);
}
// CHECK: marked-decls.c:[[@LINE-2]]:3: memcpy_flushcache: {{.*}} into unknown memory

// A parameter declared __user: a user-memory destination (a misused user copy).
__attribute__((noinline)) void put_user(const void *src, char __user *ubuf, size_t n) {
  memcpy_flushcache(ubuf, src, n);
}
// CHECK: marked-decls.c:[[@LINE-2]]:3: memcpy_flushcache: {{.*}} into user memory
// CHECK-NEXT: the parameter 'ubuf' of 'put_user' is declared __user (user memory)
// PLAIN: marked-decls.c:[[@LINE-4]]:3: memcpy_flushcache: {{.*}} into unknown memory

// A local declared __iomem, assigned a cast of an unmarked value (needs -g).
void poke(void *window, const void *src, size_t n) {
  char __iomem *dst = (char __iomem *)window + 64;
  memcpy_toio(dst, src, n);
}
// CHECK: marked-decls.c:[[@LINE-2]]:3: memcpy_toio: {{.*}} into MMIO
// CHECK-NEXT: 'dst' is declared __iomem (MMIO)

// The ABI passes the struct in two registers: the IR function has four parameters
// for three in the source, and index 2 (ubuf's) names kbuf there; the marking is not
// used.
struct pair {
  long a, b;
};
__attribute__((noinline)) void put_pair(struct pair p, char *kbuf, char __user *ubuf) {
  memcpy_flushcache(kbuf, &p, sizeof(p));
  memcpy_flushcache(ubuf, &p, sizeof(p));
}
// CHECK: marked-decls.c:[[@LINE-3]]:3: memcpy_flushcache: {{.*}} into unknown memory
// CHECK: marked-decls.c:[[@LINE-3]]:3: memcpy_flushcache: {{.*}} into unknown memory
