// print<copyintent-sites> (issue 13): every copy call site of a module, with its
// intent and the kind of memory its destination is, from the IR alone. Each kind of
// evidence once: a mapping call, our markings on a global, a field, a parameter and
// a function's result, an allocator, the stack, a global object, a static helper's
// callers, a field stored in another function, a phi of two kinds, and a parameter
// of an exported function that nothing in the module explains.
// RUN: %clang -O2 -g -S -emit-llvm -o %t.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.ll 2>&1 \
// RUN:   | FileCheck %s --match-full-lines --strict-whitespace
// Without debug info the sites are named by function and instruction.
// RUN: %clang -O2 -S -emit-llvm -o %t.nodebug.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.nodebug.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NODEBUG

#include <stdlib.h>
#include <string.h>

#include <copyintent/copy.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);

struct log {
  char *base; /* the mapping, set in log_open() */
  char *COPYINTENT_PMEM spare;
  char *scratch;
};

static char *COPYINTENT_PMEM journal;
void *COPYINTENT_PMEM pool_base(void);
static char staging[4096];

void log_open(struct log *lg, const char *path) {
  size_t len;
  int is_pmem;
  lg->base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
  lg->scratch = malloc(4096);
}

void log_put(struct log *lg, const void *rec, size_t n) {
  copyintent_memcpy_nocache(lg->base, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory
// CHECK-NEXT:  {{.*}}provenance.c:{{[0-9]+}}:12: the field at offset 0 of 'log' is assigned 'pmem_map_file(...)' in 'log_open'
// CHECK-NEXT:  {{.*}}provenance.c:{{[0-9]+}}:14: 'pmem_map_file()' returns persistent memory

void log_spare(struct log *lg, const void *rec, size_t n) {
  copyintent_memcpy_writethrough(lg->spare, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_writethrough: writethrough copy (no dirty line on return) into persistent memory
// CHECK-NEXT:  {{.*}}provenance.c:[[@LINE-3]]:{{[0-9]+}}: the field at offset 8 of 'log' is marked copyintent_pmem

void log_scratch(struct log *lg, const void *rec, size_t n) {
  memcpy(lg->scratch, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: memcpy: ordinary copy into ordinary memory
// CHECK-NEXT:  {{.*}}provenance.c:{{[0-9]+}}:15: the field at offset 16 of 'log' is assigned 'malloc(...)' in 'log_open'
// CHECK-NEXT:  {{.*}}provenance.c:{{[0-9]+}}:{{[0-9]+}}: 'malloc()' allocates ordinary memory

void journal_put(const void *rec, size_t n) {
  copyintent_memcpy_persist(journal, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_persist: persist copy (writethrough and fence) into persistent memory
// CHECK-NEXT:  {{.*}}provenance.c:[[@LINE-3]]:{{[0-9]+}}: 'journal' is marked copyintent_pmem

void pool_put(const void *rec, size_t n) {
  copyintent_memcpy_nocache(pool_base(), rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory
// CHECK-NEXT:  {{.*}}provenance.c:[[@LINE-3]]:{{[0-9]+}}: 'pool_base()' is declared to return persistent memory

void slot_put(char *COPYINTENT_PMEM slot, const void *rec, size_t n) {
  copyintent_memcpy_nocache(slot, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory
// CHECK-NEXT:  'slot' of 'slot_put' is marked copyintent_pmem

void consume(char *buf);

void stage(const void *rec, size_t n) {
  char buf[256];
  copyintent_memcpy_nocache(staging, rec, n);
  memcpy(buf, rec, n < 256 ? n : 256);
  consume(buf);
}
// CHECK:{{.*}}provenance.c:[[@LINE-4]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into ordinary memory
// CHECK-NEXT:  'staging' is a global object
// CHECK-NEXT:{{.*}}provenance.c:[[@LINE-5]]:3: memcpy: ordinary copy into ordinary memory
// CHECK-NEXT:  'buf' is a local variable (stack)

/* a static helper: its destination is what its callers pass */
static __attribute__((noinline)) void put_at(char *dst, const void *rec, size_t n) {
  copyintent_memcpy_nocache(dst, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory (on some paths)
// CHECK-NEXT:  {{.*}}provenance.c:[[@LINE+5]]:3: 'dst' of 'put_at' receives 'the field at offset 0 of 'log' + 64'
// CHECK-NEXT:  {{.*}}provenance.c:{{[0-9]+}}:12: the field at offset 0 of 'log' is assigned 'pmem_map_file(...)' in 'log_open'
// CHECK-NEXT:  {{.*}}provenance.c:{{[0-9]+}}:14: 'pmem_map_file()' returns persistent memory

void put_both(struct log *lg, const void *rec, size_t n) {
  put_at(lg->base + 64, rec, n);
  put_at(lg->scratch, rec, n);
}

void put_either(struct log *lg, int which, const void *rec, size_t n) {
  char *dst = which ? lg->scratch : (char *)pool_base();
  copyintent_memcpy_nocache(dst, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory (on some paths)
// CHECK-NEXT:  {{.*}}provenance.c:[[@LINE-4]]:{{[0-9]+}}: 'pool_base()' is declared to return persistent memory

void put_unknown(char *dst, const void *rec, size_t n) {
  copyintent_memcpy_nocache(dst, rec, n);
}
// CHECK:{{.*}}provenance.c:[[@LINE-2]]:3: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into unknown memory
// NODEBUG: in 'log_put', instruction {{[0-9]+}}: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory
// NODEBUG: in 'put_unknown', instruction {{[0-9]+}}: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into unknown memory
