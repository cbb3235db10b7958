//===- CopySites.cpp - The copy call sites of a module, classified --------===//

#include "CopyIntent/CopySites.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace copyintent {

AnalysisKey CopySitesAnalysis::Key;

/// What a site says when the provenance analysis stopped at a bound.
static const std::string LimitSays =
    "the destination was not followed to its end: the analysis stopped at its bound (" +
    std::to_string(IRProvenance::MaxDepth) + " levels, " +
    std::to_string(IRProvenance::MaxStepsPerQuery) +
    " values); what lies beyond is unknown";

std::string whereIs(const Instruction &I) {
  if (const DebugLoc &DL = I.getDebugLoc())
    return (DL->getFilename() + ":" + Twine(DL.getLine()) + ":" + Twine(DL.getCol()))
        .str();
  unsigned N = 0;
  for (const Instruction &J : instructions(*I.getFunction())) {
    if (&J == &I)
      break;
    ++N;
  }
  return ("in '" + I.getFunction()->getName() + "', instruction " + Twine(N)).str();
}

/// The site a call is, if it is one: its callee's table entry and destination.
static std::optional<CopySite> siteOf(const CallBase &CB, const IRProvenance &Prov) {
  CopySite S;
  S.Call = &CB;
  if (const auto *MI = dyn_cast<MemIntrinsic>(&CB)) {
    S.Callee = isa<MemSetInst>(MI)    ? "memset"
               : isa<MemMoveInst>(MI) ? "memmove"
                                      : "memcpy";
    S.Fam = Family::Plain;
    S.Dst = MI->getRawDest();
    S.Where = whereIs(CB);
    S.Loc = CB.getDebugLoc();
    return S;
  }
  const Function *Callee = CB.getCalledFunction();
  if (Callee && Callee->isIntrinsic())
    return std::nullopt;
  // A call through libpmem2's function pointer is known by the getter it came from.
  const CopyFunction *Fn =
      Callee ? lookupCopyFunction(Callee->getName())
             : lookupCopyFunction(Prov.functionTypeOf(CB.getCalledOperand()));
  if (!Fn || unsigned(std::max({Fn->Dst, Fn->Src, Fn->Size})) >= CB.arg_size())
    return std::nullopt;
  // The body of a copy function (a wrapper of the table's names) is its
  // implementation, not a site: its callers are.
  if (lookupCopyFunction(CB.getFunction()->getName()))
    return std::nullopt;
  S.Callee = Fn->Name.str();
  S.Fam = Fn->Fam;
  if (Fn->Fam == Family::Libpmem && CB.arg_size() > LibpmemFlagsArg)
    if (const auto *Flags = dyn_cast<ConstantInt>(CB.getArgOperand(LibpmemFlagsArg)))
      S.Fam = libpmemFamily(Flags->getZExtValue());
  S.Dst = Fn->Dst >= 0 ? CB.getArgOperand(Fn->Dst) : nullptr;
  // Inlined from a wrapper of the table (copy.h's static inline memcpy_nocache()):
  // the site is the wrapper's call, as the source and the checker see it.
  if (const DILocation *DL = CB.getDebugLoc(); DL && DL->getInlinedAt())
    if (const DISubprogram *SP = DL->getScope()->getSubprogram())
      if (const CopyFunction *Wrapper = lookupCopyFunction(SP->getName());
          Wrapper && Wrapper->Fam == Fn->Fam) {
        const DILocation *At = DL->getInlinedAt();
        S.Loc = At;
        S.Callee = Wrapper->Name.str();
        S.Where = (At->getFilename() + ":" + Twine(At->getLine()) + ":" +
                   Twine(At->getColumn()))
                      .str();
      }
  if (S.Where.empty()) {
    S.Where = whereIs(CB);
    S.Loc = CB.getDebugLoc();
  }
  return S;
}

/// The outermost frame of L's inlining chain whose function is in the API table (Fn):
/// that function's body inlined into its caller, whose call is the frame's inlinedAt.
/// Null when L is in no inlined table function.
static const DILocation *tableFrameOf(const DILocation *L, const CopyFunction *&Fn) {
  const DILocation *Found = nullptr;
  for (; L && L->getInlinedAt(); L = L->getInlinedAt())
    if (const DISubprogram *SP = L->getScope()->getSubprogram())
      if (const CopyFunction *T = lookupCopyFunction(SP->getName())) {
        Found = L;
        Fn = T;
      }
  return Found;
}

CopySitesAnalysis::Result CopySitesAnalysis::run(Module &M, ModuleAnalysisManager &) {
  Result Sites;
  IRProvenance Prov(M);
  auto Classify = [&](CopySite &S) {
    S.Dest = S.Dst ? Prov.pointerOf(S.Dst)
                   : IRProv::of(MemKind::RAM, {ImplicitDestinationSays.str()});
    S.LimitHit = S.Dst && Prov.limitHit();
  };
  for (const Function &F : M) {
    // A table function inlined away entirely (the kernel's always-inline
    // copy_from_user() and its inline asm, memcpy_flushcache()'s movnti for 4, 8 and
    // 16 bytes) is still a site: one per inlined call, found from any call in its
    // body, unless a site was reported at that call already.
    MapVector<const DILocation *, std::pair<const CallBase *, const CopyFunction *>>
        Inlined;
    SmallPtrSet<const DILocation *, 8> Reported;
    for (const Instruction &I : instructions(F)) {
      const auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      const CopyFunction *Fn = nullptr;
      const DILocation *Frame =
          lookupCopyFunction(F.getName()) ? nullptr : tableFrameOf(CB->getDebugLoc(), Fn);
      std::optional<CopySite> S = siteOf(*CB, Prov);
      // Inside an inlined table function, a site not moved to its call is part of
      // its implementation (the body of a table function is no site).
      if (S && (!Frame || S->Loc == Frame->getInlinedAt())) {
        Reported.insert(S->Loc);
        Classify(*S);
        Sites.push_back(std::move(*S));
      } else if (Frame) {
        Inlined.try_emplace(Frame, CB, Fn);
      }
    }
    for (const auto &[Frame, Found] : Inlined) {
      const auto &[CB, Fn] = Found;
      const DILocation *At = Frame->getInlinedAt();
      if (Reported.contains(At) || !Reported.insert(At).second)
        continue;
      CopySite S;
      S.Call = CB;
      S.InlinedAway = true;
      S.Callee = Fn->Name.str();
      S.Fam = Fn->Fam;
      S.Loc = At;
      S.Where =
          (At->getFilename() + ":" + Twine(At->getLine()) + ":" + Twine(At->getColumn()))
              .str();
      S.Dst = Fn->Dst >= 0 ? inlinedArgument(F, Frame, Fn->Dst) : nullptr;
      Classify(S);
      if (Fn->Dst >= 0 && !S.Dst) // no record names the destination: nothing known
        S.Dest = IRProv::unknown();
      Sites.push_back(std::move(S));
    }
  }
  return Sites;
}

PreservedAnalyses CopySitesPrinterPass::run(Module &M, ModuleAnalysisManager &MAM) {
  for (const CopySite &S : MAM.getResult<CopySitesAnalysis>(M)) {
    MemKind Shown = S.Dest.shown();
    OS << S.Where << ": " << S.Callee << ": " << familyIntent(S.Fam) << " into "
       << memKindName(Shown)
       << (Shown != MemKind::Unknown && !S.Dest.only(Shown) ? " (on some paths)" : "")
       << "\n";
    if (S.LimitHit)
      OS << "  " << LimitSays << "\n";
    if (Shown == MemKind::Unknown)
      continue;
    for (const IRStep &Step : S.Dest.Why[unsigned(Shown)])
      OS << "  "
         << (Step.At && Step.At->getDebugLoc() ? whereIs(*Step.At) + ": " : std::string())
         << Step.Text << "\n";
  }
  return PreservedAnalyses::all();
}

PreservedAnalyses CopySitesRemarksPass::run(Module &M, ModuleAnalysisManager &MAM) {
  LLVMContext &Ctx = M.getContext();
  if (!Ctx.getLLVMRemarkStreamer() &&
      !Ctx.getDiagHandlerPtr()->isAnyRemarkEnabled(RemarkPassName))
    return PreservedAnalyses::all();
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  for (const CopySite &S : MAM.getResult<CopySitesAnalysis>(M)) {
    Function &F = *const_cast<Function *>(S.Call->getFunction());
    OptimizationRemarkEmitter &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
    MemKind Shown = S.Dest.shown();
    bool SomePaths = Shown != MemKind::Unknown && !S.Dest.only(Shown);
    DiagnosticLocation Where(S.Loc);
    const BasicBlock *Block = S.Call->getParent();
    ORE.emit([&] {
      OptimizationRemarkAnalysis R(RemarkPassName.data(), "CopySite", Where, Block);
      R << ore::NV("Callee", S.Callee) << ": " << familyIntent(S.Fam).str() << " into "
        << ore::NV("Destination", memKindName(Shown));
      if (SomePaths)
        R << " (on some paths)";
      if (Shown != MemKind::Unknown && !S.Dest.Why[unsigned(Shown)].empty())
        R << "; " << ore::NV("Evidence", S.Dest.Why[unsigned(Shown)].back().Text);
      return R;
    });
    if (S.LimitHit)
      ORE.emit([&] {
        return OptimizationRemarkAnalysis(RemarkPassName.data(), "LimitHit", Where, Block)
               << ore::NV("Callee", S.Callee) << ": " << LimitSays;
      });
    // Intent against destination, where the destination is certain.
    if (Shown == MemKind::Unknown || SomePaths)
      continue;
    const char *Why = nullptr;
    if (S.Fam == Family::Nocache && Shown == MemKind::PMem)
      Why =
          "a nocache copy into persistent memory leaves dirty lines that no fence makes "
          "durable: it needs a writethrough copy";
    else if ((S.Fam == Family::Writethrough || S.Fam == Family::Persist) &&
             Shown == MemKind::RAM)
      Why = "a writethrough copy into ordinary memory writes back lines no one needs "
            "durable";
    if (Why)
      ORE.emit([&] {
        return OptimizationRemarkMissed(RemarkPassName.data(), "IntentMismatch", Where,
                                        Block)
               << ore::NV("Callee", S.Callee) << ": " << Why;
      });
  }
  return PreservedAnalyses::all();
}

} // namespace copyintent
