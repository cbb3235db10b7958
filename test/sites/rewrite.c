// -copyintent-rewrite (issue 13): a nocache copy whose destination the IR shows to be
// persistent memory on every path becomes the writethrough copy of the API table with
// the same arguments; an unknown destination, one persistent on some paths only, and a
// counterpart that depends on the kernel version are left alone (and said, as missed
// remarks). Off by default; "remark" says what "apply" would do and changes nothing;
// a second run changes nothing.
// RUN: %clang -O1 -g -S -emit-llvm -o %t.ll %s
// RUN: %opt-ci -passes=copyintent-rewrite -copyintent-rewrite=apply \
// RUN:   -pass-remarks=copyintent -pass-remarks-missed=copyintent -S -o %t.apply.ll %t.ll \
// RUN:   2>&1 | FileCheck --check-prefix=REMARKS %s
// RUN: FileCheck --check-prefix=APPLY --input-file=%t.apply.ll %s
// RUN: %opt-ci -passes=copyintent-rewrite -copyintent-rewrite=apply -S -o %t.again.ll \
// RUN:   %t.apply.ll
// RUN: diff -I '^; ModuleID' %t.apply.ll %t.again.ll
// RUN: %opt-ci -passes=copyintent-rewrite -S -o %t.off.ll %t.ll
// RUN: %opt-ci -passes=copyintent-rewrite -copyintent-rewrite=remark \
// RUN:   -pass-remarks-missed=copyintent -S -o %t.remark.ll %t.ll 2>&1 \
// RUN:   | FileCheck --check-prefix=REMARK-ONLY %s
// RUN: %opt-ci -S -o %t.plain.ll %t.ll
// RUN: diff -I '^; ModuleID' %t.plain.ll %t.off.ll
// RUN: diff -I '^; ModuleID' %t.plain.ll %t.remark.ll
// RUN: not %opt-ci -passes=copyintent-rewrite -copyintent-rewrite=always -S %t.ll 2>&1 \
// RUN:   | FileCheck --check-prefix=BAD %s
// With the plugin in a build, before the lowering:
// RUN: %clang -O2 -g -fpass-plugin=%plugin -mllvm -copyintent-rewrite=apply \
// RUN:   -Rpass=copyintent -c -o /dev/null %s 2>&1 | FileCheck --check-prefix=BUILD %s

#include <stddef.h>

#include <copyintent/copy.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);
void *malloc(size_t n);
struct iov_iter;
size_t _copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i);
size_t copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i);

static char *pool;
static char *ram;

void pool_open(const char *path) {
  size_t len;
  int is_pmem;
  pool = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
  ram = malloc(4096);
}

void put(const void *rec, size_t n) {
  copyintent_memcpy_nocache(pool, rec, n);
}
// REMARKS: rewrite.c:[[@LINE-2]]:3: rewrote copyintent_memcpy_nocache to copyintent_memcpy_writethrough: the destination is persistent memory ('pmem_map_file()' returns persistent memory), where a nocache copy leaves dirty lines
// REMARK-ONLY: rewrite.c:[[@LINE-3]]:3: copyintent_memcpy_nocache into persistent memory ('pmem_map_file()' returns persistent memory): -copyintent-rewrite=apply would rewrite it to copyintent_memcpy_writethrough
// BUILD: rewrite.c:[[@LINE-4]]:3: remark: rewrote copyintent_memcpy_nocache to copyintent_memcpy_writethrough{{.*}} [-Rpass=copyintent]
// APPLY-LABEL: define {{.*}}@put(
// APPLY: call void @copyintent_memcpy_writethrough(

void put_iter(size_t n, struct iov_iter *it) {
  _copy_from_iter_nocache(pool, n, it);
  copy_from_iter_nocache(pool + n, n, it);
}
// REMARKS: rewrite.c:[[@LINE-3]]:3: rewrote _copy_from_iter_nocache to _copy_from_iter_flushcache{{.*}}
// REMARKS: rewrite.c:[[@LINE-3]]:3: copy_from_iter_nocache into persistent memory ('pmem_map_file()' returns persistent memory): not rewritten: the writethrough copy depends on the kernel version ('copy_from_iter_writethrough', 'copy_from_iter_flushcache', '_copy_from_iter_flushcache'), which the IR does not say
// APPLY-LABEL: define {{.*}}@put_iter(
// APPLY: call {{.*}}@_copy_from_iter_flushcache(
// APPLY: call {{.*}}@copy_from_iter_nocache(

void put_either(int which, const void *rec, size_t n) {
  copyintent_memcpy_nocache(which ? pool : ram, rec, n);
}
// APPLY-LABEL: define {{.*}}@put_either(
// APPLY: call void @copyintent_memcpy_nocache(

void put_unknown(char *dst, const void *rec, size_t n) {
  copyintent_memcpy_nocache(dst, rec, n);
}
// APPLY-LABEL: define {{.*}}@put_unknown(
// APPLY: call void @copyintent_memcpy_nocache(
// BAD: Cannot find option named 'always'
