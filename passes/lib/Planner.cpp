//===- Planner.cpp - Target-independent copy / flush / fence planner ------===//
//
// See Plan.h. Strategy (lowering-reference.md, b6):
//  - nocache: below the NT threshold an ordinary copy; above it a cached head up to
//    line alignment, whole lines by NT stores, a cached tail, and on x86 an sfence
//    because NT stores are weakly ordered.
//  - writethrough: where NT stores bypass the cache (x86) the same split as nocache
//    with every cached line written back and no fence; elsewhere an ordinary copy
//    followed by a write-back of every line of the destination.
//  - persist: writethrough, then the drain fence.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/Plan.h"

#include <algorithm>
#include <iterator>

namespace copyintent {

namespace {

bool isPowerOfTwo(uint64_t X) { return X && !(X & (X - 1)); }

bool resolveLineSize(const TargetCaps &Caps, const PlanOptions &Opts, unsigned &Line,
                     std::string &Err) {
  Line = Opts.LineSize ? Opts.LineSize : Caps.LineSize;
  if (Opts.LineSize &&
      (!isPowerOfTwo(Opts.LineSize) || Opts.LineSize < 16 || Opts.LineSize > 4096)) {
    Err = "cache line size " + std::to_string(Opts.LineSize) +
          " is not a power of two between 16 and 4096";
    return false;
  }
  return true;
}

/// Chooses the flush instruction for a writethrough plan and says how weak it is.
bool resolveFlush(const TargetCaps &Caps, const PlanOptions &Opts, CopyPlan &Plan,
                  std::string &Err) {
  if (Opts.Dom == Domain::EADR) {
    // The caches are inside the persistence domain: nothing to write back.
    Plan.Flush = FlushKind::None;
    return true;
  }
  if (Opts.Flush != FlushKind::Auto) {
    if (Opts.Flush == FlushKind::None) {
      Err = "flush instruction 'none' needs the eadr persistence domain; with adr "
            "writethrough would leave dirty lines";
      return false;
    }
    if (flushArch(Opts.Flush) != isaFamily(Caps.TheArch)) {
      Err = std::string("flush instruction '") + flushName(Opts.Flush) +
            "' does not exist on " + archName(Caps.TheArch);
      return false;
    }
    Plan.Flush = Opts.Flush;
  } else if (Caps.Flushes.empty()) {
    Plan.Flush = FlushKind::None;
    Plan.Weak = Weakness::NoFlush;
    return true;
  } else {
    Plan.Flush = Caps.Flushes.front();
  }
  if (Plan.Flush == FlushKind::DcCvac)
    Plan.Weak = Weakness::FlushNotToPersistence;
  return true;
}

void resolveNT(const TargetCaps &Caps, const PlanOptions &Opts, bool Wanted,
               uint64_t Threshold, CopyPlan &Plan) {
  if (!Wanted || Caps.NTVectorWidth == 0 || Opts.NT == NTMode::Never) {
    Plan.NTThreshold = CopyPlan::NeverNT;
    return;
  }
  Plan.NTThreshold = Opts.NT == NTMode::Always ? 0 : Threshold;
  Plan.NTWidth = Caps.NTVectorWidth;
  // The body moves whole lines so no body line is ever touched by a cached store.
  Plan.BodyAlign = std::max<unsigned>(64, Caps.NTVectorWidth);
  Plan.NTUnroll = Caps.NTUnroll ? Caps.NTUnroll : 1;
}

} // namespace

bool planCopy(Intent I, const TargetCaps &Caps, const PlanOptions &Opts, CopyPlan &Plan,
              std::string &Err) {
  Plan = CopyPlan();
  Plan.TheIntent = I;
  if (Caps.TheArch == Arch::Unknown) {
    Plan.Weak = Weakness::UnknownTarget;
    return true;
  }
  if (!resolveLineSize(Caps, Opts, Plan.LineSize, Err))
    return false;
  Plan.Fence = Caps.Drain;

  if (I == Intent::Nocache) {
    // nocache's own size policy: below it a cached copy (memcpy's speed, no fence).
    resolveNT(Caps, Opts, /*Wanted=*/true, Opts.NocacheThreshold, Plan);
    Plan.FenceAfterNT = Plan.hasNTPath() && Caps.NTNeedsFence;
    if (Plan.FenceAfterNT)
      Plan.Fence = FenceKind::Sfence;
    return true;
  }

  if (!resolveFlush(Caps, Opts, Plan, Err))
    return false;
  // The drain goes with the flush (flushes.def): on POWER dcbstps is completed by
  // phwsync (ISA 3.1) and dcbf by hwsync, whatever the function's default.
  if (Plan.flushes())
    Plan.Fence = flushDrain(Plan.Flush);
  // NT stores only help writethrough where they leave no dirty line; elsewhere they
  // would be cleaned anyway, so the copy is an ordinary one.
  resolveNT(Caps, Opts, /*Wanted=*/Caps.NTBypassesCache, Opts.NTThreshold, Plan);
  Plan.DrainAtEnd = I == Intent::Persist;
  Plan.NTWholeLines = Plan.DrainAtEnd && Plan.hasNTPath() && Plan.NTThreshold != 0 &&
                      Opts.PersistNTWholeLines;
  return true;
}

bool planFlush(const TargetCaps &Caps, const PlanOptions &Opts, CopyPlan &Plan,
               std::string &Err) {
  if (!planCopy(Intent::Writethrough, Caps, Opts, Plan, Err))
    return false;
  Plan.NTThreshold = CopyPlan::NeverNT;
  Plan.NTWholeLines = false;
  return true;
}

bool takesNTPath(const CopyPlan &Plan, uint64_t Dst, uint64_t N) {
  if (!Plan.hasNTPath())
    return false;
  return N >= Plan.NTThreshold ||
         (Plan.NTWholeLines && ((Dst | N) & (Plan.BodyAlign - 1)) == 0);
}

CopyLayout layoutCopy(const CopyPlan &Plan, uint64_t Dst, uint64_t N) {
  CopyLayout L;
  if (!takesNTPath(Plan, Dst, N)) {
    L.TailCached = N;
    return L;
  }
  L.NTPath = true;
  uint64_t A = Plan.BodyAlign;
  L.Head = std::min<uint64_t>(N, (0 - Dst) & (A - 1));
  uint64_t Rem = N - L.Head;
  L.Body = Rem & ~(A - 1);
  L.TailCached = Rem - L.Body;
  return L;
}

std::vector<PlanEvent> simulateCopy(const CopyPlan &Plan, uint64_t Dst, uint64_t N) {
  std::vector<PlanEvent> Ev;
  uint64_t Line = Plan.LineSize ? Plan.LineSize : 64;
  auto FlushRange = [&](uint64_t Off, uint64_t Len) {
    if (!Plan.flushes() || Len == 0)
      return;
    uint64_t First = (Dst + Off) & ~(Line - 1);
    uint64_t Last = (Dst + Off + Len - 1) & ~(Line - 1);
    for (uint64_t A = First; A <= Last; A += Line)
      Ev.push_back({PlanEvent::Flush, A - Dst, Line});
  };
  CopyLayout L = layoutCopy(Plan, Dst, N);
  if (!L.NTPath) {
    if (N)
      Ev.push_back({PlanEvent::Store, 0, N});
    FlushRange(0, N);
  } else {
    if (L.Head)
      Ev.push_back({PlanEvent::Store, 0, L.Head});
    FlushRange(0, L.Head);
    for (uint64_t Off = 0; Off < L.Body; Off += Plan.NTWidth)
      Ev.push_back({PlanEvent::StoreNT, L.Head + Off, Plan.NTWidth});
    uint64_t Off = L.Head + L.Body;
    if (L.TailCached)
      Ev.push_back({PlanEvent::Store, Off, L.TailCached});
    FlushRange(Off, L.TailCached);
    if (Plan.FenceAfterNT && L.Body != 0)
      Ev.push_back({PlanEvent::Fence, 0, 0});
  }
  if (Plan.DrainAtEnd)
    Ev.push_back({PlanEvent::Fence, 0, 0});
  return Ev;
}

namespace {

struct FlushRow {
  FlushKind Kind;
  const char *Name;
  const char *Description;
  Arch TheArch;
  FenceKind Drain;
};

constexpr FlushRow FlushRows[] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, A, Drain, Feature)    \
  {FlushKind::Kind, Name, Description, Arch::A, FenceKind::Drain},
#include "copyintent/flushes.def"
};

const FlushRow *flushRow(FlushKind K) {
  for (const FlushRow &R : FlushRows)
    if (R.Kind == K)
      return &R;
  return nullptr;
}

constexpr const char *ArchNames[] = {
#define COPYINTENT_TARGET(A, Name, ...) Name,
#include "CopyIntent/Targets.def"
};

} // namespace

const char *flushName(FlushKind K) {
  const FlushRow *R = flushRow(K);
  return R ? R->Name : "?";
}
const char *flushDescription(FlushKind K) {
  const FlushRow *R = flushRow(K);
  return R ? R->Description : "?";
}
Arch flushArch(FlushKind K) {
  const FlushRow *R = flushRow(K);
  return R ? R->TheArch : Arch::Unknown;
}
FenceKind flushDrain(FlushKind K) {
  const FlushRow *R = flushRow(K);
  return R ? R->Drain : FenceKind::None;
}
std::vector<FlushKind> allFlushKinds() {
  std::vector<FlushKind> Out;
  for (const FlushRow &R : FlushRows)
    Out.push_back(R.Kind);
  return Out;
}
bool parseFlushName(const std::string &Name, FlushKind &K) {
  for (const FlushRow &R : FlushRows)
    if (Name == R.Name) {
      K = R.Kind;
      return true;
    }
  return false;
}
const char *fenceName(FenceKind K) {
  switch (K) {
#define COPYINTENT_FENCE_ROW(Kind, Name)                                                 \
  case FenceKind::Kind:                                                                  \
    return Name;
#include "copyintent/fences.def"
  }
  return "?";
}
const char *archName(Arch A) {
  unsigned I = static_cast<unsigned>(A);
  return I < std::size(ArchNames) ? ArchNames[I] : "an unsupported target";
}
Arch isaFamily(Arch A) {
#define COPYINTENT_TARGET(Ar, Name, Caps, Emitter, Family, ...)                          \
  if (A == Arch::Ar)                                                                     \
    return Arch::Family;
#include "CopyIntent/Targets.def"
  return Arch::Unknown;
}

bool parseArchName(const std::string &Name, Arch &A) {
  for (unsigned I = 0; I < std::size(ArchNames); ++I)
    if (Name == ArchNames[I]) {
      A = static_cast<Arch>(I);
      return true;
    }
  return false;
}

} // namespace copyintent
