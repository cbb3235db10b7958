//===- bench/bench_lowered.cpp - copyintent_* lowered by the pass -----------===//
//
// Compiled by clang++-22 with -fpass-plugin=CopyIntent.so -march=native: every
// copyintent_* call below is replaced by inline code planned for this CPU. The build
// checks (check_lowered.cmake) that this object references none of the runtime's
// entry points, so a call the pass left alone cannot silently measure the runtime.
//
//   plugin.<intent>        n is a run-time value (the pass emits the size checks)
//   plugin_const.<intent>  n is a template argument: the pass sees a constant
//
//===----------------------------------------------------------------------===//
#include "bench.h"

#include "copyintent/copy.h"

#include <utility>

namespace cibench {

namespace {

enum class Op { Nocache, Writethrough, Persist };

const char *opName(Op o) {
  switch (o) {
  case Op::Nocache: return "nocache";
  case Op::Writethrough: return "writethrough";
  case Op::Persist: return "persist";
  }
  return "?";
}

template <Op O> inline __attribute__((always_inline)) void copy(void *d, const void *s,
                                                                size_t n) {
  if constexpr (O == Op::Nocache)
    copyintent_memcpy_nocache(d, s, n);
  else if constexpr (O == Op::Writethrough)
    copyintent_memcpy_writethrough(d, s, n);
  else
    copyintent_memcpy_persist(d, s, n);
}

template <Op O> void benchVar(benchmark::State &st, size_t n, bool misaligned) {
  Span sp = span(misaligned);
  char *d = sp.dst;
  const char *s = sp.src;
  for (auto _ : st) {
    copy<O>(d, s, n);
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(n));
}

template <Op O, size_t N> void benchConst(benchmark::State &st, bool misaligned) {
  Span sp = span(misaligned);
  char *d = sp.dst;
  const char *s = sp.src;
  for (auto _ : st) {
    copy<O>(d, s, N);
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(N));
}

template <Op O> void registerVar() {
  std::string method = std::string("plugin.") + opName(O);
  for (bool mis : {false, true})
    for (size_t n : sizes())
      benchmark::RegisterBenchmark(benchName(method, mis, n).c_str(),
                                   [n, mis](benchmark::State &st) {
                                     benchVar<O>(st, n, mis);
                                   });
}

template <Op O, size_t N> void registerConstOne(bool mis) {
  if (N == kLongSize && !longRun())
    return;
  std::string method = std::string("plugin_const.") + opName(O);
  benchmark::RegisterBenchmark(benchName(method, mis, N).c_str(),
                               [mis](benchmark::State &st) { benchConst<O, N>(st, mis); });
}

template <Op O, size_t... I> void registerConstAll(std::index_sequence<I...>, bool mis) {
  (registerConstOne<O, kSizes[I]>(mis), ...);
  registerConstOne<O, kLongSize>(mis);
}

template <Op O> void registerConst() {
  for (bool mis : {false, true})
    registerConstAll<O>(std::make_index_sequence<std::size(kSizes)>(), mis);
}

// Out-of-line copies (run-time n) for the pollution benchmark, which does not time
// the copy itself.
__attribute__((noinline)) void pluginNocache(void *d, const void *s, size_t n) {
  copyintent_memcpy_nocache(d, s, n);
}
__attribute__((noinline)) void pluginWritethrough(void *d, const void *s, size_t n) {
  copyintent_memcpy_writethrough(d, s, n);
}
__attribute__((noinline)) void pluginPersist(void *d, const void *s, size_t n) {
  copyintent_memcpy_persist(d, s, n);
}

} // namespace

void registerLowered() {
  registerVar<Op::Nocache>();
  registerVar<Op::Writethrough>();
  registerVar<Op::Persist>();
  registerConst<Op::Nocache>();
  registerConst<Op::Writethrough>();
  registerConst<Op::Persist>();
}

std::vector<PollutionMethod> loweredPollutionMethods() {
  return {{"plugin.nocache", pluginNocache},
          {"plugin.writethrough", pluginWritethrough},
          {"plugin.persist", pluginPersist}};
}

} // namespace cibench
