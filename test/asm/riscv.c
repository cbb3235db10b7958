// RISC-V end to end: cbo.clean with Zicbom and fence ow,ow; without Zicbom the
// writethrough call stays a call (and the compiler warns); a forced cbo-clean without
// the feature is the .insn encoding, which disassembles as cbo.clean.
// RUN: %cc-ci -O2 --target=riscv64-linux-gnu -march=rv64gc_zicbom -c -o %t.o %s
// RUN: llvm-objdump -d --mattr=+zicbom %t.o | FileCheck --check-prefix=CBOM %s
// RUN: %cc-ci -O2 --target=riscv64-linux-gnu -march=rv64gc -S -o - %s 2>%t.err | FileCheck --check-prefix=NOCBOM %s
// RUN: FileCheck --check-prefix=WARN %s < %t.err
// RUN: %cc-ci -O2 --target=riscv64-linux-gnu -march=rv64gc -mllvm -copyintent-flush=cbo-clean -c -o %t2.o %s
// RUN: llvm-objdump -d --mattr=+zicbom %t2.o | FileCheck --check-prefix=CBOM %s
#include <copyintent/copy.h>

// CBOM-LABEL: <persist>:
// CBOM:       cbo.clean (a{{[0-9]}})
// CBOM:       fence ow, ow
// NOCBOM-LABEL: persist:
// NOCBOM:     {{call|tail}} copyintent_memcpy_persist
// WARN:       warning: copyintent: in function 'persist': copyintent_memcpy_persist cannot be lowered for riscv64 without a cache write-back instruction
void persist(void *d, const void *s, size_t n) { copyintent_memcpy_persist(d, s, n); }
