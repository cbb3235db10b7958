// Markings that contradict each other (issue 9, "Bad input"): a declaration marked as
// two kinds is taken as unknown memory, with a warning naming both, so neither kind's
// findings are made from it; the same entry under two kinds of options is a
// configuration error naming it.
// RUN: %check_clang_tidy %s 'copyintent-nocache-needs-writethrough,copyintent-unneeded-writethrough' %t -- -- %ci-user-cflags
// RUN: not %clang_tidy -checks='-*,copyintent-nocache-needs-writethrough' \
// RUN:   -config="{CheckOptions: {PmemSources: 'put:0', RamSources: 'put:0'}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPTS
// OPTS: error: options of copyintent-nocache-needs-writethrough name 'put:0' both as persistent memory and as ordinary memory: give it one kind
#include <stddef.h>

#include <copyintent/annotations.h>
#include <copyintent/copy.h>

char *COPYINTENT_PMEM COPYINTENT_RAM conflicted;
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'conflicted' is marked both as persistent memory and as ordinary memory: the markings conflict, so its memory is taken as unknown [copyintent-nocache-needs-writethrough]
char *COPYINTENT_PMEM log_area;

void put(char *dst, const void *src, size_t n)
{
	copyintent_memcpy_nocache(dst, src, n);
}

void fill(const void *src, size_t n)
{
	copyintent_memcpy_nocache(conflicted, src, n);
	copyintent_memcpy_writethrough(conflicted, src, n);
	copyintent_memcpy_nocache(log_area, src, n);
// CHECK-MESSAGES: :[[@LINE-1]]:2: warning: copyintent_memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}} [copyintent-nocache-needs-writethrough]
// CHECK-FIXES: copyintent_memcpy_writethrough(log_area, src, n);
}
