// The instructions each x86-64 feature set gets, end to end through clang -O2.
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -msse2 -S -o - %s | FileCheck --check-prefixes=ALL,SSE2 %s
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -mavx2 -mclflushopt -S -o - %s | FileCheck --check-prefixes=ALL,AVX2 %s
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -mavx512f -mclwb -S -o - %s | FileCheck --check-prefixes=ALL,AVX512 %s
#include <copyintent/copy.h>

// Body by the widest NT vector store, whole lines only (no movnti: a partial line is
// stored cached and written back); cached bytes written back by the best flush; no
// sfence inside writethrough.
// ALL-LABEL: wt:
// SSE2:      movntps %xmm
// AVX2:      vmovntps %ymm
// AVX512:    vmovntps %zmm
// ALL-NOT:   movnti
// SSE2:      clflush (
// AVX2:      clflushopt (
// AVX512:    clwb (
// ALL-NOT:   sfence
// ALL:       .cfi_endproc
void wt(void *d, const void *s, size_t n) { copyintent_memcpy_writethrough(d, s, n); }

// ALL-LABEL: nc:
// ALL-NOT:   clflush
// ALL-NOT:   clwb
// ALL:       movnt
// ALL:       sfence
// ALL:       .cfi_endproc
void nc(void *d, const void *s, size_t n) { copyintent_memcpy_nocache(d, s, n); }

// A 24-byte persist: straight-line stores, one or two line flushes, sfence; no call.
// ALL-LABEL: persist24:
// ALL-NOT:   call
// SSE2:      clflush (
// AVX512:    clwb (
// ALL:       sfence
// ALL-NEXT:  ret
void persist24(void *d, const void *s) { copyintent_memcpy_persist(d, s, 24); }
