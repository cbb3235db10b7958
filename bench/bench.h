//===- bench/bench.h - Shared by the benchmark's translation units -*- C++ -*-===//
//
// One binary, five translation units, so every method is measured side by side in one
// run and under the same conditions:
//   bench_main.cpp     main(), buffers, run context, cache-pollution benchmark
//   bench_lowered.cpp  copyintent_* lowered inline by CopyIntent.so (-march=native)
//   bench_runtime.cpp  copyintent_* calls into libcopyintent.a (runtime CPU dispatch)
//   bench_anchors.cpp  glibc memcpy, memcpy + clwb + sfence, libpmem, AVX2 NT loop
//   bench_paired.cpp   the target ratios, two methods timed alternately
//
// Benchmark names are "<method>/<variant>/<bytes>" (variant: aligned, misaligned,
// samedst) and "<pollution group>/<method>/<hot bytes>"; bench/report.py parses them,
// so keep the scheme.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_BENCH_H
#define COPYINTENT_BENCH_H

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cibench {

using CopyFn = void (*)(void *dst, const void *src, size_t n);

/// Copy sizes of the throughput benchmarks (kLongSize only with --long).
inline constexpr size_t kSizes[] = {64,         256,        1024,        4096,
                                    16 * 1024,  64 * 1024,  256 * 1024,  1024 * 1024,
                                    16u << 20};
inline constexpr size_t kLongSize = size_t(256) << 20;

/// Offsets of the misaligned case: dst + 1, src + 3.
inline constexpr size_t kDstMisalign = 1;
inline constexpr size_t kSrcMisalign = 3;
/// The ragged case: dst + 61 (a head of 3 bytes, and a tail of 61 at multiples of 64,
/// which the other variants never have: dst + 1 leaves a tail of 1 byte).
inline constexpr size_t kDstRagged = 61;
inline constexpr size_t kRaggedSizes[] = {256, 1024, 4096, 16 * 1024};

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

/// Where the copies of one benchmark go.
///   Aligned     dst and src 64-byte aligned
///   Misaligned  dst + 1, src + 3
///   SameDst     aligned, and every iteration copies to the same place
///   Ragged      dst + 61, src + 3 (kRaggedSizes only)
/// Aligned and Misaligned advance dst and src by a stride of round_up(n, 64) + 64
/// bytes per iteration through a ring of kRingBytes (a log-append pattern), so that
/// no copy rewrites a line that the previous iteration just flushed: clwb/clflushopt
/// evict the line on some CPUs (Zen 3), and the next store to it then waits for the
/// write-back and a refill (~190 ns there), which would swamp every small copy and
/// hide the differences between methods. SameDst (registered for small sizes only)
/// measures exactly that worst case. Copies of 32 KiB and more have a one-slot ring
/// (they are long enough for the first line's write-back to finish before it is
/// rewritten).
enum class Variant { Aligned, Misaligned, SameDst, Ragged };
inline constexpr size_t kRingBytes = 64 * 1024;
inline constexpr size_t kSameDstSizes[] = {64, 256};

inline const char *variantName(Variant v) {
  switch (v) {
  case Variant::Aligned:
    return "aligned";
  case Variant::Misaligned:
    return "misaligned";
  case Variant::SameDst:
    return "samedst";
  case Variant::Ragged:
    return "ragged";
  }
  return "?";
}

/// The first destination and source of a benchmark and the ring it walks.
struct Cursor {
  char *dst;
  const char *src;
  size_t stride; ///< bytes added to both per iteration
  size_t wrap;   ///< back to offset 0 when the offset reaches this
};
inline Cursor cursor(Variant v, size_t n) {
  const Buffers &b = buffers();
  Cursor c{b.dst, b.src, 0, 0};
  if (v == Variant::Misaligned || v == Variant::Ragged) {
    c.dst += v == Variant::Ragged ? kDstRagged : kDstMisalign;
    c.src += kSrcMisalign;
  }
  size_t stride = (n + 63) / 64 * 64 + 64;
  size_t slots = v == Variant::SameDst ? 1 : kRingBytes / stride;
  if (slots <= 1) {
    c.stride = 0; // the offset stays 0
    c.wrap = 0;
  } else {
    c.stride = stride;
    c.wrap = slots * stride;
  }
  return c;
}

/// The sizes to register: kSizes, plus kLongSize with --long.
std::vector<size_t> sizes();
/// Whether the 256 MiB case is enabled.
bool longRun();

/// "<method>/<variant>/<bytes>".
std::string benchName(const std::string &method, Variant v, size_t n);

/// Walks the ring of a Cursor: the place of the next copy.
struct Ring {
  Cursor c;
  size_t off = 0;
  char *dst() const { return c.dst + off; }
  const char *src() const { return c.src + off; }
  void advance() {
    off += c.stride;
    if (off == c.wrap)
      off = 0;
  }
};

/// The benchmark loop shared by every method: copy(dst, src) per iteration, then
/// the next slot of the ring. n is a run-time value unless copy has it built in.
template <typename Copy>
inline __attribute__((always_inline)) void runCopies(benchmark::State &st, size_t n,
                                                     Variant v, Copy copy) {
  Ring r{cursor(v, n)};
  for (auto _ : st) {
    copy(r.dst(), r.src());
    benchmark::ClobberMemory();
    r.advance();
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(n));
}

/// One method at one size and variant as a block of `count` copies, with the same
/// inline loop as runCopies, each block continuing through the ring where the
/// previous one stopped. bench_paired.cpp times two methods' blocks alternately.
using Block = std::function<void(size_t count)>;

template <typename Copy> Block makeBlock(size_t n, Variant v, Copy copy) {
  auto ring = std::make_shared<std::optional<Ring>>();
  return [n, v, copy, ring](size_t count) {
    if (!*ring) // the buffers exist only once main() has allocated them
      ring->emplace(Ring{cursor(v, n)});
    Ring &r = **ring;
    for (size_t i = 0; i < count; ++i) {
      copy(r.dst(), r.src());
      benchmark::ClobberMemory();
      r.advance();
    }
  };
}

/// The blocks registered so far, by benchName().
void addBlock(const std::string &name, Block block);
const Block *findBlock(const std::string &name);

/// Registers "<method>/<variant>/<n>": the throughput benchmark and its block.
/// copy(dst, src) copies n bytes.
template <typename Copy>
void registerMethod(const std::string &method, Variant v, size_t n, Copy copy) {
  std::string name = benchName(method, v, n);
  benchmark::RegisterBenchmark(
      name.c_str(), [n, v, copy](benchmark::State &st) { runCopies(st, n, v, copy); });
  addBlock(name, makeBlock(n, v, copy));
}

/// Whether variant v at size n is registered (SameDst only for kSameDstSizes, and
/// only for methods that measure it; Ragged only for kRaggedSizes).
inline bool wanted(Variant v, size_t n, bool withSameDst) {
  auto in = [n](const auto &Sizes) {
    return std::find(std::begin(Sizes), std::end(Sizes), n) != std::end(Sizes);
  };
  switch (v) {
  case Variant::SameDst:
    return withSameDst && in(kSameDstSizes);
  case Variant::Ragged:
    return in(kRaggedSizes);
  default:
    return true;
  }
}

/// Registers a method at every size and variant; copyFor(n) returns its copy(dst, src).
template <typename CopyFor>
void registerSizes(const std::string &method, bool withSameDst, CopyFor copyFor) {
  for (Variant v : {Variant::Aligned, Variant::Misaligned, Variant::SameDst, Variant::Ragged})
    for (size_t n : sizes())
      if (wanted(v, n, withSameDst))
        registerMethod(method, v, n, copyFor(n));
}

/// Registers F(dst, src, n) for every size and variant: a direct call (F is a
/// template argument, so the call is the same as in user code), n not known to the
/// compiler.
template <CopyFn F> void registerCall(const std::string &method, bool withSameDst) {
  registerSizes(method, withSameDst,
                [](size_t n) { return [n](char *d, const char *s) { F(d, s, n); }; });
}

/// The same for sizes up to Max only: the hand-written bounds that report.py pairs
/// at small sizes. AlignedOnly: for code that faults on a misaligned destination
/// (non-temporal vector stores).
template <CopyFn F>
void registerCallUpTo(const std::string &method, size_t Max, bool AlignedOnly = false) {
  for (Variant v : {Variant::Aligned, Variant::Misaligned})
    for (size_t n : sizes())
      if (n <= Max && wanted(v, n, false) && (!AlignedOnly || v == Variant::Aligned))
        registerMethod(method, v, n, [n](char *d, const char *s) { F(d, s, n); });
}

/// Methods that the cache-pollution benchmark runs (copy out of line, untimed).
struct PollutionMethod {
  std::string name;
  CopyFn fn;
};

/// A copy whose size is built in (the pass's constant-size lowering), for the
/// correctness check that runs before anything is timed.
struct FixedCopy {
  std::string name;
  size_t n;
  void (*fn)(void *dst, const void *src);
};
std::vector<FixedCopy> loweredConstCopies();

// Registration and pollution entries of each translation unit.
void registerLowered();
void registerRuntime();
void registerAnchors();
/// The paired benchmarks, each `rounds` rounds (0: the default, 31).
void registerPaired(int rounds);
std::vector<PollutionMethod> loweredPollutionMethods();
std::vector<PollutionMethod> runtimePollutionMethods();
std::vector<PollutionMethod> anchorPollutionMethods();

/// Context strings for the JSON output (flush instruction of the anchor, ...).
void addAnchorContext();
void addRuntimeContext();

} // namespace cibench

#endif // COPYINTENT_BENCH_H
