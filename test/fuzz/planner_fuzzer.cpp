//===- planner_fuzzer.cpp - The planner against the contract, by libFuzzer ===//
//
// Decodes target capabilities, plan options, an operation, a destination address
// and a size from the input, plans the call as the pass would (planCopy /
// planFlush), lets the planner's simulateCopy() spell out the events, and runs the
// contract checker of the model tests (test/model/contract.c) on them. Any
// violation prints the inputs and the events and aborts, which libFuzzer reports
// as a crash with the input saved.
//
// The model sweeps cover the real targets' capabilities exhaustively over sizes
// and alignments; the fuzzer adds what they cannot enumerate: any combination of
// line size, NT width, flush list, forced flush, NT mode and threshold, domain,
// any 48-bit address. Capabilities stay within what a target could report (a
// target's own flush instructions, a real drain fence, power-of-two line sizes and
// NT widths), so a report is a planner bug and not an impossible input.
//
// Build and run: scripts/fuzz.sh [seconds] (default 60), which keeps its corpus in
// build/fuzz/corpus; or by hand:
//   clang -fsanitize=address,undefined -Itest/model -Iinclude \
//       -c test/model/contract.c -o contract.o
//   clang++ -std=c++17 -fsanitize=fuzzer,address,undefined -Ipasses/include \
//       -Iinclude -Itest/model test/fuzz/planner_fuzzer.cpp \
//       passes/lib/Planner.cpp contract.o -o planner_fuzzer
//   ./planner_fuzzer -max_total_time=3600 corpus/
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/Plan.h"
#include "contract.h"
#include "copyintent/lowering_abi.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace copyintent;

// The checker names flush and fence kinds by the numbers the model emitter passes.
static_assert(unsigned(FlushKind::Clwb) == COPYINTENT_FLUSH_CLWB &&
                  unsigned(FlushKind::CboClean) == COPYINTENT_FLUSH_CBO_CLEAN &&
                  unsigned(FlushKind::CboClean) == COPYINTENT_FLUSH_LAST,
              "FlushKind and COPYINTENT_FLUSH_* disagree");
static_assert(unsigned(FenceKind::Sfence) == CI_FENCE_SFENCE &&
                  unsigned(FenceKind::DsbSy) == CI_FENCE_DSB_SY &&
                  unsigned(FenceKind::HwSync) == CI_FENCE_HWSYNC &&
                  unsigned(FenceKind::PhwSync) == CI_FENCE_PHWSYNC &&
                  unsigned(FenceKind::FenceOwOw) == CI_FENCE_OW_OW,
              "FenceKind and CI_FENCE_* disagree");

namespace {

const Arch Arches[] = {Arch::X86_64, Arch::AArch64, Arch::PPC64, Arch::RISCV64,
                       Arch::Unknown};
const FenceKind Fences[] = {FenceKind::Sfence, FenceKind::DsbSy, FenceKind::HwSync,
                            FenceKind::PhwSync, FenceKind::FenceOwOw};
const unsigned NTWidths[] = {0, 4, 8, 16, 32, 64};

struct Input {
  TargetCaps Caps;
  PlanOptions Opts;
  ci_op Op = CI_OP_NOCACHE;
  uint64_t Dst = 0, N = 0;
};

/// A power of two 2^Lo .. 2^Hi, or 0 when Zero is allowed and chosen.
unsigned powerOfTwo(FuzzedDataProvider &P, unsigned Lo, unsigned Hi, bool Zero) {
  if (Zero && P.ConsumeBool())
    return 0;
  return 1u << P.ConsumeIntegralInRange<unsigned>(Lo, Hi);
}

void decodeCaps(FuzzedDataProvider &P, TargetCaps &C) {
  C.TheArch = P.PickValueInArray(Arches);
  C.LineSize = powerOfTwo(P, 4, 12, /*Zero=*/true); // 0: read at run time
  C.NTVectorWidth = P.PickValueInArray(NTWidths);
  C.NTBypassesCache = P.ConsumeBool();
  C.NTNeedsFence = P.ConsumeBool();
  // Some of the arch's own flush instructions, in any order.
  unsigned Count = P.ConsumeIntegralInRange<unsigned>(0, 3);
  for (unsigned I = 0; I < Count; ++I) {
    auto K = static_cast<FlushKind>(P.ConsumeIntegralInRange<unsigned>(
        COPYINTENT_FLUSH_CLFLUSH, COPYINTENT_FLUSH_LAST));
    if (flushArch(K) == isaFamily(C.TheArch))
      C.Flushes.push_back(K);
  }
  C.Drain = P.PickValueInArray(Fences);
}

void decodeOptions(FuzzedDataProvider &P, PlanOptions &O) {
  O.Dom = P.ConsumeBool() ? Domain::EADR : Domain::ADR;
  // Mostly auto; any other number, including one of another arch, must be either
  // honoured or refused with an error.
  O.Flush = P.ConsumeBool() ? FlushKind::Auto
                            : static_cast<FlushKind>(P.ConsumeIntegralInRange<unsigned>(
                                  0, COPYINTENT_FLUSH_LAST));
  O.NT = static_cast<NTMode>(P.ConsumeIntegralInRange<unsigned>(0, 2));
  switch (P.ConsumeIntegralInRange<unsigned>(0, 2)) {
  case 0: break; // the default 256
  case 1: O.NTThreshold = P.ConsumeIntegralInRange<uint64_t>(0, 4096); break;
  case 2: O.NTThreshold = P.ConsumeIntegral<uint64_t>(); break;
  }
  switch (P.ConsumeIntegralInRange<unsigned>(0, 2)) {
  case 0: break; // the target's
  case 1: O.LineSize = powerOfTwo(P, 4, 12, false); break;
  case 2: O.LineSize = P.ConsumeIntegral<unsigned>(); break; // usually refused
  }
}

Input decode(FuzzedDataProvider &P) {
  Input In;
  decodeCaps(P, In.Caps);
  decodeOptions(P, In.Opts);
  In.Op = static_cast<ci_op>(P.ConsumeIntegralInRange<unsigned>(0, CI_OP_DRAIN));
  // Anywhere in a 48-bit address space: the checker never dereferences it.
  In.Dst = P.ConsumeIntegralInRange<uint64_t>(0, (uint64_t(1) << 48) - 1);
  // Mostly small sizes, where the head/body/tail edges are; now and then up to
  // 64 KiB. Larger sizes only repeat the body (the sweeps run some MiB) and cost
  // the fuzzer its speed. An exhausted input decodes as 0: the large sizes are at
  // the top of the range.
  unsigned Scale = P.ConsumeIntegralInRange<unsigned>(0, 15);
  uint64_t Max = Scale == 15 ? 65536 : Scale >= 12 ? 8192 : 1024;
  In.N = P.ConsumeIntegralInRange<uint64_t>(0, Max);
  return In;
}

/// The expectations the checker gets, derived from the inputs, not from the plan.
ci_contract_case contractOf(const Input &In) {
  ci_contract_case C = {};
  C.op = In.Op;
  C.dst = In.Dst;
  C.n = In.N;
  C.line = In.Opts.LineSize ? In.Opts.LineSize : In.Caps.LineSize ? In.Caps.LineSize : 64;
  C.eadr = In.Opts.Dom == Domain::EADR;
  C.nt_bypasses_cache = In.Caps.NTBypassesCache;
  C.nt_needs_fence = In.Caps.NTNeedsFence;
  C.wt_fence_is_defect = In.Caps.TheArch == Arch::X86_64;
  if (In.Opts.Flush != FlushKind::Auto)
    C.flush_kind = unsigned(In.Opts.Flush);
  else if (!In.Caps.Flushes.empty())
    C.flush_kind = unsigned(In.Caps.Flushes.front());
  return C;
}

/// What the pass would emit for the call, as the checker's events.
std::vector<ci_event> eventsOf(const Input &In, const CopyPlan &Plan) {
  std::vector<ci_event> Ev;
  auto Fence = [&] { Ev.push_back({CI_EV_FENCE, unsigned(Plan.Fence), 0, 0}); };
  if (In.Op == CI_OP_DRAIN) {
    Fence();
    return Ev;
  }
  for (const PlanEvent &E : simulateCopy(Plan, In.Dst, In.N)) {
    uint64_t A = In.Dst + E.Offset;
    switch (E.K) {
    case PlanEvent::Store:
      // A range flush is the flush half of a writethrough plan: its simulation
      // also stores, which the pass does not emit for copyintent_flush().
      if (In.Op != CI_OP_FLUSH)
        Ev.push_back({CI_EV_STORE, 0, A, E.Size});
      break;
    case PlanEvent::StoreNT: Ev.push_back({CI_EV_STORE_NT, 0, A, E.Size}); break;
    case PlanEvent::Flush: Ev.push_back({CI_EV_FLUSH, unsigned(Plan.Flush), A, 0}); break;
    case PlanEvent::Fence: Fence(); break;
    }
  }
  return Ev;
}

[[noreturn]] void report(const Input &In, const ci_contract_case &C,
                         const std::vector<ci_event> &Ev, const char *Why) {
  std::fprintf(stderr, "VIOLATION: %s\n", Why);
  const TargetCaps &T = In.Caps;
  std::fprintf(stderr,
               "caps: %s line=%u nt_width=%u nt_bypasses_cache=%d "
               "nt_needs_fence=%d drain=%s flushes=",
               archName(T.TheArch), T.LineSize, T.NTVectorWidth,
               T.NTBypassesCache, T.NTNeedsFence, fenceName(T.Drain));
  for (FlushKind K : T.Flushes)
    std::fprintf(stderr, "%s,", flushName(K));
  const PlanOptions &O = In.Opts;
  const char *NT = O.NT == NTMode::Auto    ? "auto"
                   : O.NT == NTMode::Never ? "never"
                                           : "always";
  std::fprintf(stderr, "\noptions: domain=%s flush=%s nt=%s nt_threshold=%llu line=%u\n",
               O.Dom == Domain::EADR ? "eadr" : "adr", flushName(O.Flush), NT,
               (unsigned long long)O.NTThreshold, O.LineSize);
  ci_print_case(stderr, &C);
  ci_print_events(stderr, &C, Ev.data(), Ev.size(), 200);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  FuzzedDataProvider P(Data, Size);
  Input In = decode(P);

  CopyPlan Plan;
  std::string Err;
  Intent I = In.Op == CI_OP_NOCACHE        ? Intent::Nocache
             : In.Op == CI_OP_WRITETHROUGH ? Intent::Writethrough
                                           : Intent::Persist; // persist, drain
  bool Ok = In.Op == CI_OP_FLUSH ? planFlush(In.Caps, In.Opts, Plan, Err)
                                 : planCopy(I, In.Caps, In.Opts, Plan, Err);
  ci_contract_case C = contractOf(In);
  if (!Ok) {
    // Refusing is fine (the pass reports it and keeps the call), silently is not.
    if (Err.empty())
      report(In, C, {}, "the planner refused without an error message");
    return 0;
  }
  // The calls the pass keeps for the runtime: nothing was lowered to check.
  if (Plan.Weak == Weakness::UnknownTarget)
    return 0;
  if (Plan.Weak == Weakness::NoFlush && In.Op != CI_OP_NOCACHE && In.Op != CI_OP_DRAIN)
    return 0;

  std::vector<ci_event> Ev = eventsOf(In, Plan);
  char Why[512];
  if (ci_check_contract(&C, Ev.data(), Ev.size(), Why, sizeof Why))
    report(In, C, Ev, Why);
  return 0;
}
