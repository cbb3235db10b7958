//===- LowerCopyIntent.cpp - Lower the copy-intent API --------------------===//
//
// Finds the API's calls, plans each with the planner for its function's target, and
// has CopyLowering emit the plan through the target's emitter. Anything the pass
// cannot honour is left as a call to the runtime, with a diagnostic when that is
// weaker than the user asked for: lowering is never silently weaker than asked.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/LowerCopyIntent.h"
#include "FrontendAttach.h"
#include "CopyIntent/CopyLowering.h"
#include "CopyIntent/MultiversionDispatch.h"
#include "CopyIntent/Plan.h"
#include "CopyIntent/TargetCapsFromIR.h"
#include "CopyIntent/TargetEmitter.h"
#include "copyintent/lowering_abi.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/Local.h"

#include <optional>

#define DEBUG_TYPE "copyintent-lower"

using namespace llvm;

namespace copyintent {

namespace {

// --- Options (usable with -mllvm) ---------------------------------------------

cl::OptionCategory Category("copyintent lowering");

cl::opt<Domain> DomainOpt(
    "copyintent-domain", cl::desc("Persistence domain"), cl::init(Domain::ADR),
    cl::values(clEnumValN(Domain::ADR, "adr", "caches are volatile: flush lines"),
               clEnumValN(Domain::EADR, "eadr",
                          "caches are persistent: no flushes, fences stay")),
    cl::cat(Category));

/// -copyintent-flush's values: every row of copyintent/flushes.def but "none" (which
/// the eadr domain expresses), as cl::values would add them.
struct FlushValues {
  template <class Opt> void apply(Opt &O) const {
    for (FlushKind K : allFlushKinds())
      if (K != FlushKind::None)
        O.getParser().addLiteralOption(flushName(K), K, flushDescription(K));
  }
};

cl::opt<FlushKind> FlushOpt("copyintent-flush",
                            cl::desc("Flush instruction (default: best of the target)"),
                            cl::init(FlushKind::Auto), FlushValues(), cl::cat(Category));

cl::opt<NTMode>
    NTOpt("copyintent-nt", cl::desc("Non-temporal stores"), cl::init(NTMode::Auto),
          cl::values(clEnumValN(NTMode::Auto, "auto", "at or above the NT threshold"),
                     clEnumValN(NTMode::Never, "never", "ordinary stores only"),
                     clEnumValN(NTMode::Always, "always", "for every size")),
          cl::cat(Category));

cl::opt<uint64_t>
    NTThresholdOpt("copyintent-nt-threshold",
                   cl::desc("writethrough / persist: copies of at least this many "
                            "bytes use non-temporal stores"),
                   cl::init(COPYINTENT_NT_THRESHOLD_DEFAULT), cl::cat(Category));

cl::opt<uint64_t> NocacheThresholdOpt(
    "copyintent-nocache-threshold",
    cl::desc("nocache: copies of at least this many bytes use non-temporal stores "
             "(smaller ones are ordinary copies)"),
    cl::init(COPYINTENT_NOCACHE_THRESHOLD_DEFAULT), cl::cat(Category));

cl::opt<bool> PersistNTLinesOpt(
    "copyintent-persist-nt-lines",
    cl::desc("persist: destination ranges of whole lines use non-temporal stores at "
             "any size (where NT stores leave no dirty line)"),
    cl::init(true), cl::cat(Category));

cl::opt<unsigned> LineSizeOpt(
    "copyintent-line-size",
    cl::desc("Flush granule in bytes (default: the target's; AArch64 reads CTR_EL0)"),
    cl::init(0), cl::cat(Category));

enum class EmitMode { Native, Model };
cl::opt<EmitMode> EmitOpt(
    "copyintent-emit", cl::desc("What the lowering emits"), cl::init(EmitMode::Native),
    cl::values(clEnumValN(EmitMode::Native, "native", "the target's instructions"),
               clEnumValN(EmitMode::Model, "model",
                          "calls of the recording runtime (tests)")),
    cl::cat(Category));

enum class InlineMode { Auto, Always, Never };
cl::opt<InlineMode> InlineOpt(
    "copyintent-inline", cl::desc("Which copy calls are replaced by inline code"),
    cl::init(InlineMode::Auto),
    cl::values(clEnumValN(InlineMode::Auto, "auto",
                          "all, except in functions optimized for size (-Os, -Oz), "
                          "where the copies stay calls into libcopyintent"),
               clEnumValN(InlineMode::Always, "always",
                          "all, at every optimization level"),
               clEnumValN(InlineMode::Never, "never",
                          "none: every copy stays a call into libcopyintent, which "
                          "keeps the same contract (flush and drain stay inline)")),
    cl::cat(Category));

enum class DispatchMode { Static, Runtime };
cl::opt<DispatchMode> DispatchOpt(
    "copyintent-dispatch", cl::desc("Where the CPU features are decided"),
    cl::init(DispatchMode::Static),
    cl::values(clEnumValN(DispatchMode::Static, "static",
                          "inline code for the function's target features"),
               clEnumValN(DispatchMode::Runtime, "runtime",
                          "keep the calls: libcopyintent selects by CPUID / HWCAP / "
                          "hwprobe once at run time")),
    cl::cat(Category));

cl::opt<std::string> ModelTargetOpt(
    "copyintent-model-target",
    cl::desc("With -copyintent-emit=model: plan for this target "
             "(a target name of Targets.def; a wrong one is an error that lists them) "
             "instead of the module's"),
    cl::init(""), cl::cat(Category));

cl::opt<std::string> ModelFeaturesOpt(
    "copyintent-model-features",
    cl::desc("With -copyintent-model-target: its feature list (+clwb,+avx2,...)"),
    cl::init(""), cl::cat(Category));

// --- Recognized calls ------------------------------------------------------------

enum class CallKind { Copy, Flush, Drain };

struct Recognized {
  CallKind Kind;
  Intent TheIntent = Intent::Nocache;
  /// Set for the runtime's builtins: their configuration word's operand index.
  std::optional<unsigned> CfgArg;
};

std::optional<Recognized> recognize(StringRef Name) {
  return StringSwitch<std::optional<Recognized>>(Name)
      .Case(COPYINTENT_FN_MEMCPY_NOCACHE, Recognized{CallKind::Copy, Intent::Nocache, {}})
      .Case(COPYINTENT_FN_MEMCPY_WRITETHROUGH,
            Recognized{CallKind::Copy, Intent::Writethrough, {}})
      .Case(COPYINTENT_FN_MEMCPY_PERSIST, Recognized{CallKind::Copy, Intent::Persist, {}})
      .Case(COPYINTENT_FN_FLUSH, Recognized{CallKind::Flush, Intent::Writethrough, {}})
      .Case(COPYINTENT_FN_DRAIN, Recognized{CallKind::Drain, Intent::Persist, {}})
      .Case(COPYINTENT_FN_BUILTIN_COPY, Recognized{CallKind::Copy, Intent::Nocache, 3u})
      .Case(COPYINTENT_FN_BUILTIN_FLUSH,
            Recognized{CallKind::Flush, Intent::Writethrough, 2u})
      .Case(COPYINTENT_FN_BUILTIN_DRAIN, Recognized{CallKind::Drain, Intent::Persist, 0u})
      .Default(std::nullopt);
}

/// The expected parameter count: (dst, src, n), (p, n), () plus a builtin's config.
unsigned expectedArgs(const Recognized &R) {
  unsigned N = R.Kind == CallKind::Copy ? 3 : R.Kind == CallKind::Flush ? 2 : 0;
  return R.CfgArg ? N + 1 : N;
}

class Lowerer {
  Module &M;
  bool Changed = false;
  /// Clones made for -copyintent-dispatch=runtime: lowered statically for their level.
  SmallPtrSet<Function *, 16> Multiversioned;

public:
  explicit Lowerer(Module &M) : M(M) {}
  bool run();

private:
  void collect(SmallVectorImpl<std::pair<CallInst *, Recognized>> &Calls);
  void lowerCall(CallInst *CI, const Recognized &R);
  void report(CallInst *CI, const Twine &Msg, DiagnosticSeverity Sev);
  bool optionsFor(CallInst *CI, const Recognized &R, Intent &I, PlanOptions &Opts);
  bool capsFor(CallInst *CI, TargetCaps &Caps);
};

void Lowerer::report(CallInst *CI, const Twine &Msg, DiagnosticSeverity Sev) {
  const Function &F = *CI->getFunction();
  if (CI->getDebugLoc()) {
    std::string Text = ("copyintent: " + Msg).str();
    CI->getContext().diagnose(DiagnosticInfoGenericWithLoc(
        Text, F, DiagnosticLocation(CI->getDebugLoc()), Sev));
    return;
  }
  // Without debug info there is no line to point at: name the function instead.
  std::string Text = ("copyintent: in function '" + F.getName() + "': " + Msg).str();
  CI->getContext().diagnose(DiagnosticInfoGeneric(Text, Sev));
}

/// Options come from the command line for the public API, and from the constant
/// configuration word for the runtime's builtins.
bool Lowerer::optionsFor(CallInst *CI, const Recognized &R, Intent &I,
                         PlanOptions &Opts) {
  I = R.TheIntent;
  if (!R.CfgArg) {
    Opts.Dom = DomainOpt;
    Opts.Flush = FlushOpt;
    Opts.NT = NTOpt;
    Opts.NTThreshold = NTThresholdOpt;
    Opts.NocacheThreshold = NocacheThresholdOpt;
    Opts.PersistNTWholeLines = PersistNTLinesOpt;
    Opts.LineSize = LineSizeOpt;
    return true;
  }
  auto *Cfg = dyn_cast<ConstantInt>(CI->getArgOperand(*R.CfgArg));
  if (!Cfg) {
    report(CI,
           "the configuration word of " + CI->getCalledFunction()->getName() +
               " must be a constant",
           DS_Error);
    return false;
  }
  uint64_t W = Cfg->getZExtValue();
  if (R.Kind == CallKind::Copy) {
    switch (W & COPYINTENT_CFG_INTENT_MASK) {
    case COPYINTENT_CFG_NOCACHE:
      I = Intent::Nocache;
      break;
    case COPYINTENT_CFG_WRITETHROUGH:
      I = Intent::Writethrough;
      break;
    case COPYINTENT_CFG_PERSIST:
      I = Intent::Persist;
      break;
    default:
      report(CI, "invalid intent in configuration word", DS_Error);
      return false;
    }
  }
  unsigned Flush = (W & COPYINTENT_CFG_FLUSH_MASK) >> COPYINTENT_CFG_FLUSH_SHIFT;
  if (Flush > COPYINTENT_FLUSH_LAST) {
    report(CI, "invalid flush instruction in configuration word", DS_Error);
    return false;
  }
  Opts.Flush = static_cast<FlushKind>(Flush);
  switch (W & COPYINTENT_CFG_NT_MASK) {
  case COPYINTENT_CFG_NT_AUTO:
    Opts.NT = NTMode::Auto;
    break;
  case COPYINTENT_CFG_NT_NEVER:
    Opts.NT = NTMode::Never;
    break;
  case COPYINTENT_CFG_NT_ALWAYS:
    Opts.NT = NTMode::Always;
    break;
  default:
    report(CI, "invalid NT mode in configuration word", DS_Error);
    return false;
  }
  Opts.Dom = (W & COPYINTENT_CFG_EADR) ? Domain::EADR : Domain::ADR;
  Opts.NTThreshold = NTThresholdOpt;
  Opts.NocacheThreshold = NocacheThresholdOpt;
  Opts.PersistNTWholeLines = PersistNTLinesOpt;
  unsigned Log2 = (W & COPYINTENT_CFG_LINE_LOG2_MASK) >> COPYINTENT_CFG_LINE_LOG2_SHIFT;
  Opts.LineSize = Log2 ? (Log2 < 31 ? 1u << Log2 : 3u) : 0; // 3: rejected by planner
  return true;
}

bool Lowerer::capsFor(CallInst *CI, TargetCaps &Caps) {
  if (ModelTargetOpt.empty()) {
    Caps = capsForFunction(*CI->getFunction());
    return true;
  }
  if (EmitOpt != EmitMode::Model) {
    report(CI, "-copyintent-model-target needs -copyintent-emit=model", DS_Error);
    return false;
  }
  Arch A;
  if (!parseArchName(ModelTargetOpt, A)) {
    std::string Known;
    const unsigned N = static_cast<unsigned>(Arch::Unknown);
    for (unsigned I = 0; I < N; ++I)
      Known += std::string(I == 0 ? "" : I + 1 == N ? " or " : ", ") +
               archName(static_cast<Arch>(I));
    report(CI,
           "unknown -copyintent-model-target '" + ModelTargetOpt + "' (expected " +
               Known + ")",
           DS_Error);
    return false;
  }
  Caps = copyintent::capsFor(A, ModelFeaturesOpt);
  return true;
}

void Lowerer::lowerCall(CallInst *CI, const Recognized &R) {
  Function *Callee = CI->getCalledFunction();
  if (CI->arg_size() != expectedArgs(R) || !CI->getType()->isVoidTy()) {
    report(CI,
           Callee->getName() + " is declared with an unexpected signature; call "
                               "left alone (include copyintent/copy.h)",
           DS_Warning);
    return;
  }
  if (DispatchOpt == DispatchMode::Runtime && !R.CfgArg &&
      !Multiversioned.contains(CI->getFunction()))
    return; // not clonable (variadic, ...): the runtime decides by CPU detection
  // Optimizing for size: an inline copy with its alignment cases is about 1 KiB of
  // x86 code even for a constant 64 bytes, the call 5 bytes; the runtime is just as
  // correct. Flush and drain lower to a few instructions and stay inline. The
  // runtime's own builtins (CfgArg) are its implementation and are always lowered.
  if (R.Kind == CallKind::Copy && !R.CfgArg && InlineOpt == InlineMode::Never)
    return;
  if (R.Kind == CallKind::Copy && !R.CfgArg && InlineOpt == InlineMode::Auto &&
      CI->getFunction()->hasOptSize()) {
    OptimizationRemarkEmitter ORE(CI->getFunction());
    ORE.emit([&] {
      return OptimizationRemarkMissed(DEBUG_TYPE, "OptSize", CI)
             << "call of " << ore::NV("Callee", Callee->getName())
             << " left to libcopyintent: the function is optimized for size "
                "(-copyintent-inline=always lowers it)";
    });
    return;
  }

  Intent I;
  PlanOptions Opts;
  TargetCaps Caps;
  if (!optionsFor(CI, R, I, Opts) || !capsFor(CI, Caps))
    return;

  CopyPlan Plan;
  std::string Err;
  bool Ok = R.Kind == CallKind::Flush ? planFlush(Caps, Opts, Plan, Err)
                                      : planCopy(I, Caps, Opts, Plan, Err);
  if (!Ok) {
    report(CI, Err + "; call of " + Callee->getName() + " left to the runtime", DS_Error);
    return;
  }
  bool WantsPersistence = R.Kind != CallKind::Copy || I != Intent::Nocache;
  if (Plan.Weak == Weakness::UnknownTarget) {
    if (R.CfgArg) {
      report(CI, "the runtime's builtins cannot be lowered for this target", DS_Error);
    } else if (WantsPersistence && R.Kind != CallKind::Drain) {
      // The call stays, and the runtime has no write-back for this target either:
      // its copy is plain and its flush does nothing. Say so at build time (an error
      // under -Werror); nocache promises nothing that a plain copy breaks.
      report(CI,
             Callee->getName() + " cannot be lowered for " +
                 CI->getModule()->getTargetTriple().getArchName() +
                 ": copyintent knows no cache write-back for this target; call left to "
                 "the runtime, which cannot make the data durable either",
             DS_Warning);
    }
    return;
  }
  // No fence the function may execute (i386 without SSE): the drain stays a call, and
  // the runtime's fence orders what there is to order.
  if (R.Kind == CallKind::Drain && Plan.Fence == FenceKind::None) {
    if (R.CfgArg)
      report(CI, "builtin needs a fence instruction the function's features allow",
             DS_Error);
    return;
  }
  if (WantsPersistence && Plan.Weak == Weakness::NoFlush && R.Kind != CallKind::Drain) {
    // Never a plain copy in place of writethrough: keep the call so the runtime can
    // look for the instruction at run time, and say so.
    if (!R.CfgArg)
      report(CI,
             Callee->getName() + " cannot be lowered for " + archName(Caps.TheArch) +
                 " without a cache write-back instruction (" +
                 noFlushAdvice(Caps.TheArch) + "); call left to the runtime",
             DS_Warning);
    else
      report(CI, "builtin needs a flush instruction", DS_Error);
    return;
  }
  if (WantsPersistence && Plan.Weak == Weakness::FlushNotToPersistence && !R.CfgArg &&
      R.Kind != CallKind::Drain)
    report(CI,
           Callee->getName() + ": this target has no DC CVAP (FEAT_DCPoP, e.g. "
                               "-march=armv8.2-a); DC CVAC cleans to the point of "
                               "coherency, which may not be persistent",
           DS_Warning);

  std::unique_ptr<TargetEmitter> E =
      EmitOpt == EmitMode::Model ? createModelEmitter() : createNativeEmitter(Caps);
  switch (R.Kind) {
  case CallKind::Copy:
    emitPlannedCopy(CI, Plan, *E, CI->getArgOperand(0), CI->getArgOperand(1),
                    CI->getArgOperand(2));
    break;
  case CallKind::Flush:
    emitPlannedFlush(CI, Plan, *E, CI->getArgOperand(0), CI->getArgOperand(1));
    break;
  case CallKind::Drain:
    emitPlannedDrain(CI, Plan, *E);
    break;
  }
  CI->eraseFromParent();
  Changed = true;
}

void Lowerer::collect(SmallVectorImpl<std::pair<CallInst *, Recognized>> &Calls) {
  for (Function &Callee : M) {
    std::optional<Recognized> R = recognize(Callee.getName());
    if (!R)
      continue;
    for (User *U : make_early_inc_range(Callee.users())) {
      auto *CB = dyn_cast<CallBase>(U);
      if (!CB || CB->getCalledFunction() != &Callee)
        continue;
      // C++ calls a function that may throw through invoke where a destructor must
      // run. The API never throws (copy.h declares it noexcept, the runtime is C), so
      // the unwind edge is dead: make it a call, then lower it like any other.
      if (auto *II = dyn_cast<InvokeInst>(CB)) {
        CB = changeToCall(II);
        Changed = true;
      }
      if (auto *CI = dyn_cast<CallInst>(CB))
        Calls.push_back({CI, *R});
    }
  }
}

bool Lowerer::run() {
  SmallVector<std::pair<CallInst *, Recognized>, 16> Calls;
  collect(Calls);
  if (DispatchOpt == DispatchMode::Runtime && EmitOpt == EmitMode::Native) {
    // Clone each function that calls the public API once per feature level; the
    // clones hold the calls from now on, the originals dispatch.
    SetVector<Function *> Users;
    for (auto &[CI, R] : Calls)
      if (!R.CfgArg)
        Users.insert(CI->getFunction());
    for (Function *F : Users) {
      Arch A = archOf(M.getTargetTriple());
      SmallVector<Function *, 4> Clones = multiversion(*F, A);
      Multiversioned.insert(Clones.begin(), Clones.end());
      Changed |= !Clones.empty();
    }
    Calls.clear();
    collect(Calls);
  }
  for (auto &[CI, R] : Calls)
    lowerCall(CI, R);
  return Changed;
}

} // namespace

PreservedAnalyses LowerCopyIntentPass::run(Module &M, ModuleAnalysisManager &) {
  // -fplugin's half of a "-fplugin=X -fpass-plugin=X" pair is gone: said here, as a
  // warning that -Werror makes an error, since only the pass is left to say it.
  if (const char *Problem = unusableFrontendCompanion()) {
    static bool Said = false;
    if (!std::exchange(Said, true))
      M.getContext().diagnose(
          DiagnosticInfoGeneric(Twine("copyintent: ") + Problem, DS_Warning));
  }
  return Lowerer(M).run() ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace copyintent
