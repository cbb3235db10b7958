/*===- copyintent/copy.h - Copies with an explicit intent ------------------===*
 *
 * C11 / C++17. Three copy intents that look alike and promise different things:
 *
 *   nocache       avoid polluting the CPU cache. Promises nothing about durability.
 *   writethrough  when the call returns, no byte of [dst, dst+n) is left dirty in a
 *                 volatile CPU cache: every byte went by a non-temporal store or its
 *                 cache line was written back. Not yet durable: the stores and
 *                 write-backs may still be in flight until copyintent_drain().
 *                 (Linux: memcpy_flushcache; PMDK: pmem_memcpy_nodrain.)
 *   persist       writethrough followed by drain: durable on return.
 *                 (PMDK: pmem_memcpy_persist.)
 *
 * Build with `clang -fpass-plugin=CopyIntent.so` and calls are lowered inline for the
 * target's CPU features; link libcopyintent and the same calls go to an out-of-line
 * runtime that picks the instructions by CPU detection at run time. Both are correct;
 * the pass is faster for small and constant sizes.
 *
 * Define COPYINTENT_NO_SHORT_NAMES before including this header to get only the
 * copyintent_-prefixed names (the short names memcpy_nocache, memcpy_writethrough,
 * memcpy_persist, flush_range and drain are the 2016 LKML thread's spellings).
 *
 *===-----------------------------------------------------------------------===*/
#ifndef COPYINTENT_COPY_H
#define COPYINTENT_COPY_H

#include <stddef.h>

#include "copyintent/annotations.h"

/* The API never throws: C++ callers need no unwind edge (a call inside a scope with
 * a destructor stays a call, which the pass lowers). */
#ifdef __cplusplus
#define COPYINTENT_NOEXCEPT noexcept
#else
#define COPYINTENT_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Copy n bytes, trying not to allocate the destination in the CPU cache where that
 * matters. Copies of at least the nocache threshold (COPYINTENT_NOCACHE_THRESHOLD_DEFAULT
 * in copyintent/lowering_abi.h; COPYINTENT_NOCACHE_THRESHOLD, -copyintent-nocache-
 * threshold) use non-temporal stores and, on x86, end with sfence, so the copy is
 * ordered like ordinary stores; smaller copies are ordinary copies, as fast as memcpy.
 * Nothing about durability: use writethrough for that. The ranges must not overlap. */
void copyintent_memcpy_nocache(void *dst, const void *src, size_t n) COPYINTENT_NOEXCEPT;

/* Copy n bytes so that, on return, no byte of [dst, dst+n) is dirty in a volatile
 * cache. Issues no trailing fence: call copyintent_drain() (once, after any number of
 * writethrough copies and flushes) before depending on durability. n == 0 touches and
 * flushes nothing. The ranges must not overlap. */
void copyintent_memcpy_writethrough(void *dst, const void *src, size_t n) COPYINTENT_NOEXCEPT;

/* copyintent_memcpy_writethrough(dst, src, n) then copyintent_drain(): durable on
 * return. */
void copyintent_memcpy_persist(void *dst, const void *src, size_t n) COPYINTENT_NOEXCEPT;

/* Write back (clean) every cache line that overlaps [p, p+n). No fence. n == 0 flushes
 * nothing. With an eADR persistence domain this is a no-op. */
void copyintent_flush(const void *p, size_t n) COPYINTENT_NOEXCEPT;

/* Wait until every earlier non-temporal store and flush of this thread has reached the
 * persistence domain (x86 sfence, AArch64 dsb sy, POWER phwsync, RISC-V fence ow,ow). */
void copyintent_drain(void) COPYINTENT_NOEXCEPT;

/* What this CPU and configuration guarantee, as the runtime sees them. */
enum copyintent_domain {
  COPYINTENT_DOMAIN_ADR = 0,  /* caches are volatile: lines must be flushed */
  COPYINTENT_DOMAIN_EADR = 1, /* caches are in the persistence domain */
};

struct copyintent_caps {
  int flush;              /* COPYINTENT_FLUSH_* of copyintent/lowering_abi.h */
  const char *flush_name; /* "clwb", "dc cvap", "none", ... */
  const char *drain_name; /* "sfence", "dsb sy", ... */
  unsigned nt_width;      /* widest non-temporal store in bytes; 0 if none used */
  unsigned nt_threshold;  /* copies of at least this many bytes go non-temporal */
  unsigned line_size;     /* flush granule in bytes */
  enum copyintent_domain domain;
  int writethrough_durable; /* 1 when writethrough + drain reaches persistence */
  const char *note;         /* why not durable, or "" */
  unsigned nocache_threshold; /* nocache copies of at least this many bytes go
                                 non-temporal; smaller ones are ordinary copies */
};

/* Fills *caps. Cheap after the first call. */
void copyintent_query(struct copyintent_caps *caps) COPYINTENT_NOEXCEPT;

/* The flush granule in bytes that copyintent_flush steps by on this CPU (the cache
 * line, or RISC-V's Zicbom block size from riscv_hwprobe). Cheap after the first
 * call. */
size_t copyintent_line_size(void) COPYINTENT_NOEXCEPT;

/* Which of the pass's multiversioned clones this CPU runs
 * (-copyintent-dispatch=runtime); see copyintent/lowering_abi.h. */
int copyintent_dispatch_level(void) COPYINTENT_NOEXCEPT;

#ifdef __cplusplus
} /* extern "C" */
#endif

#ifndef COPYINTENT_NO_SHORT_NAMES
/* The seed thread's spellings, as thin inline wrappers. */
static inline void memcpy_nocache(void *dst, const void *src, size_t n) COPYINTENT_NOEXCEPT {
  copyintent_memcpy_nocache(dst, src, n);
}
static inline void memcpy_writethrough(void *dst, const void *src, size_t n) COPYINTENT_NOEXCEPT {
  copyintent_memcpy_writethrough(dst, src, n);
}
static inline void memcpy_persist(void *dst, const void *src, size_t n) COPYINTENT_NOEXCEPT {
  copyintent_memcpy_persist(dst, src, n);
}
static inline void flush_range(const void *p, size_t n) COPYINTENT_NOEXCEPT { copyintent_flush(p, n); }
static inline void drain(void) COPYINTENT_NOEXCEPT { copyintent_drain(); }
#endif

#endif /* COPYINTENT_COPY_H */
