// The copy sites as optimisation remarks of pass "copyintent" (issue 13): a build with
// the plugin reports them without a separate tool. An analysis remark per site (its
// intent, its destination's kind and the evidence), a missed remark where the intent
// and a certain destination disagree; the same in -fsave-optimization-record's YAML.
// Nothing is said, and nothing computed, when no remark is asked for.
// RUN: %clang -O2 -g -fpass-plugin=%plugin -Rpass-analysis=copyintent \
// RUN:   -Rpass-missed=copyintent -c -o /dev/null %s 2>&1 | FileCheck %s
// RUN: %clang -O2 -g -fpass-plugin=%plugin -c -o /dev/null %s 2>&1 | count 0
// RUN: %clang -O2 -g -fpass-plugin=%plugin -fsave-optimization-record \
// RUN:   -foptimization-record-file=%t.yaml -c -o /dev/null %s
// RUN: FileCheck --check-prefix=YAML --input-file=%t.yaml %s
// At -O0 too (the plugin's passes run at every level).
// RUN: %clang -O0 -g -fpass-plugin=%plugin -Rpass-analysis=copyintent -c -o /dev/null \
// RUN:   %s 2>&1 | FileCheck %s --check-prefix=O0

#include <stdlib.h>
#include <string.h>

#include <copyintent/copy.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);

static char *pool;
static char *scratch;

void pool_open(const char *path) {
  size_t len;
  int is_pmem;
  pool = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
  scratch = malloc(4096);
}

void put_nocache(const void *rec, size_t n) {
  copyintent_memcpy_nocache(pool, rec, n);
}
// CHECK: remarks.c:[[@LINE-2]]:3: remark: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory; 'pmem_map_file()' returns persistent memory [-Rpass-analysis=copyintent]
// CHECK: remarks.c:[[@LINE-3]]:3: remark: copyintent_memcpy_nocache: a nocache copy into persistent memory leaves dirty lines that no fence makes durable: it needs a writethrough copy [-Rpass-missed=copyintent]
// O0: remarks.c:[[@LINE-4]]:3: remark: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory; 'pmem_map_file()' returns persistent memory [-Rpass-analysis=copyintent]

void put_persist(const void *rec, size_t n) {
  copyintent_memcpy_persist(pool, rec, n);
}
// CHECK: remarks.c:[[@LINE-2]]:3: remark: copyintent_memcpy_persist: persist copy (writethrough and fence) into persistent memory; 'pmem_map_file()' returns persistent memory [-Rpass-analysis=copyintent]
// CHECK-NOT: remarks.c:[[@LINE-3]]:{{.*}}-Rpass-missed

void stage(const void *rec, size_t n) {
  copyintent_memcpy_writethrough(scratch, rec, n);
}
// CHECK: remarks.c:[[@LINE-2]]:3: remark: copyintent_memcpy_writethrough: writethrough copy (no dirty line on return) into ordinary memory; 'malloc()' allocates ordinary memory [-Rpass-analysis=copyintent]
// CHECK: remarks.c:[[@LINE-3]]:3: remark: copyintent_memcpy_writethrough: a writethrough copy into ordinary memory writes back lines no one needs durable [-Rpass-missed=copyintent]

void put_unknown(char *dst, const void *rec, size_t n) {
  copyintent_memcpy_nocache(dst, rec, n);
}
// CHECK: remarks.c:[[@LINE-2]]:3: remark: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into unknown memory [-Rpass-analysis=copyintent]
// CHECK-NOT: -Rpass-missed

// YAML: --- !Analysis
// YAML-NEXT: Pass: copyintent
// YAML-NEXT: Name: CopySite
// YAML: Function: put_nocache
// YAML: - Destination: persistent memory
// YAML: - Evidence: '''pmem_map_file()'' returns persistent memory'
// YAML: --- !Missed
// YAML-NEXT: Pass: copyintent
// YAML-NEXT: Name: IntentMismatch
