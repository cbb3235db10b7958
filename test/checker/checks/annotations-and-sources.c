// What no analysis can see, said in the code (copyintent/annotations.h:
// COPYINTENT_PMEM / COPYINTENT_MMIO / COPYINTENT_RAM on a function's return value, a
// parameter, a field, a variable, a typedef) or in the configuration (PmemSources,
// MmioSources, RamSources: function, function:N, struct::field, global). The reason
// chain names where the class came from.
// RUN: %check_clang_tidy -check-suffix=ANN %s 'copyintent-nocache-needs-writethrough,copyintent-unneeded-writethrough,copyintent-nocache-to-iomem' %t-ann -- -- %ci-user-cflags
// RUN: %check_clang_tidy -check-suffixes=ANN,OPT %s 'copyintent-nocache-needs-writethrough,copyintent-unneeded-writethrough' %t-opt \
// RUN:   -- -config="{CheckOptions: {PmemSources: 'pool_base_plain;ring::slots;journal_plain;put_plain:1', RamSources: 'scratch_plain:0'}}" \
// RUN:   -- %ci-user-cflags
// The reason chain says where the class came from.
// RUN: %clang_tidy -checks='-*,copyintent-nocache-needs-writethrough' \
// RUN:   -config="{CheckOptions: {PmemSources: 'put_plain:1'}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOTE
// Bad entries are configuration errors that name them.
// RUN: not %clang_tidy -checks='-*,copyintent-nocache-needs-writethrough' \
// RUN:   -config="{CheckOptions: {PmemSources: 'ring::'}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD1
// RUN: not %clang_tidy -checks='-*,copyintent-nocache-needs-writethrough' \
// RUN:   -config="{CheckOptions: {MmioSources: 'put_plain:x'}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD2
// RUN: not %clang_tidy -checks='-*,copyintent-nocache-needs-writethrough' \
// RUN:   -config="{CheckOptions: {PmemSources: 'put_plain:5'}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD3
// An ExtraCopyFunctions entry whose argument index is past the declared parameters
// would never match: reported when the function is declared.
// RUN: not %clang_tidy -checks='-*,copyintent-nocache-needs-writethrough' \
// RUN:   -config="{CheckOptions: {ExtraCopyFunctions: 'put_plain=nocache:1:2:3'}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD4
// BAD4: error: option entry 'put_plain' of ExtraCopyFunctions of copyintent-nocache-needs-writethrough: argument 3 is past the 3 parameter(s) of 'put_plain', numbered from 0
// BAD1: error: invalid value for option 'PmemSources' of copyintent-nocache-needs-writethrough: 'ring::' is not struct::field
// BAD2: error: invalid value for option 'MmioSources' of copyintent-nocache-needs-writethrough: 'put_plain:x' is not function:N (N the 0-based parameter number)
// BAD3: error: option entry 'put_plain:5' of copyintent-nocache-needs-writethrough: 'put_plain' has 3 parameter(s), numbered from 0
#include <stddef.h>

#include <copyintent/copy.h>

void *COPYINTENT_PMEM pool_base(int id);
struct ring {
	char *COPYINTENT_PMEM log;
	char *COPYINTENT_MMIO doorbell;
	char *slots;
};
static char *COPYINTENT_PMEM journal;
typedef char COPYINTENT_PMEM pmem_byte;

void ann_return(const void *s)
{
	memcpy_nocache(pool_base(1), s, 64);
// CHECK-MESSAGES-ANN: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void ann_field(struct ring *r, const void *s)
{
	memcpy_nocache(r->log, s, 64);
// CHECK-MESSAGES-ANN: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void ann_global(const void *s)
{
	memcpy_nocache(journal, s, 64);
// CHECK-MESSAGES-ANN: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void ann_param(char *COPYINTENT_PMEM slot, const void *s)
{
	memcpy_nocache(slot, s, 64);
// CHECK-MESSAGES-ANN: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void ann_typedef(pmem_byte *p, const void *s)
{
	memcpy_nocache(p, s, 64);
// CHECK-MESSAGES-ANN: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void ann_ram(char *COPYINTENT_RAM buf, const void *s)
{
	memcpy_writethrough(buf, s, 64);
// CHECK-MESSAGES-ANN: :[[@LINE-1]]:2: warning: memcpy_writethrough writes its destination back to memory, but the destination is ordinary memory{{.*}}
}

/* The same shapes without annotations: unknown, unless the options name them. */
void *pool_base_plain(int id);
char *journal_plain;

void opt_return(const void *s)
{
	memcpy_nocache(pool_base_plain(1), s, 64);
// CHECK-MESSAGES-OPT: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void opt_field(struct ring *r, const void *s)
{
	memcpy_nocache(r->slots, s, 64);
// CHECK-MESSAGES-OPT: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void opt_global(const void *s)
{
	memcpy_nocache(journal_plain, s, 64);
// CHECK-MESSAGES-OPT: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
}
void put_plain(int n, char *slot, const void *s)
{
	memcpy_nocache(slot, s, 64);
// CHECK-MESSAGES-OPT: :[[@LINE-1]]:2: warning: memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}}
// NOTE: :[[@LINE-2]]:17: note: destination derives from 'slot'
// NOTE: :[[@LINE-5]]:29: note: 'put_plain:1' is listed as persistent memory in the PmemSources option
}
void scratch_plain(char *buf, const void *s)
{
	memcpy_writethrough(buf, s, 64);
// CHECK-MESSAGES-OPT: :[[@LINE-1]]:2: warning: memcpy_writethrough writes its destination back to memory, but the destination is ordinary memory{{.*}}
}
