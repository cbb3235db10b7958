// POWER end to end. POWER10 gets dcbstps (written as dcbf with L=6) and phwsync; POWER9
// gets dcbf and sync. The object code is checked too: the encodings are what the CPU
// executes (dcbstps = 0x7cc018ac-style dcbf L=6; phwsync = 0x7c8004ac).
// RUN: %cc-ci -O2 --target=powerpc64le-linux-gnu -mcpu=pwr10 -c -o %t10.o %s
// RUN: llvm-objdump -d %t10.o | FileCheck --check-prefix=P10 %s
// RUN: %cc-ci -O2 --target=powerpc64le-linux-gnu -mcpu=pwr9 -c -o %t9.o %s
// RUN: llvm-objdump -d %t9.o | FileCheck --check-prefix=P9 %s
#include <copyintent/copy.h>

// P10-LABEL: <persist>:
// P10:       dcbstps 0, {{[0-9]+}}
// P10:       ac 04 80 7c phwsync
// P9-LABEL:  <persist>:
// P9:        dcbf 0, {{[0-9]+}}
// P9-NOT:    phwsync
// P9:        ac 04 00 7c sync
void persist(void *d, const void *s, size_t n) { copyintent_memcpy_persist(d, s, n); }
