//===- bench/bench.h - Shared by the benchmark's translation units -*- C++ -*-===//
//
// One binary, four translation units, so every method is measured side by side in one
// run and under the same conditions:
//   bench_main.cpp     main(), buffers, run context, cache-pollution benchmark
//   bench_lowered.cpp  copyintent_* lowered inline by CopyIntent.so (-march=native)
//   bench_runtime.cpp  copyintent_* calls into libcopyintent.a (runtime CPU dispatch)
//   bench_anchors.cpp  glibc memcpy, memcpy + clwb + sfence, libpmem, AVX2 NT loop
//
// Benchmark names are "<method>/<alignment>/<bytes>" (pollution: "pollution/<method>/
// <bytes>"); bench/report.py parses them, so keep the scheme.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_BENCH_H
#define COPYINTENT_BENCH_H

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cibench {

using CopyFn = void (*)(void *dst, const void *src, size_t n);

/// Copy sizes of the throughput benchmarks (kLongSize only with --long).
inline constexpr size_t kSizes[] = {64,         256,         1024,        4096,
                                    64 * 1024,  1024 * 1024, 16u << 20};
inline constexpr size_t kLongSize = size_t(256) << 20;

/// Offsets of the misaligned case: dst + 1, src + 3.
inline constexpr size_t kDstMisalign = 1;
inline constexpr size_t kSrcMisalign = 3;

/// Source and destination of a copy of up to capacity() bytes. The source starts
/// 512 bytes after a 2 MiB boundary (still line aligned) so that source and
/// destination do not alias modulo 4 KiB, which would stall loads behind stores on
/// both Intel and AMD cores and favour whichever method happens to order them best.
struct Buffers {
  char *dst = nullptr;
  char *src = nullptr;
  size_t capacity = 0;
};
const Buffers &buffers();

/// The pointers of one benchmark: aligned, or dst + 1 / src + 3.
struct Span {
  char *dst;
  const char *src;
};
inline Span span(bool misaligned) {
  const Buffers &b = buffers();
  if (!misaligned)
    return {b.dst, b.src};
  return {b.dst + kDstMisalign, b.src + kSrcMisalign};
}

/// The sizes to register: kSizes, plus kLongSize with --long.
std::vector<size_t> sizes();
/// Whether the 256 MiB case is enabled.
bool longRun();

/// "<method>/<aligned|misaligned>/<bytes>".
std::string benchName(const std::string &method, bool misaligned, size_t n);

/// Throughput of F(dst, src, n): a direct call (F is a template argument, so the
/// call is the same as in user code), n not known to the compiler.
template <CopyFn F> void benchCall(benchmark::State &st, size_t n, bool misaligned) {
  Span sp = span(misaligned);
  char *d = sp.dst;
  const char *s = sp.src;
  for (auto _ : st) {
    F(d, s, n);
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(n));
}

/// Registers benchCall<F> for every size and both alignments.
template <CopyFn F> void registerCall(const std::string &method) {
  for (bool mis : {false, true})
    for (size_t n : sizes())
      benchmark::RegisterBenchmark(benchName(method, mis, n).c_str(),
                                   [n, mis](benchmark::State &st) {
                                     benchCall<F>(st, n, mis);
                                   });
}

/// Methods that the cache-pollution benchmark runs (copy out of line, untimed).
struct PollutionMethod {
  std::string name;
  CopyFn fn;
};

// Registration and pollution entries of each translation unit.
void registerLowered();
void registerRuntime();
void registerAnchors();
std::vector<PollutionMethod> loweredPollutionMethods();
std::vector<PollutionMethod> runtimePollutionMethods();
std::vector<PollutionMethod> anchorPollutionMethods();

/// Context strings for the JSON output (flush instruction of the anchor, ...).
void addAnchorContext();
void addRuntimeContext();

} // namespace cibench

#endif // COPYINTENT_BENCH_H
