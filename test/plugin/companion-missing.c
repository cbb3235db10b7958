// CopyIntent.so without CopyIntentFrontend.so beside it. What is said depends on what
// the command line asked for, and is never a bare line that -Werror ignores:
//  - -fpass-plugin alone never uses the companion: nothing to say, the calls lowered;
//  - -fplugin alone loses warnings and lowering: a warning, an error under -Werror;
//  - both flags lose only the warnings: a real compiler diagnostic from the pass.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %plugin %t.dir/
//
// RUN: %clang -fpass-plugin=%t.dir/CopyIntent.so -O2 --target=x86_64-linux-gnu -S \
// RUN:   -emit-llvm -o %t.pass.ll %s 2>&1 | count 0
// RUN: FileCheck --check-prefix=LOWERED %s < %t.pass.ll
//
// RUN: %clang -fplugin=%t.dir/CopyIntent.so -O2 --target=x86_64-linux-gnu -S \
// RUN:   -emit-llvm -o %t.plugin.ll %s 2>&1 | FileCheck --check-prefix=ALONE %s
// RUN: FileCheck --check-prefix=KEPT %s < %t.plugin.ll
// The same from an out-of-process cc1, whose command line is cc1's (-load).
// RUN: %clang -fno-integrated-cc1 -fplugin=%t.dir/CopyIntent.so -O2 \
// RUN:   --target=x86_64-linux-gnu -S -emit-llvm -o %t.plugin2.ll %s 2>&1 \
// RUN:   | FileCheck --check-prefix=ALONE %s
// RUN: not %clang -fplugin=%t.dir/CopyIntent.so -Werror -O2 --target=x86_64-linux-gnu \
// RUN:   -S -emit-llvm -o %t.werror.ll %s 2>&1 | FileCheck --check-prefix=ALONE-ERR %s
// RUN: not %clang -fno-integrated-cc1 -fplugin=%t.dir/CopyIntent.so -Werror -O2 \
// RUN:   --target=x86_64-linux-gnu -S -emit-llvm -o %t.werror2.ll %s 2>&1 \
// RUN:   | FileCheck --check-prefix=ALONE-ERR %s
//
// RUN: %clang -fplugin=%t.dir/CopyIntent.so -fpass-plugin=%t.dir/CopyIntent.so -O2 \
// RUN:   --target=x86_64-linux-gnu -S -emit-llvm -o %t.both.ll %s 2>&1 \
// RUN:   | FileCheck --check-prefix=BOTH %s
// RUN: FileCheck --check-prefix=LOWERED %s < %t.both.ll
// RUN: not %clang -fplugin=%t.dir/CopyIntent.so -fpass-plugin=%t.dir/CopyIntent.so \
// RUN:   -Werror -O2 --target=x86_64-linux-gnu -S -emit-llvm -o %t.both2.ll %s 2>&1 \
// RUN:   | FileCheck --check-prefix=BOTH-ERR %s
#include <copyintent/copy.h>

// ALONE: warning: copyintent: cannot load {{.*}}CopyIntentFrontend.so ({{.*}}); install it beside {{.*}}CopyIntent.so: -fplugin={{.*}}CopyIntent.so runs neither the copy-intent warnings nor the lowering (the copy calls stay calls into libcopyintent)
// ALONE-ERR: error: copyintent: cannot load {{.*}}CopyIntentFrontend.so {{.*}} [-Werror]
// BOTH: warning: copyintent: cannot load {{.*}}CopyIntentFrontend.so ({{.*}}); install it beside {{.*}}CopyIntent.so: the copy-intent warnings of -fplugin are off (the copy calls are still lowered: -fpass-plugin)
// BOTH-ERR: error: copyintent: cannot load {{.*}}CopyIntentFrontend.so
// LOWERED-LABEL: define {{.*}}void @persist(
// LOWERED-NOT:   call void @copyintent_memcpy_persist
// LOWERED:       @llvm.x86.sse.sfence
// KEPT-LABEL:    define {{.*}}void @persist(
// KEPT:          call void @copyintent_memcpy_persist
void persist(void *d, const void *s) { copyintent_memcpy_persist(d, s, 24); }
