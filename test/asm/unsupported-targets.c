// Targets copyintent has no lowering for: writethrough, persist and flush stay calls
// into the runtime, which has no write-back there either (a plain copy, a flush
// that does nothing). That is weaker than asked, so every such call gets a warning,
// an error under -Werror; nocache and drain promise nothing a plain copy or a fence
// breaks and stay quiet.
// RUN: %cc-ci --target=armv7-linux-gnueabihf -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=armv7
// RUN: %cc-ci --target=mips-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=mips
// RUN: %cc-ci --target=sparc64-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=sparc64
// RUN: %cc-ci --target=s390x-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=s390x
// RUN: %cc-ci --target=loongarch64-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=loongarch64
// RUN: %cc-ci --target=wasm32-unknown-unknown -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=wasm32
// RUN: %cc-ci --target=riscv32-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=riscv32
// RUN: %cc-ci --target=powerpc-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DARCH=powerpc
// RUN: not %cc-ci --target=s390x-linux-gnu -ffreestanding -O2 -Werror -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=WERROR
// i386 has a row: lowered where the features promise SSE2 (CLFLUSH, SFENCE, movntdq);
// without them (-m32's i686 default) the same warning, saying what to enable.
// RUN: %cc-ci --target=i686-linux-gnu -ffreestanding -O2 -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=I686
// RUN: %cc-ci --target=i686-linux-gnu -msse2 -ffreestanding -O2 -S -o - %s 2>&1 | FileCheck %s --check-prefix=SSE2
// I686-NOT: warning: {{.*}}in function 'nc'
// I686-NOT: warning: {{.*}}in function 'dr'
// I686-DAG: warning: copyintent: in function 'wt': copyintent_memcpy_writethrough cannot be lowered for i386 without a cache write-back instruction (i386: CLFLUSH comes with SSE2, e.g. -msse2 or -march=pentium4); call left to the runtime
// I686-DAG: warning: copyintent: in function 'ps': copyintent_memcpy_persist cannot be lowered for i386 without
// I686-DAG: warning: copyintent: in function 'fl': copyintent_flush cannot be lowered for i386 without
// SSE2-NOT:   warning
// SSE2-LABEL: wt:
// SSE2:       movntps %xmm
// SSE2:       clflush (
// SSE2-NOT:   copyintent_
// SSE2-LABEL: ps:
// SSE2:       sfence
// aarch64_be is AArch64 with the other byte order: lowered, no warning.
// RUN: %cc-ci --target=aarch64_be-linux-gnu -march=armv8.2-a -ffreestanding -O2 -S -o - %s 2>&1 | FileCheck %s --check-prefix=BE
#include <copyintent/copy.h>

// CHECK-NOT: warning: {{.*}}in function 'nc'
// CHECK-NOT: warning: {{.*}}in function 'dr'
// CHECK-DAG: warning: copyintent: in function 'wt': copyintent_memcpy_writethrough cannot be lowered for [[ARCH]]: copyintent knows no cache write-back for this target; call left to the runtime, which cannot make the data durable either
// CHECK-DAG: warning: copyintent: in function 'ps': copyintent_memcpy_persist cannot be lowered for [[ARCH]]
// CHECK-DAG: warning: copyintent: in function 'fl': copyintent_flush cannot be lowered for [[ARCH]]
// CHECK:     3 warnings generated.
// WERROR:    error: copyintent: in function 'wt': copyintent_memcpy_writethrough cannot be lowered for s390x
// BE-NOT:    warning
// BE-LABEL:  wt:
// BE:        dc cvap
// BE-NOT:    copyintent_
void wt(void *d, const void *s, size_t n) { copyintent_memcpy_writethrough(d, s, n); }
void ps(void *d, const void *s) { copyintent_memcpy_persist(d, s, 64); }
void nc(void *d, const void *s, size_t n) { copyintent_memcpy_nocache(d, s, n); }
void fl(const void *p, size_t n) { copyintent_flush(p, n); }
void dr(void) { copyintent_drain(); }
