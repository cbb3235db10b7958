// AArch64 end to end: STNP for the nocache body, DC CVAP with FEAT_DCPoP (ARMv8.2),
// DC CVAC before it (with a warning), DSB SY as the drain. The feature-free SYS form
// of DC CVAP (used when a flush is forced beyond the features) disassembles as dc cvap.
// RUN: %cc-ci -O2 --target=aarch64-linux-gnu -march=armv8.2-a -S -o - %s | FileCheck --check-prefixes=ALL,V82 %s
// RUN: %cc-ci -O2 --target=aarch64-linux-gnu -march=armv8-a -S -o - %s 2>%t.err | FileCheck --check-prefixes=ALL,V80 %s
// RUN: FileCheck --check-prefix=WARN %s < %t.err
// RUN: %cc-ci -O2 --target=aarch64-linux-gnu -march=armv8-a -mllvm -copyintent-flush=dc-cvap -c -o %t.o %s
// RUN: llvm-objdump -d %t.o | FileCheck --check-prefix=FORCED %s
#include <copyintent/copy.h>

// WARN: warning: copyintent: in function 'persist': copyintent_memcpy_persist: this target has no DC CVAP

// ALL-LABEL: nc:
// ALL:       stnp q{{[0-9]+}}, q{{[0-9]+}}, [x
// ALL-NOT:   dsb
// ALL:       .cfi_endproc
void nc(void *d, const void *s, size_t n) { copyintent_memcpy_nocache(d, s, n); }

// ALL-LABEL: persist:
// ALL:       mrs {{x[0-9]+}}, CTR_EL0
// V82:       dc cvap, x
// V80:       dc cvac, x
// ALL:       dsb sy
// ALL:       .cfi_endproc
// FORCED-LABEL: <persist>:
// FORCED:    dc cvap, x
// FORCED:    dsb sy
void persist(void *d, const void *s, size_t n) { copyintent_memcpy_persist(d, s, n); }
