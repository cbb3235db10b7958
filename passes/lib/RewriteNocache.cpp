//===- RewriteNocache.cpp - Nocache copies into pmem become writethrough --===//

#include "CopyIntent/RewriteNocache.h"
#include "CopyIntent/CopySites.h"

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace copyintent {

namespace {

enum class RewriteMode { Off, Remark, Apply };

cl::opt<RewriteMode> RewriteOpt(
    "copyintent-rewrite",
    cl::desc("Rewrite nocache copies into provably persistent memory to their "
             "writethrough counterpart"),
    cl::init(RewriteMode::Off),
    cl::values(clEnumValN(RewriteMode::Off, "off", "leave every call as written"),
               clEnumValN(RewriteMode::Remark, "remark",
                          "say what would be rewritten (missed remarks), change nothing"),
               clEnumValN(RewriteMode::Apply, "apply",
                          "rewrite, and say so (passed remarks)")));

/// The one writethrough counterpart of a nocache function, whatever the kernel
/// version, or the reason there is none to use.
struct Choice {
  StringRef Name;
  std::string WhyNot;
};

Choice counterpartOf(const CopyFunction &Fn) {
  if (Fn.Writethrough.empty())
    return {"", "the API table has no writethrough copy with the same arguments"};
  if (Fn.Writethrough.size() == 1)
    return {Fn.Writethrough.front().Name, ""};
  // Several, by kernel version. Which declaration the module happens to hold says
  // nothing sure (and would change once a rewrite adds one: not idempotent).
  std::string All;
  for (const Counterpart &C : Fn.Writethrough)
    All += (All.empty() ? "'" : ", '") + C.Name.str() + "'";
  return {"", "the writethrough copy depends on the kernel version (" + All +
                  "), which the IR does not say"};
}

} // namespace

PreservedAnalyses RewriteNocachePass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (RewriteOpt == RewriteMode::Off)
    return PreservedAnalyses::all();
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  bool Changed = false;
  for (const CopySite &S : MAM.getResult<CopySitesAnalysis>(M)) {
    if (S.Fam != Family::Nocache || !S.Dest.only(MemKind::PMem))
      continue;
    if (S.InlinedAway) // no call of it is left to rewrite
      continue;
    const Function *Callee = S.Call->getCalledFunction();
    const CopyFunction *Fn = Callee ? lookupCopyFunction(Callee->getName()) : nullptr;
    if (!Fn)
      continue;
    auto *Call = const_cast<CallBase *>(S.Call);
    Function &F = *Call->getFunction();
    OptimizationRemarkEmitter &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
    DiagnosticLocation Where(S.Loc);
    const std::string &Evidence = S.Dest.Why[unsigned(MemKind::PMem)].empty()
                                      ? std::string()
                                      : S.Dest.Why[unsigned(MemKind::PMem)].back().Text;
    Choice C = counterpartOf(*Fn);
    // The counterpart takes the same arguments: a declaration of another type is
    // another function.
    Function *Existing = C.Name.empty() ? nullptr : M.getFunction(C.Name);
    if (Existing && Existing->getFunctionType() != Callee->getFunctionType())
      C = {"", "'" + C.Name.str() + "' is declared here with other parameters"};
    if (C.Name.empty() || RewriteOpt == RewriteMode::Remark) {
      ORE.emit([&] {
        OptimizationRemarkMissed R(RemarkPassName.data(), "NocacheNotRewritten", Where,
                                   Call->getParent());
        R << ore::NV("Callee", Fn->Name) << " into persistent memory ("
          << ore::NV("Evidence", Evidence) << "): ";
        if (C.Name.empty())
          R << "not rewritten: " << C.WhyNot;
        else
          R << "-copyintent-rewrite=apply would rewrite it to "
            << ore::NV("Counterpart", C.Name);
        return R;
      });
      continue;
    }
    FunctionCallee To =
        M.getOrInsertFunction(C.Name, Callee->getFunctionType(), Callee->getAttributes());
    Call->setCalledFunction(To);
    Changed = true;
    ORE.emit([&] {
      return OptimizationRemark(RemarkPassName.data(), "NocacheRewritten", Where,
                                Call->getParent())
             << "rewrote " << ore::NV("Callee", Fn->Name) << " to "
             << ore::NV("Counterpart", C.Name)
             << ": the destination is persistent memory ("
             << ore::NV("Evidence", Evidence)
             << "), where a nocache copy leaves dirty lines";
    });
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace copyintent
