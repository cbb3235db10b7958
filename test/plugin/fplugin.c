// clang -fplugin=CopyIntent.so alone lowers the API, like -fpass-plugin: the library
// loads its frontend companion inside clang, whose action adds the pass.
//
// Without any plugin the calls stay (what the other RUN lines must change):
// RUN: %clang -O2 --target=x86_64-linux-gnu -mclwb -S -emit-llvm -o - %s \
// RUN:   | FileCheck --check-prefix=NONE %s
// NONE: call void @copyintent_memcpy_persist
//
// RUN: %clang -fplugin=%plugin -O2 --target=x86_64-linux-gnu -mclwb -S -emit-llvm \
// RUN:   -o - %s | FileCheck --check-prefixes=LOWERED,FLUSH %s
// RUN: %clang -fplugin=%plugin -O0 --target=x86_64-linux-gnu -mclwb -S -emit-llvm \
// RUN:   -o - %s | FileCheck --check-prefixes=LOWERED,FLUSH %s
// LOWERED-LABEL: define{{.*}} void @persist24(
// LOWERED-NOT:   call void @copyintent_
// EADR-NOT:      @llvm.x86.clwb
// FLUSH:         call void @llvm.x86.clwb
// LOWERED:       call void @llvm.x86.sse.sfence()
// LOWERED:       ret void
//
// The pass's cl::opt options are there once the library is loaded: -mllvm works.
// RUN: %clang -fplugin=%plugin -mllvm -copyintent-domain=eadr -O2 \
// RUN:   --target=x86_64-linux-gnu -mclwb -S -emit-llvm -o - %s \
// RUN:   | FileCheck --check-prefixes=LOWERED,EADR %s
//
// Both flags naming the library: the pass runs once.
// RUN: %clang -fplugin=%plugin -fpass-plugin=%plugin -Xclang -fdebug-pass-manager -O2 \
// RUN:   --target=x86_64-linux-gnu -mclwb -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck --check-prefix=ONCE %s
// RUN: %clang -fplugin=%plugin -Xclang -fdebug-pass-manager -O2 \
// RUN:   --target=x86_64-linux-gnu -mclwb -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck --check-prefix=ONCE %s
// ONCE:     Running pass: copyintent::LowerCopyIntentPass
// ONCE-NOT: Running pass: copyintent::LowerCopyIntentPass
//
// CopyIntent.so without its companion: clang says so, and the calls stay for the
// runtime (correct, not inlined); opt, which never needs the companion, says nothing.
// RUN: rm -rf %t && mkdir -p %t && cp %plugin %t/
// RUN: %clang -fplugin=%t/CopyIntent.so -O2 --target=x86_64-linux-gnu -mclwb -S \
// RUN:   -emit-llvm -o - %s 2>%t/err | FileCheck --check-prefix=NONE %s
// RUN: FileCheck --check-prefix=NOCOMPANION %s < %t/err
// NOCOMPANION: copyintent: cannot load {{.*}}CopyIntentFrontend.so
// RUN: opt -load-pass-plugin=%t/CopyIntent.so -passes=copyintent-lower -disable-output \
// RUN:   /dev/null > %t/opt.out 2>&1
// (FileCheck, not count: a failure shows what opt printed.)
// RUN: FileCheck --allow-empty --check-prefix=OPTQUIET --input-file=%t/opt.out %s
// OPTQUIET-NOT: {{.}}
//
// -save-temps optimizes in a step whose input is IR, which no frontend plugin sees:
// -fplugin says it cannot lower there; -fpass-plugin lowers.
// RUN: cd %t && %clang -fplugin=%plugin -save-temps -O2 --target=x86_64-linux-gnu \
// RUN:   -mclwb -c -o %t/st.o %s 2>&1 | FileCheck --check-prefix=SAVETEMPS %s
// SAVETEMPS: warning: copyintent: -fplugin cannot lower the copy calls here
// RUN: llvm-nm %t/st.o | FileCheck --check-prefix=CALLS %s
// CALLS: U copyintent_memcpy_persist
// RUN: cd %t && %clang -fpass-plugin=%plugin -save-temps -O2 --target=x86_64-linux-gnu \
// RUN:   -mclwb -c -o %t/st2.o %s 2>&1 | count 0
// RUN: llvm-nm %t/st2.o | FileCheck --check-prefix=NOCALLS %s
// NOCALLS-NOT: copyintent_
// NOCALLS: T persist24
//
// An argument the plugin does not take is an error, not ignored.
// RUN: not %clang -fplugin=%plugin -fplugin-arg-copyintent-domain=eadr -O2 \
// RUN:   --target=x86_64-linux-gnu -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck --check-prefix=BADARG %s
// BADARG: error: copyintent: unknown argument '-fplugin-arg-copyintent-domain=eadr'

#include <copyintent/copy.h>

// Part of a line: ordinary stores, a write-back of each line touched, the fence.
void persist24(void *d, const void *s) { copyintent_memcpy_persist(d, s, 24); }
