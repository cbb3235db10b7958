// Options of the copyintent checks (docs/checks/common-options.md). Each valid option
// changes what the checks report; a malformed value is a configuration error: clang-tidy
// prints "error: invalid value ... [clang-tidy-config]" (once per enabled check), exits
// non-zero and applies no fix, and the checks go on with the option's default.
// Era 413 (v4.13-v5.16): ApiEra auto resolves to linux-4.13 in this file.
//
// Suffixes: no suffix = every run; AUTO = the runs with ApiEra auto; one suffix per run
// for what only that configuration reports.
//
// Defaults.
// RUN: %check_clang_tidy -check-suffixes=,AUTO,DEFAULT %s 'copyintent-*,-copyintent-classify' \
// RUN:   %t-default -- -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// ApiEra forces the counterparts of another era (here 5.17: _copy_from_iter_flushcache).
// RUN: %check_clang_tidy -check-suffixes=,ERA %s 'copyintent-*,-copyintent-classify' %t-era \
// RUN:   -- -config="{CheckOptions: {ApiEra: linux-5.17}}" \
// RUN:   -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// PmemSourceFunctions (set for one check): a custom mapper's result is pmem.
// RUN: %check_clang_tidy -check-suffixes=,AUTO,PSRC %s 'copyintent-*,-copyintent-classify' \
// RUN:   %t-psrc -- -config="{CheckOptions: {copyintent-nocache-needs-writethrough.PmemSourceFunctions: 'scratchpad_map;other_map'}}" \
// RUN:   -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// MmioSourceFunctions: a custom BAR mapper's result is MMIO.
// RUN: %check_clang_tidy -check-suffixes=,AUTO,MSRC %s 'copyintent-*,-copyintent-classify' \
// RUN:   %t-msrc -- -config="{CheckOptions: {MmioSourceFunctions: fpga_bar_map}}" \
// RUN:   -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// PmemAnnotations with a custom macro name.
// RUN: %check_clang_tidy -check-suffixes=,AUTO,ANN %s 'copyintent-*,-copyintent-classify' \
// RUN:   %t-ann -- -config="{CheckOptions: {PmemAnnotations: MY_PMEM}}" \
// RUN:   -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// ExtraCopyFunctions: two more nocache copies, one with its own argument order.
// RUN: %check_clang_tidy -check-suffixes=,AUTO,EXTRA %s 'copyintent-*,-copyintent-classify' \
// RUN:   %t-extra -- -config="{CheckOptions: {ExtraCopyFunctions: 'my_nt_copy=nocache;my_rev_copy=nocache:2:1:0'}}" \
// RUN:   -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
//
// Malformed values: an error per enabled check, then the defaults.
// RUN: %check_clang_tidy -check-suffixes=,AUTO,BADERA --expect-clang-tidy-error %s \
// RUN:   'copyintent-*,-copyintent-classify' %t-badera \
// RUN:   -- -config="{CheckOptions: {ApiEra: foo}}" -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// RUN: %check_clang_tidy -check-suffixes=,AUTO,BADANN --expect-clang-tidy-error %s \
// RUN:   'copyintent-*,-copyintent-classify' %t-badann \
// RUN:   -- -config="{CheckOptions: {PmemAnnotations: '1bad'}}" -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
// RUN: %check_clang_tidy -check-suffixes=,AUTO,BADEXTRA --expect-clang-tidy-error %s \
// RUN:   'copyintent-*,-copyintent-classify' %t-badextra \
// RUN:   -- -config="{CheckOptions: {ExtraCopyFunctions: 'x=weird'}}" -- %ci-kernel-cflags -DCOPYINTENT_TEST_ERA=413
//
// The configuration errors come first in clang-tidy's output (they have no location).
// CHECK-MESSAGES-BADERA-COUNT-9: error: invalid value 'foo' for option 'ApiEra' of copyintent-{{[a-z-]+}}: expected auto, 2016-rfc, linux-4.2, linux-4.13, linux-5.17 or linux-7.0 [clang-tidy-config]
// CHECK-MESSAGES-BADANN-COUNT-9: error: invalid value '1bad' for option 'PmemAnnotations' of copyintent-{{[a-z-]+}}: '1bad' is not an identifier; expected names separated by ';' [clang-tidy-config]
// CHECK-MESSAGES-BADEXTRA-COUNT-9: error: invalid value for option 'ExtraCopyFunctions' of copyintent-{{[a-z-]+}}: 'x=weird': expected name=family or name=family:dst:src:size with family plain, nocache, writethrough, persist, toio or user-copy [clang-tidy-config]

#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#define MY_PMEM

struct dev_state {
	void *base;		/* devm_memremap(..., ARCH_MEMREMAP_PMEM): pmem by default */
	void MY_PMEM *journal;	/* pmem only with PmemAnnotations=MY_PMEM */
};

void *scratchpad_map(size_t len);
void *fpga_bar_map(int bar);
void my_nt_copy(void *dst, const void *src, size_t n);
void my_rev_copy(size_t n, const void *src, void *dst);

int dev_attach(struct device *dev, struct dev_state *d, struct resource *res)
{
	d->base = devm_memremap(dev, res->start, resource_size(res), ARCH_MEMREMAP_PMEM);
	return d->base ? 0 : -ENOMEM;
}

size_t api_era(struct dev_state *d, size_t off, size_t n, struct iov_iter *i)
{
	/* the counterpart depends on the era: copy_from_iter_flushcache in 4.13 */
	return copy_from_iter_nocache(d->base + off, n, i);
	// CHECK-MESSAGES-AUTO: :[[@LINE-1]]:9: warning: copy_from_iter_nocache only avoids the cache, but its destination is persistent memory: {{.*}}; use 'copy_from_iter_flushcache' [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES-AUTO: return copy_from_iter_flushcache(d->base + off, n, i);
	// CHECK-MESSAGES-ERA: :[[@LINE-3]]:9: warning: copy_from_iter_nocache only avoids the cache, but its destination is persistent memory: {{.*}}; use '_copy_from_iter_flushcache' [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES-ERA: return _copy_from_iter_flushcache(d->base + off, n, i);
}

size_t nolint(struct dev_state *d, size_t off, size_t n, struct iov_iter *i)
{
	size_t done = 0;

	done += _copy_from_iter_nocache(d->base + off, n, i);
	// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: _copy_from_iter_nocache only avoids the cache, but its destination is persistent memory: {{.*}}; use '_copy_from_iter_flushcache' [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES: done += _copy_from_iter_flushcache(d->base + off, n, i);
	/* NOLINT(check) and NOLINTNEXTLINE(check) suppress the diagnostic and its fix */
	done += _copy_from_iter_nocache(d->base + off, n, i); // NOLINT(copyintent-nocache-needs-writethrough)
	// CHECK-FIXES: done += _copy_from_iter_nocache(d->base + off, n, i); // NOLINT(copyintent-nocache-needs-writethrough)
	// NOLINTNEXTLINE(copyintent-nocache-needs-writethrough)
	done += _copy_from_iter_nocache(d->base + off, n, i);
	// CHECK-FIXES: {{^}}	done += _copy_from_iter_nocache(d->base + off, n, i);{{$}}
	/* a NOLINT for another check does not */
	done += _copy_from_iter_nocache(d->base + off, n, i); // NOLINT(copyintent-nocache-to-iomem)
	// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: _copy_from_iter_nocache only avoids the cache, but its destination is persistent memory: {{.*}}; use '_copy_from_iter_flushcache' [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES: done += _copy_from_iter_flushcache(d->base + off, n, i); // NOLINT(copyintent-nocache-to-iomem)
	return done;
}

size_t pmem_source(size_t n, struct iov_iter *i)
{
	void *pad = scratchpad_map(n);

	/* unknown by default; pmem with PmemSourceFunctions=scratchpad_map */
	return _copy_from_iter_nocache(pad, n, i);
	// CHECK-MESSAGES-PSRC: :[[@LINE-1]]:9: warning: _copy_from_iter_nocache only avoids the cache, but its destination is persistent memory: {{.*}}; use '_copy_from_iter_flushcache' [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES-PSRC: return _copy_from_iter_flushcache(pad, n, i);
	// CHECK-FIXES-DEFAULT: return _copy_from_iter_nocache(pad, n, i);
}

void mmio_source(const void *kbuf, unsigned int n)
{
	void *bar = fpga_bar_map(2);

	/* unknown by default; MMIO with MmioSourceFunctions=fpga_bar_map */
	__copy_from_user_inatomic_nocache(bar, kbuf, n);
	// CHECK-MESSAGES-MSRC: :[[@LINE-1]]:2: warning: __copy_from_user_inatomic_nocache writes to MMIO (__iomem) memory through a nocache copy meant for ordinary memory; use memcpy_toio() [copyintent-nocache-to-iomem]
	// CHECK-FIXES-MSRC: {{^}}	memcpy_toio(bar, kbuf, n);{{$}}
	// CHECK-FIXES-DEFAULT: {{^}}	__copy_from_user_inatomic_nocache(bar, kbuf, n);{{$}}
}

size_t annotation(struct dev_state *d, size_t off, size_t n, struct iov_iter *i)
{
	/* unknown by default; pmem with PmemAnnotations=MY_PMEM */
	return _copy_from_iter_nocache(d->journal + off, n, i);
	// CHECK-MESSAGES-ANN: :[[@LINE-1]]:9: warning: _copy_from_iter_nocache only avoids the cache, but its destination is persistent memory: {{.*}}; use '_copy_from_iter_flushcache' [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES-ANN: return _copy_from_iter_flushcache(d->journal + off, n, i);
	// CHECK-FIXES-DEFAULT: return _copy_from_iter_nocache(d->journal + off, n, i);
}

void extra_functions(struct dev_state *d, const void *src, size_t off, size_t n)
{
	/* plain calls by default; nocache copies into pmem with ExtraCopyFunctions (no
	   counterpart is known for them, so no fix-it) */
	my_nt_copy(d->base + off, src, n);
	// CHECK-MESSAGES-EXTRA: :[[@LINE-1]]:2: warning: my_nt_copy only avoids the cache, but its destination is persistent memory: {{.*}}; use a writethrough (flushcache) copy [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES: {{^}}	my_nt_copy(d->base + off, src, n);{{$}}
	/* the destination is argument 2: "my_rev_copy=nocache:2:1:0" */
	my_rev_copy(n, src, d->base + off);
	// CHECK-MESSAGES-EXTRA: :[[@LINE-1]]:2: warning: my_rev_copy only avoids the cache, but its destination is persistent memory: {{.*}}; use a writethrough (flushcache) copy [copyintent-nocache-needs-writethrough]
	// CHECK-FIXES: {{^}}	my_rev_copy(n, src, d->base + off);{{$}}
}
