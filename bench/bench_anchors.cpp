//===- bench/bench_anchors.cpp - What the copy intents are measured against --===//
//
//   memcpy                  glibc memcpy (its own CPU dispatch; ordinary stores)
//   memcpy_clwb_sfence      memcpy, then a clwb loop over the destination lines, then
//                           sfence: writethrough + drain written by hand. Falls back
//                           to clflushopt (method memcpy_clflushopt_sfence) or clflush
//                           when the CPU lacks clwb (CPUID.7.0:EBX[24], the "clwb"
//                           flag of /proc/cpuinfo).
//   pmem_memcpy_nodrain     PMDK libpmem: the writethrough equivalent
//   pmem_memcpy_persist     PMDK libpmem: the persist equivalent
//   nt_avx2                 hand-written AVX2 non-temporal copy (vmovntdq, source
//                           prefetch) + sfence, the large-copy anchor
//   memcpy_clwb             memcpy, then the clwb loop, no fence: writethrough by hand
//                           (memcpy_clflushopt / memcpy_clflush without clwb); with
//   nt_avx512_nodrain       AVX-512 (else nt_avx2_nodrain: AVX2) non-temporal stores of
//                           whole lines, no fence, the bounds of what a writethrough
//                           copy can reach at small sizes (report.py, target (b))
//
// The flush and NT instructions are enabled per function with target attributes, so
// this file needs no -march flag.
//
//===----------------------------------------------------------------------===//
#include "bench.h"

#include <cpuid.h>
#include <immintrin.h>
#include <libpmem.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace cibench {

namespace {

void glibcMemcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }

void pmemNodrain(void *d, const void *s, size_t n) { pmem_memcpy_nodrain(d, s, n); }
void pmemPersist(void *d, const void *s, size_t n) { pmem_memcpy_persist(d, s, n); }

// --- memcpy + flush loop + sfence ------------------------------------------------

// One flush per destination line, from the line holding d to the one holding d+n-1.
#define FLUSH_LINES(d, n, insn)                                                          \
  do {                                                                                   \
    if (n) {                                                                             \
      uintptr_t a_ = uintptr_t(d) & ~uintptr_t(63), end_ = uintptr_t(d) + (n);           \
      for (; a_ < end_; a_ += 64)                                                        \
        insn(reinterpret_cast<void *>(a_));                                              \
    }                                                                                    \
  } while (0)

__attribute__((target("clwb"))) void memcpyClwbSfence(void *d, const void *s, size_t n) {
  memcpy(d, s, n);
  FLUSH_LINES(d, n, _mm_clwb);
  _mm_sfence();
}

__attribute__((target("clflushopt"))) void memcpyClflushoptSfence(void *d, const void *s,
                                                                  size_t n) {
  memcpy(d, s, n);
  FLUSH_LINES(d, n, _mm_clflushopt);
  _mm_sfence();
}

void memcpyClflushSfence(void *d, const void *s, size_t n) {
  memcpy(d, s, n);
  FLUSH_LINES(d, n, _mm_clflush);
  _mm_sfence();
}

// The same without the fence: writethrough's contract (nothing dirty on return).
__attribute__((target("clwb"))) void memcpyClwb(void *d, const void *s, size_t n) {
  memcpy(d, s, n);
  FLUSH_LINES(d, n, _mm_clwb);
}

__attribute__((target("clflushopt"))) void memcpyClflushopt(void *d, const void *s,
                                                            size_t n) {
  memcpy(d, s, n);
  FLUSH_LINES(d, n, _mm_clflushopt);
}

void memcpyClflush(void *d, const void *s, size_t n) {
  memcpy(d, s, n);
  FLUSH_LINES(d, n, _mm_clflush);
}

// Whole destination lines by non-temporal stores, no fence: a writethrough for an
// aligned destination and a multiple of 64 bytes (the only cells it is paired on;
// the stores fault on a misaligned destination, so only aligned cells are registered).
__attribute__((target("avx512f"))) void ntAvx512Nodrain(void *dst, const void *src,
                                                        size_t n) {
  char *d = static_cast<char *>(dst);
  const char *s = static_cast<const char *>(src);
  for (; n >= 64; n -= 64, d += 64, s += 64)
    _mm512_stream_si512(reinterpret_cast<__m512i *>(d),
                        _mm512_loadu_si512(reinterpret_cast<const void *>(s)));
  if (n)
    memcpy(d, s, n);
}


bool hasAvx512f() {
  unsigned a, b, c, d;
  return __get_cpuid_count(7, 0, &a, &b, &c, &d) && ((b >> 16) & 1) &&
         __builtin_cpu_supports("avx512f");
}

enum class Flush { Clwb, Clflushopt, Clflush };

Flush detectFlush() {
  unsigned a, b, c, d;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    if ((b >> 24) & 1)
      return Flush::Clwb;
    if ((b >> 23) & 1)
      return Flush::Clflushopt;
  }
  return Flush::Clflush;
}

// Whole lines by AVX2 non-temporal stores, then the tail through the cache; no fence.
__attribute__((target("avx2"))) void ntAvx2Nodrain(void *dst, const void *src, size_t n) {
  char *d = static_cast<char *>(dst);
  const char *s = static_cast<const char *>(src);
  for (; n >= 64; n -= 64, d += 64, s += 64) {
    __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 0));
    __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 32));
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 0), v0);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 32), v1);
  }
  if (n)
    memcpy(d, s, n);
}

// --- AVX2 non-temporal copy ----------------------------------------------------
//
// Cached head up to the next 64-byte boundary of dst; then 256 bytes per iteration
// (eight unaligned 32-byte loads, eight vmovntdq) with a prefetchnta of the source
// 2 KiB ahead; then whole 64-byte lines; cached tail; sfence. Every destination line
// of the body is written entirely by NT stores, so no line is read for ownership.
// Chosen by measurement on the Zen 3 this was written on (16 MiB copies, 80 runs of
// each variant interleaved, medians): the prefetch is worth 5-10% once the source
// comes from DRAM (no prefetch 14.1-14.5 GB/s, prefetchnta 512 B / 1 KiB / 2 KiB /
// 4 KiB ahead 14.6-15.0 / 15.4 / 15.6-15.9 / 14.8-15.2, prefetcht0 1-4 KiB 15.0-15.8,
// PMDK's pmem_memcpy_nodrain 15.1-15.5); at 1 MiB every variant, 64-byte steps and
// 128-byte steps included, measured the same (20.3-21.3 GB/s). 16-byte SSE2 stores
// were slower at 16 MiB.
__attribute__((target("avx2"))) void ntAvx2(void *dst, const void *src, size_t n) {
  char *d = static_cast<char *>(dst);
  const char *s = static_cast<const char *>(src);
  if (n < 64) {
    memcpy(d, s, n);
    return;
  }
  size_t head = (0 - uintptr_t(d)) & 63;
  if (head) {
    memcpy(d, s, head);
    d += head;
    s += head;
    n -= head;
  }
  for (; n >= 256; n -= 256, d += 256, s += 256) {
    _mm_prefetch(s + 2048, _MM_HINT_NTA);
    _mm_prefetch(s + 2048 + 64, _MM_HINT_NTA);
    _mm_prefetch(s + 2048 + 128, _MM_HINT_NTA);
    _mm_prefetch(s + 2048 + 192, _MM_HINT_NTA);
    __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 0));
    __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 32));
    __m256i v2 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 64));
    __m256i v3 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 96));
    __m256i v4 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 128));
    __m256i v5 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 160));
    __m256i v6 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 192));
    __m256i v7 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 224));
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 0), v0);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 32), v1);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 64), v2);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 96), v3);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 128), v4);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 160), v5);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 192), v6);
    _mm256_stream_si256(reinterpret_cast<__m256i *>(d + 224), v7);
  }
  ntAvx2Nodrain(d, s, n); // whole lines, then the cached tail
  _mm_sfence();
}

} // namespace

void registerAnchors() {
  registerCall<glibcMemcpy>("memcpy", true);
  switch (detectFlush()) {
  case Flush::Clwb:
    registerCall<memcpyClwbSfence>("memcpy_clwb_sfence", true);
    break;
  case Flush::Clflushopt:
    registerCall<memcpyClflushoptSfence>("memcpy_clflushopt_sfence", true);
    break;
  case Flush::Clflush:
    registerCall<memcpyClflushSfence>("memcpy_clflush_sfence", true);
    break;
  }
  registerCall<pmemNodrain>("pmem_memcpy_nodrain", true);
  registerCall<pmemPersist>("pmem_memcpy_persist", true);
  registerCall<ntAvx2>("nt_avx2", false);
  // The writethrough bounds.
  switch (detectFlush()) {
  case Flush::Clwb:
    registerCallUpTo<memcpyClwb>("memcpy_clwb", 256);
    break;
  case Flush::Clflushopt:
    registerCallUpTo<memcpyClflushopt>("memcpy_clflushopt", 256);
    break;
  case Flush::Clflush:
    registerCallUpTo<memcpyClflush>("memcpy_clflush", 256);
    break;
  }
  if (hasAvx512f())
    registerCallUpTo<ntAvx512Nodrain>("nt_avx512_nodrain", 256, /*AlignedOnly=*/true);
  else
    registerCallUpTo<ntAvx2Nodrain>("nt_avx2_nodrain", 256, /*AlignedOnly=*/true);
}

std::vector<PollutionMethod> anchorPollutionMethods() {
  std::vector<PollutionMethod> m = {{"memcpy", glibcMemcpy}};
  switch (detectFlush()) {
  case Flush::Clwb:
    m.push_back({"memcpy_clwb_sfence", memcpyClwbSfence});
    break;
  case Flush::Clflushopt:
    m.push_back({"memcpy_clflushopt_sfence", memcpyClflushoptSfence});
    break;
  case Flush::Clflush:
    m.push_back({"memcpy_clflush_sfence", memcpyClflushSfence});
    break;
  }
  m.push_back({"pmem_memcpy_nodrain", pmemNodrain});
  m.push_back({"pmem_memcpy_persist", pmemPersist});
  m.push_back({"nt_avx2", ntAvx2});
  return m;
}

void addAnchorContext() {
  const char *f = "clflush";
  switch (detectFlush()) {
  case Flush::Clwb:
    f = "clwb";
    break;
  case Flush::Clflushopt:
    f = "clflushopt";
    break;
  case Flush::Clflush:
    break;
  }
  benchmark::AddCustomContext("anchor_flush", f);
  benchmark::AddCustomContext("pmem_has_hw_drain", std::to_string(pmem_has_hw_drain()));
  std::string env;
  for (const char *v : {"PMEM_NO_CLWB", "PMEM_NO_CLFLUSHOPT", "PMEM_NO_FLUSH",
                        "PMEM_NO_MOVNT", "PMEM_MOVNT_THRESHOLD", "PMEM_AVX",
                        "PMEM_AVX512F", "PMEM_WC_WORKAROUND", "PMEM_NO_GENERIC_MEMCPY"}) {
    if (const char *x = getenv(v))
      env += std::string(env.empty() ? "" : " ") + v + "=" + x;
  }
  benchmark::AddCustomContext("pmem_env", env.empty() ? "(none)" : env);
}

} // namespace cibench
