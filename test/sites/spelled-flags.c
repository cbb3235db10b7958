// A mapping call's flag macro, carried into IR by clang -fplugin (issue 13).
// memremap(..., ARCH_MEMREMAP_PMEM) maps persistent memory by the macro's name; its
// value is MEMREMAP_WB's, which an ordinary remap passes too, so the IR analysis
// alone leaves both unknown. Under -fplugin the frontend attaches the flag it sees
// spelled to the call (!copyintent.spelled-flag), by the checker's own test, and the
// IR analysis reads it: in the compilation, in -flto's bitcode, and in opt.
//
// RUN: %clang -O1 -S -emit-llvm -fplugin=%plugin -fplugin-arg-copyintent-checks=-* \
// RUN:   -mllvm -copyintent-inline=never -o %t.ll %s
// RUN: FileCheck %s --check-prefix=IR < %t.ll
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SITES
//
// Without -g, where the IR is analysed later (here: the opt-in rewrite), the compile
// tracks locations to match the calls, as -Rpass does, and still emits no debug info.
// RUN: %clang -O1 -c -fplugin=%plugin -fplugin-arg-copyintent-checks=-* \
// RUN:   -mllvm -copyintent-rewrite=remark -o %t.o %s
// RUN: llvm-readelf -S %t.o | FileCheck %s --check-prefix=NODEBUG
// With -g, and at -O0: the same flag on the same call.
// RUN: %clang -O0 -g -S -emit-llvm -fplugin=%plugin -fplugin-arg-copyintent-checks=-* \
// RUN:   -mllvm -copyintent-inline=never -o - %s | FileCheck %s --check-prefix=IR
// Into -flto's bitcode, for the link.
// RUN: %clang -O1 -flto -c -fplugin=%plugin -fplugin-arg-copyintent-checks=-* \
// RUN:   -o %t.bc %s
// RUN: llvm-dis %t.bc -o - | FileCheck %s --check-prefix=IR
//
// Without -fplugin nothing is carried: the same IR analysis says unknown.
// RUN: %clang -O1 -S -emit-llvm -o %t.plain.ll %s
// RUN: not grep -q copyintent.spelled-flag %t.plain.ll
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.plain.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PLAIN

#define MEMREMAP_WB 1
#define ARCH_MEMREMAP_PMEM MEMREMAP_WB

typedef unsigned long size_t;
void *memremap(unsigned long long offset, size_t size, unsigned long flags);
void memcpy_flushcache(void *dst, const void *src, size_t cnt);

static void *pmem_base, *ram_base, *either;

void map_both(unsigned long long pmem_at, unsigned long long ram_at) {
  pmem_base = memremap(pmem_at, 4096, ARCH_MEMREMAP_PMEM);
  ram_base = memremap(ram_at, 4096, MEMREMAP_WB);
}
// IR-LABEL: define {{.*}}@map_both(
// IR: call {{.*}}@memremap({{.*}}!copyintent.spelled-flag ![[FLAG:[0-9]+]]
// IR-NOT: copyintent.spelled-flag
// IR: call {{.*}}@memremap({{.*}}!dbg !{{[0-9]+}}{{$}}

// Two calls one macro expansion holds share a location: with different flags there,
// neither gets one.
#define MAP_PAIR(a, b)                                                               \
  (pmem_base = memremap(a, 64, ARCH_MEMREMAP_PMEM), either = memremap(b, 64, MEMREMAP_WB))
void map_pair(unsigned long long a, unsigned long long b) { MAP_PAIR(a, b); }
// IR-LABEL: define {{.*}}@map_pair(
// IR-NOT: copyintent.spelled-flag
// IR: ret void
// IR: ![[FLAG]] = !{!"ARCH_MEMREMAP_PMEM"}

void put(const void *src) { memcpy_flushcache(pmem_base, src, 64); }
// SITES: spelled-flags.c:[[@LINE-1]]:{{[0-9]+}}: memcpy_flushcache: writethrough copy (no dirty line on return) into persistent memory
// SITES-NEXT: 'pmem_base' is assigned 'memremap(...)' in 'map_both'
// SITES-NEXT: 'memremap(..., ARCH_MEMREMAP_PMEM)' maps persistent memory
// PLAIN: in 'put', instruction {{[0-9]+}}: memcpy_flushcache: writethrough copy (no dirty line on return) into unknown memory

void put_ram(const void *src) { memcpy_flushcache(ram_base, src, 64); }
// SITES: spelled-flags.c:[[@LINE-1]]:{{[0-9]+}}: memcpy_flushcache: writethrough copy (no dirty line on return) into unknown memory

// NODEBUG-NOT: .debug_info
// NODEBUG-NOT: .debug_line
