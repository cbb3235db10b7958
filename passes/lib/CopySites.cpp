//===- CopySites.cpp - The copy call sites of a module, classified --------===//

#include "CopyIntent/CopySites.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace copyintent {

AnalysisKey CopySitesAnalysis::Key;

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
static std::optional<CopySite> siteOf(const CallBase &CB) {
  CopySite S;
  S.Call = &CB;
  if (const auto *MI = dyn_cast<MemIntrinsic>(&CB)) {
    S.Callee = isa<MemSetInst>(MI)    ? "memset"
               : isa<MemMoveInst>(MI) ? "memmove"
                                      : "memcpy";
    S.Fam = Family::Plain;
    S.Dst = MI->getRawDest();
    return S;
  }
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || Callee->isIntrinsic())
    return std::nullopt;
  const CopyFunction *Fn = lookupCopyFunction(Callee->getName());
  if (!Fn || Fn->Dst < 0 || unsigned(Fn->Dst) >= CB.arg_size())
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
  S.Dst = CB.getArgOperand(Fn->Dst);
  return S;
}

CopySitesAnalysis::Result CopySitesAnalysis::run(Module &M, ModuleAnalysisManager &) {
  Result Sites;
  IRProvenance Prov(M);
  for (const Function &F : M)
    for (const Instruction &I : instructions(F))
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (std::optional<CopySite> S = siteOf(*CB)) {
          S->Dest = Prov.pointerOf(S->Dst);
          Sites.push_back(std::move(*S));
        }
  return Sites;
}

PreservedAnalyses CopySitesPrinterPass::run(Module &M, ModuleAnalysisManager &MAM) {
  for (const CopySite &S : MAM.getResult<CopySitesAnalysis>(M)) {
    MemKind Shown = S.Dest.shown();
    OS << whereIs(*S.Call) << ": " << S.Callee << ": " << familyIntent(S.Fam) << " into "
       << memKindName(Shown)
       << (Shown != MemKind::Unknown && !S.Dest.only(Shown) ? " (on some paths)" : "")
       << "\n";
    if (Shown == MemKind::Unknown)
      continue;
    for (const IRStep &Step : S.Dest.Why[unsigned(Shown)])
      OS << "  "
         << (Step.At && Step.At->getDebugLoc() ? whereIs(*Step.At) + ": " : std::string())
         << Step.Text << "\n";
  }
  return PreservedAnalyses::all();
}

} // namespace copyintent
