// CopyIntent.so without CopyIntentFrontend.so beside it. The message must say what
// still works: -fpass-plugin lowers the calls (the pass needs no companion), while
// -fplugin lowers nothing and no copy-intent warning runs.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %plugin %t.dir/
// RUN: %clang -fpass-plugin=%t.dir/CopyIntent.so -O2 --target=x86_64-linux-gnu -S \
// RUN:   -emit-llvm -o %t.pass.ll %s 2>%t.pass.err
// RUN: FileCheck --check-prefix=MSG %s < %t.pass.err
// RUN: FileCheck --check-prefix=LOWERED %s < %t.pass.ll
// RUN: %clang -fplugin=%t.dir/CopyIntent.so -O2 --target=x86_64-linux-gnu -S \
// RUN:   -emit-llvm -o %t.plugin.ll %s 2>%t.plugin.err
// RUN: FileCheck --check-prefix=MSG %s < %t.plugin.err
// RUN: FileCheck --check-prefix=KEPT %s < %t.plugin.ll
#include <copyintent/copy.h>

// MSG: copyintent: cannot load {{.*}}CopyIntentFrontend.so ({{.*}}): the copy-intent warnings are off, and clang -fplugin={{.*}}CopyIntent.so does not lower the copy calls (-fpass-plugin={{.*}}CopyIntent.so still does); install both libraries side by side
// LOWERED-LABEL: define {{.*}}void @persist(
// LOWERED-NOT:   call void @copyintent_memcpy_persist
// LOWERED:       @llvm.x86.sse.sfence
// KEPT-LABEL:    define {{.*}}void @persist(
// KEPT:          call void @copyintent_memcpy_persist
void persist(void *d, const void *s) { copyintent_memcpy_persist(d, s, 24); }
