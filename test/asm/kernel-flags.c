// The Linux kernel's own code-generation flags on arm64, powerpc and riscv: the clang
// command lines of defconfig builds of linux-source-6.1 (6.1.192, `make LLVM=1 V=1`),
// less -W/-D/-I, -nostdinc and the per-build stack-protector offsets. (x86-64 has a
// file of its own: test/asm/x86-kernel.c.) The lowering runs under them, uses no
// FP/SIMD register where the kernel forbids them, and leaves no call to the API.
//
// arm64 defconfig (arch/arm64/Makefile): -mgeneral-regs-only, ARMv8.0 code. Without
// FEAT_DCPoP in the features the write-back is DC CVAC, with the warning that it may
// stop at the point of coherency (the kernel chooses CVAP at boot by alternatives).
// RUN: %cc-ci --target=aarch64-linux-gnu -mlittle-endian -fintegrated-as \
// RUN:   -fno-strict-aliasing -fno-common -fshort-wchar -fno-PIE -std=gnu11 \
// RUN:   -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-unwind-tables \
// RUN:   -mbranch-protection=pac-ret+leaf+bti -Wa,-march=armv8.5-a \
// RUN:   -fno-delete-null-pointer-checks -O2 -fstack-protector-strong \
// RUN:   -fno-omit-frame-pointer -fno-optimize-sibling-calls -ftrivial-auto-var-init=zero \
// RUN:   -fno-stack-clash-protection -fno-strict-overflow -fno-stack-check \
// RUN:   -ffreestanding -S -o %t.arm64.s %s 2>%t.arm64.err
// RUN: FileCheck --check-prefix=ARM64 %s < %t.arm64.s
// RUN: FileCheck --check-prefix=ARM64-WARN %s < %t.arm64.err
//
// powerpc ppc64le_defconfig (arch/powerpc/Makefile): POWER8, soft-float, no
// AltiVec/VSX. dcbf per 128-byte block and sync.
// RUN: %cc-ci --target=powerpc64le-linux-gnu -fintegrated-as -fno-strict-aliasing \
// RUN:   -fno-common -fshort-wchar -fno-PIE -std=gnu11 -mlittle-endian -m64 -msoft-float \
// RUN:   -mcmodel=medium -mcpu=power8 -mtune=power10 -mno-prefixed -mno-pcrel -mno-altivec \
// RUN:   -mno-vsx -mno-mma -mno-spe -fno-asynchronous-unwind-tables \
// RUN:   -fno-delete-null-pointer-checks -O2 -fstack-protector-strong \
// RUN:   -ftrivial-auto-var-init=zero -fno-stack-clash-protection -fno-strict-overflow \
// RUN:   -fno-stack-check -ffreestanding -S -o - %s 2>&1 | FileCheck --check-prefix=PPC %s
//
// riscv defconfig (arch/riscv/Makefile): rv64imac with Zicbom. cbo.clean stepped by
// the run-time block size (copyintent_line_size(); the kernel would pass
// -mllvm -copyintent-line-size=N from its riscv,cbom-block-size) and fence ow,ow.
// RUN: %cc-ci --target=riscv64-linux-gnu -fintegrated-as -fno-strict-aliasing -fno-common \
// RUN:   -fshort-wchar -fno-PIE -std=gnu11 -mabi=lp64 -march=rv64imac_zicbom_zihintpause \
// RUN:   -mno-save-restore -mcmodel=medany -fno-omit-frame-pointer \
// RUN:   -fno-asynchronous-unwind-tables -fno-unwind-tables -mstrict-align \
// RUN:   -fno-delete-null-pointer-checks -O2 -fstack-protector-strong \
// RUN:   -fno-optimize-sibling-calls -ftrivial-auto-var-init=zero \
// RUN:   -fno-stack-clash-protection -fno-strict-overflow -fno-stack-check -ffreestanding \
// RUN:   -S -o - %s 2>&1 | FileCheck --check-prefix=RV %s
// RUN: %cc-ci --target=riscv64-linux-gnu -mabi=lp64 -march=rv64imac_zicbom_zihintpause \
// RUN:   -mcmodel=medany -mstrict-align -O2 -ffreestanding -mllvm -copyintent-line-size=64 \
// RUN:   -S -o - %s 2>&1 | FileCheck --check-prefix=RV64 %s
#include <copyintent/copy.h>

// ARM64-WARN: warning: copyintent: in function 'wt': copyintent_memcpy_writethrough: this target has no DC CVAP
// ARM64-LABEL: wt:
// ARM64-NOT:   {{\bq[0-9]+\b|\bv[0-9]+\.}}
// ARM64:       mrs {{x[0-9]+}}, CTR_EL0
// ARM64:       dc cvac
// ARM64-NOT:   bl copyintent_
// ARM64:       .Lfunc_end
// PPC-NOT:     warning
// PPC-LABEL:   wt:
// PPC:         dcbf 0,
// PPC-NOT:     bl copyintent_
// PPC:         .Lfunc_end
// RV-NOT:      warning
// RV-LABEL:    wt:
// RV:          call copyintent_line_size
// RV:          cbo.clean
// RV:          .Lfunc_end
// RV64-LABEL:  wt:
// RV64-NOT:    copyintent_line_size
// RV64:        cbo.clean
// RV64:        .Lfunc_end
void wt(void *d, const void *s, size_t n) { copyintent_memcpy_writethrough(d, s, n); }

// ARM64-LABEL: persist:
// ARM64:       dc cvac
// ARM64:       dsb sy
// PPC-LABEL:   persist:
// PPC:         dcbf 0,
// PPC:         sync
// RV-LABEL:    persist:
// RV:          cbo.clean
// RV:          fence ow, ow
void persist(void *d, const void *s) { copyintent_memcpy_persist(d, s, 40); }

// nocache on arm64 without FP/SIMD registers: NT pairs of general registers.
// ARM64-LABEL: nc:
// ARM64-NOT:   {{\bq[0-9]+\b|\bv[0-9]+\.}}
// ARM64:       stnp {{[wx]}}
// ARM64:       .Lfunc_end
void nc(void *d, const void *s, size_t n) { copyintent_memcpy_nocache(d, s, n); }
