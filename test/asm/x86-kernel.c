// x86-64 with the Linux kernel's own code-generation flags: the clang command line of
// an x86_64_defconfig build of linux-source-6.1 (6.1.192, `make LLVM=1 V=1`; the
// flags from arch/x86/Makefile and the top-level Makefile, less -W/-D/-I and
// -nostdinc, which only change where headers come from). No SSE/MMX/AVX/x87
// registers, the kernel code model, no red zone, retpolines and return thunks.
// Lowering must not crash the backend ("Cannot select: intrinsic
// %llvm.x86.sse.sfence") and must not turn NT stores into plain ones: the body is
// movnti from general registers (whole lines only), lines with cached stores get clflush, the fence is
// sfence, and no call to the API is left. No vector register is touched.
// RUN: %cc-ci --target=x86_64-linux-gnu -fintegrated-as -fno-strict-aliasing -fno-common \
// RUN:   -fshort-wchar -fno-PIE -std=gnu11 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx \
// RUN:   -fcf-protection=none -m64 -falign-loops=1 -mno-80387 -mno-fp-ret-in-387 \
// RUN:   -mstack-alignment=8 -mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel \
// RUN:   -fno-asynchronous-unwind-tables -mretpoline-external-thunk \
// RUN:   -mindirect-branch-cs-prefix -mfunction-return=thunk-extern \
// RUN:   -fno-delete-null-pointer-checks -O2 -fstack-protector-strong -fomit-frame-pointer \
// RUN:   -ftrivial-auto-var-init=zero -fno-stack-clash-protection -fno-strict-overflow \
// RUN:   -fno-stack-check -fno-builtin-wcslen -ffreestanding -S -o - %s | FileCheck %s
// The same with IBT (X86_KERNEL_IBT=y), and -mgeneral-regs-only on its own:
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -ffreestanding -fno-PIE -mno-sse -mno-mmx \
// RUN:   -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mcmodel=kernel -mno-red-zone \
// RUN:   -fcf-protection=branch -fno-jump-tables -S -o - %s | FileCheck %s
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -ffreestanding -mgeneral-regs-only \
// RUN:   -mcmodel=kernel -mno-red-zone -S -o - %s | FileCheck %s
// With clwb enabled for the function (a kernel built for a CPU that has it):
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -ffreestanding -mgeneral-regs-only -mclwb \
// RUN:   -mcmodel=kernel -mno-red-zone -S -o - %s | FileCheck %s --check-prefix=CLWB
// KASAN (CONFIG_KASAN_GENERIC: scripts/Makefile.kasan's flags as clang takes them),
// outline and then inline: the instrumentation cannot see into the asm words, so the
// address of each is checked first, by the call KASAN makes for an ordinary store.
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -ffreestanding -fno-PIE -mno-sse -mno-mmx \
// RUN:   -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mcmodel=kernel -mno-red-zone \
// RUN:   -fsanitize=kernel-address -mllvm -asan-mapping-offset=0xdffffc0000000000 \
// RUN:   -mllvm -asan-globals=1 -mllvm -asan-instrumentation-with-call-threshold=0 \
// RUN:   -mllvm -asan-stack=1 -S -o - %s | FileCheck %s --check-prefix=KASAN
// RUN: %cc-ci -O2 --target=x86_64-linux-gnu -ffreestanding -fno-PIE -mno-sse -mno-mmx \
// RUN:   -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mcmodel=kernel -mno-red-zone \
// RUN:   -fsanitize=kernel-address -mllvm -asan-mapping-offset=0xdffffc0000000000 \
// RUN:   -mllvm -asan-globals=1 -mllvm -asan-instrumentation-with-call-threshold=10000 \
// RUN:   -mllvm -asan-stack=1 -S -o - %s | FileCheck %s --check-prefix=KASAN
#include <copyintent/copy.h>

// KASAN-LABEL: wt:
// KASAN-NOT:   {{xmm|ymm|zmm}}
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN:       callq __asan_store8_noabort
// KASAN-NOT:   callq
// KASAN:       movntiq
// KASAN-NOT:   movntiq
// KASAN:       .Lfunc_end

// CHECK-LABEL: wt:
// CHECK-NOT:   {{xmm|ymm|zmm|movntps|movntdq}}
// CHECK:       movntiq
// CHECK-NOT:   movntil
// CHECK:       clflush (
// CHECK-NOT:   sfence
// CHECK-NOT:   copyintent_
// CHECK:       .Lfunc_end
// CLWB-LABEL:  wt:
// CLWB:        clwb (
// CLWB:        .Lfunc_end
void wt(void *d, const void *s, size_t n) { copyintent_memcpy_writethrough(d, s, n); }

// CHECK-LABEL: nc:
// CHECK-NOT:   {{xmm|ymm|zmm}}
// CHECK-NOT:   clflush
// CHECK:       movntiq
// CHECK:       sfence
// CHECK:       .Lfunc_end
void nc(void *d, const void *s, size_t n) { copyintent_memcpy_nocache(d, s, n); }

// CHECK-LABEL: persist24:
// CHECK-NOT:   {{xmm|call|jmp.*copyintent}}
// CHECK:       clflush (
// CHECK:       sfence
// CHECK:       .Lfunc_end
void persist24(void *d, const void *s) { copyintent_memcpy_persist(d, s, 24); }

// CHECK-LABEL: flush_then_drain:
// CHECK:       clflush (
// CHECK:       sfence
// CHECK:       .Lfunc_end
void flush_then_drain(const void *p, size_t n) {
  copyintent_flush(p, n);
  copyintent_drain();
}
