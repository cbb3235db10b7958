//===- Plan.h - Target-independent copy / flush / fence planner -*- C++ -*-===//
//
// The one place that decides how a copy with a given intent is carried out on a
// target: which bytes go by non-temporal stores and which by ordinary stores, which
// cache lines are written back, and where fences go. The IR emitters, the runtime
// (compiled through the pass), the model checker and the fuzzer all consume a CopyPlan;
// none of them decides strategy on its own.
//
// This header has no LLVM dependency so that the fuzzer and host tools can use it.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_PLAN_H
#define COPYINTENT_PLAN_H

#include "copyintent/lowering_abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace copyintent {

/// The targets of Targets.def, and Unknown for every other.
enum class Arch {
#define COPYINTENT_TARGET(A, ...) A,
#include "CopyIntent/Targets.def"
  Unknown
};

enum class Intent { Nocache, Writethrough, Persist };

/// Drain fences: the rows of copyintent/fences.def.
enum class FenceKind {
#define COPYINTENT_FENCE_ROW(Kind, Name) Kind,
#include "copyintent/fences.def"
};

/// Flush (clean / write-back) instructions: the rows of copyintent/flushes.def,
/// numbered as the ABI's COPYINTENT_FLUSH_*.
enum class FlushKind : unsigned {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, ...) Kind = Number,
#include "copyintent/flushes.def"
};

/// Where persistence starts: ADR needs cache lines written back, eADR does not (but
/// still needs the fence that empties store and write-combining buffers).
enum class Domain { ADR, EADR };

enum class NTMode { Auto, Never, Always };

/// What one function's target and CPU features allow.
struct TargetCaps {
  Arch TheArch = Arch::Unknown;
  /// Flush granule in bytes; 0 when it must be read at run time (AArch64 CTR_EL0).
  unsigned LineSize = 64;
  /// Widest non-temporal vector store in bytes; 0 when the target has none.
  unsigned NTVectorWidth = 0;
  /// Bytes written by a non-temporal store leave no dirty line behind (x86). Elsewhere
  /// NT stores are only a hint and writethrough must still clean every line.
  bool NTBypassesCache = false;
  /// NT stores are weakly ordered and need a fence to be ordered like ordinary ones.
  bool NTNeedsFence = false;
  /// The backend cannot select the target's NT stores, its baseline flush or its
  /// fence from IR for this function (x86 under -mno-sse2 / -mno-sse, as the kernel is
  /// built), although the CPU has them: the emitter spells them as inline assembly.
  /// The planner ignores these; only the emitters read them.
  bool NTStoresByAsm = false;
  bool FlushByAsm = false;
  bool FenceByAsm = false;
  /// Lines per unrolled NT iteration.
  unsigned NTUnroll = 1;
  /// Flush instructions this function may execute, best first.
  std::vector<FlushKind> Flushes;
  FenceKind Drain = FenceKind::None;
};

struct PlanOptions {
  Domain Dom = Domain::ADR;
  /// A forced flush instruction, or Auto for the best of TargetCaps::Flushes.
  FlushKind Flush = FlushKind::Auto;
  NTMode NT = NTMode::Auto;
  /// Copies of at least this many bytes take the non-temporal path: writethrough and
  /// persist (PMDK's default), and nocache (copyintent/lowering_abi.h).
  uint64_t NTThreshold = COPYINTENT_NT_THRESHOLD_DEFAULT;
  uint64_t NocacheThreshold = COPYINTENT_NOCACHE_THRESHOLD_DEFAULT;
  /// Overrides TargetCaps::LineSize when non-zero.
  unsigned LineSize = 0;
  /// persist: a copy of whole lines (line-aligned destination, length a multiple of
  /// the line) takes the NT path below NTThreshold too (see CopyPlan::NTWholeLines).
  bool PersistNTWholeLines = true;
};

/// Why a plan is weaker than its intent asks. The pass reports anything but None.
enum class Weakness {
  None,
  /// The only flush available does not reach the point of persistence (DC CVAC).
  FlushNotToPersistence,
  /// No flush instruction is available at all.
  NoFlush,
  /// The planner does not know the target.
  UnknownTarget,
};

struct CopyPlan {
  Intent TheIntent = Intent::Nocache;
  /// Sizes below this take the cached path; the others the non-temporal path.
  /// NeverNT disables the NT path.
  uint64_t NTThreshold = NeverNT;
  static constexpr uint64_t NeverNT = ~uint64_t(0);
  /// Store width of the NT body.
  unsigned NTWidth = 0;
  /// Destination alignment where the NT body starts; the body moves whole units of
  /// this size (one cache line), so every body line is written entirely by NT stores.
  unsigned BodyAlign = 64;
  /// Lines per iteration of the unrolled NT body (its loads are issued before its
  /// stores); 1 disables unrolling.
  unsigned NTUnroll = 1;
  /// Below NTThreshold, a copy whose destination range is whole units of BodyAlign
  /// (destination and length multiples of it) still takes the NT path. Set for
  /// persist where NT stores leave no dirty line: with no line written by cached
  /// stores the drain waits only for the write-combining buffers, not for
  /// write-backs (AMD Zen 3: a 64-byte aligned persist takes 110 ns this way and
  /// 180 ns with stores, clwb and sfence). A ragged range would need both kinds,
  /// which measured slower than the cached path, so it stays cached.
  bool NTWholeLines = false;
  /// The flush for lines that got cached stores; None flushes nothing.
  FlushKind Flush = FlushKind::None;
  /// Flush granule; 0 means read at run time.
  unsigned LineSize = 64;
  /// nocache: a fence after NT stores orders them like ordinary stores.
  bool FenceAfterNT = false;
  /// persist: a drain at the end.
  bool DrainAtEnd = false;
  FenceKind Fence = FenceKind::None;
  Weakness Weak = Weakness::None;

  bool hasNTPath() const { return NTThreshold != NeverNT; }
  bool flushes() const { return Flush != FlushKind::None; }
};

/// Plans a copy. Returns false and sets Err when the options cannot be honoured on
/// this target (for example a forced flush instruction the target does not have).
bool planCopy(Intent I, const TargetCaps &Caps, const PlanOptions &Opts, CopyPlan &Plan,
              std::string &Err);

/// Plans a range flush (and the drain), as planCopy does for writethrough.
bool planFlush(const TargetCaps &Caps, const PlanOptions &Opts, CopyPlan &Plan,
               std::string &Err);

/// The concrete split of one copy of N bytes to address Dst under a plan. The IR
/// emitters compute the same quantities symbolically.
/// Whether a copy of N bytes to Dst takes the NT path of Plan.
bool takesNTPath(const CopyPlan &Plan, uint64_t Dst, uint64_t N);
struct CopyLayout {
  bool NTPath = false;
  uint64_t Head = 0;      ///< cached, up to BodyAlign
  uint64_t Body = 0;      ///< NT, whole units of BodyAlign
  uint64_t TailCached = 0;
};
CopyLayout layoutCopy(const CopyPlan &Plan, uint64_t Dst, uint64_t N);

/// One step of a planned copy, as the model emitter would record it.
struct PlanEvent {
  enum Kind { Store, StoreNT, Flush, Fence } K;
  uint64_t Offset; ///< from Dst (Flush: line address minus Dst, may be negative)
  uint64_t Size;
};
/// The ordered steps of one copy (Dst is only used for alignment).
std::vector<PlanEvent> simulateCopy(const CopyPlan &Plan, uint64_t Dst, uint64_t N);

const char *flushName(FlushKind K);
/// The flush's description (-copyintent-flush help).
const char *flushDescription(FlushKind K);
const char *fenceName(FenceKind K);
const char *archName(Arch A);
/// Parses a name of flushName(); returns false for an unknown name.
bool parseFlushName(const std::string &Name, FlushKind &K);
/// Parses a name of archName(); returns false for an unknown name.
bool parseArchName(const std::string &Name, Arch &A);
/// Which architecture a flush instruction belongs to (Unknown for Auto / None).
Arch flushArch(FlushKind K);
/// The Arch whose flush instructions A executes (Targets.def; i386: x86-64's).
Arch isaFamily(Arch A);
/// The fence that completes the write-backs of K (the drain after them).
FenceKind flushDrain(FlushKind K);
/// Every FlushKind, in number order.
std::vector<FlushKind> allFlushKinds();

} // namespace copyintent

#endif // COPYINTENT_PLAN_H
