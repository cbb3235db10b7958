// A plugin installed as a symlink into a shared plugin folder (the usual way) finds
// its companion beside the real file: -fplugin still warns and lowers.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && ln -s %plugin %t.dir/CopyIntent.so
// RUN: %clang -fplugin=%t.dir/CopyIntent.so -I%include -O2 --target=x86_64-linux-gnu \
// RUN:   -S -emit-llvm -o %t.ll %s 2>&1 | FileCheck --check-prefix=WARN \
// RUN:   --implicit-check-not=copyintent: %s
// RUN: FileCheck --check-prefix=LOWERED %s < %t.ll
#include <copyintent/copy.h>

#include <stddef.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);

void append(const void *src, size_t n) {
  size_t mapped;
  int is_pmem;
  char *base = pmem_map_file("/mnt/pmem/log", 4096, 1, 0666, &mapped, &is_pmem);
  copyintent_memcpy_nocache(base, src, n);
  // WARN: symlinked.c:[[@LINE-1]]:3: warning: copyintent_memcpy_nocache only avoids the cache{{.*}} [copyintent-nocache-needs-writethrough]
  copyintent_memcpy_persist(base, src, 24);
}
// LOWERED-LABEL: define {{.*}}void @append(
// LOWERED-NOT:   call void @copyintent_memcpy_persist
// LOWERED:       @llvm.x86.sse.sfence
