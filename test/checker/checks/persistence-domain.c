// The PersistenceDomain option (issue 11's eADR): with eadr the CPU caches are in the
// persistence domain, so a cached store into persistent memory is durable once it is
// visible, and visible in order. What still needs a fence: non-temporal stores that
// have none (a writethrough copy's body; libpmem with PMEM_F_MEM_NOFLUSH). A kernel or
// copyintent nocache copy ends with its fence.
// RUN: %check_clang_tidy -check-suffix=ADR %s 'copyintent-nocache-needs-writethrough,copyintent-publish-before-persist' %t-adr -- -- %ci-user-cflags
// RUN: %check_clang_tidy -check-suffix=EADR %s 'copyintent-nocache-needs-writethrough,copyintent-publish-before-persist' %t-eadr \
// RUN:   -- -config="{CheckOptions: {PersistenceDomain: eadr}}" -- %ci-user-cflags
// RUN: not %clang_tidy -checks='-*,copyintent-publish-before-persist' \
// RUN:   -config="{CheckOptions: {PersistenceDomain: eADR2}}" %s -- %ci-user-cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD
// BAD: error: invalid value 'eADR2' for option 'PersistenceDomain' of copyintent-publish-before-persist: expected adr or eadr
#include <stddef.h>
#include <string.h>

#include <copyintent/copy.h>
#include <libpmem.h>

struct log {
	char *base;   /* pmem_map_file() */
	size_t *tail; /* in the mapping too */
};

void log_open(struct log *l, const char *path)
{
	size_t len;
	int is_pmem;

	l->base = pmem_map_file(path, 1 << 20, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
	l->tail = (size_t *)l->base;
}

/* Cached stores: under ADR still in the cache when the tail is stored. */
void append_cached(struct log *l, const void *rec, size_t n)
{
	memcpy(l->base + *l->tail, rec, n);
	*l->tail += n;
// CHECK-MESSAGES-ADR: :[[@LINE-1]]:11: warning: '*l->tail += n' publishes the data that memcpy wrote (line [[@LINE-2]]) before that data is persistent{{.*}} [copyintent-publish-before-persist]
	pmem_persist(l->tail, sizeof(*l->tail));
}

/* A writethrough copy's non-temporal body still needs its fence, eADR or not. */
void append_wt(struct log *l, const void *rec, size_t n)
{
	copyintent_memcpy_writethrough(l->base + *l->tail, rec, n);
	*l->tail += n;
// CHECK-MESSAGES-ADR: :[[@LINE-1]]:11: warning: '*l->tail += n' publishes the data that copyintent_memcpy_writethrough wrote (line [[@LINE-2]]) before that data is persistent{{.*}} [copyintent-publish-before-persist]
// CHECK-MESSAGES-EADR: :[[@LINE-2]]:11: warning: '*l->tail += n' publishes the data that copyintent_memcpy_writethrough wrote (line [[@LINE-3]]) before that data is persistent{{.*}} [copyintent-publish-before-persist]
	pmem_persist(l->tail, sizeof(*l->tail));
}

/* A nocache copy leaves cached head and tail bytes: under ADR they need writing back. */
void append_nocache(struct log *l, const void *rec, size_t n)
{
	copyintent_memcpy_nocache(l->base + *l->tail, rec, n);
// CHECK-MESSAGES-ADR: :[[@LINE-1]]:2: warning: copyintent_memcpy_nocache only avoids the cache, but its destination is persistent memory{{.*}} [copyintent-nocache-needs-writethrough]
// CHECK-FIXES-ADR: copyintent_memcpy_writethrough(l->base + *l->tail, rec, n);
	copyintent_drain();
}
