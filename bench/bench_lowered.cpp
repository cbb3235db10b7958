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
  case Op::Nocache:
    return "nocache";
  case Op::Writethrough:
    return "writethrough";
  case Op::Persist:
    return "persist";
  }
  return "?";
}

template <Op O>
inline __attribute__((always_inline)) void copy(void *d, const void *s, size_t n) {
  if constexpr (O == Op::Nocache)
    copyintent_memcpy_nocache(d, s, n);
  else if constexpr (O == Op::Writethrough)
    copyintent_memcpy_writethrough(d, s, n);
  else
    copyintent_memcpy_persist(d, s, n);
}

template <Op O> void registerVar() {
  registerSizes(
      std::string("plugin.") + opName(O), /*withSameDst=*/O != Op::Nocache,
      [](size_t n) { return [n](char *d, const char *s) { copy<O>(d, s, n); }; });
}

// The size is a template argument, so after inlining the pass sees a constant.
template <Op O, size_t N> void registerConstOne(Variant v) {
  if ((N == kLongSize && !longRun()) || !wanted(v, N, /*withSameDst=*/O != Op::Nocache))
    return;
  registerMethod(std::string("plugin_const.") + opName(O), v, N,
                 [](char *d, const char *s) { copy<O>(d, s, N); });
}

template <Op O, size_t... I> void registerConstAll(std::index_sequence<I...>, Variant v) {
  (registerConstOne<O, kSizes[I]>(v), ...);
  registerConstOne<O, kLongSize>(v);
}

template <Op O> void registerConst() {
  for (Variant v : {Variant::Aligned, Variant::Misaligned, Variant::SameDst, Variant::Ragged})
    registerConstAll<O>(std::make_index_sequence<std::size(kSizes)>(), v);
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

template <Op O, size_t N>
__attribute__((noinline)) void constCopy(void *d, const void *s) {
  copy<O>(d, s, N);
}

template <Op O, size_t... I>
void addConstCopies(std::vector<FixedCopy> &v, std::index_sequence<I...>) {
  (v.push_back(
       {std::string("plugin_const.") + opName(O), kSizes[I], constCopy<O, kSizes[I]>}),
   ...);
}

} // namespace

std::vector<FixedCopy> loweredConstCopies() {
  std::vector<FixedCopy> v;
  auto idx = std::make_index_sequence<std::size(kSizes)>();
  addConstCopies<Op::Nocache>(v, idx);
  addConstCopies<Op::Writethrough>(v, idx);
  addConstCopies<Op::Persist>(v, idx);
  return v;
}

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
