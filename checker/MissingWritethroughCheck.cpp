//===- MissingWritethroughCheck.cpp ---------------------------------------===//

#include "MissingWritethroughCheck.h"
#include "SpelledName.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void MissingWritethroughCheck::checkCopyCall(const CopyCall &C) {
  if (C.Fn.Fam != Family::Plain)
    return;
  // Under eADR the caches are in the persistence domain: a cached byte is durable
  // once visible, and no write-back is missing.
  if (persistenceDomain() == PersistenceDomain::EADR)
    return;
  auto PMem = C.pmemDst();
  if (!PMem)
    return;
  const Expr *Dst = PMem->first;
  if (!Flow)
    Flow = std::make_unique<WriteBackFlow>(C.Analysis);
  std::optional<WriteBackFlow::Uncovered> U = Flow->uncoveredPath(C.Call, Dst);
  if (!U || !U->Drain)
    return;
  const SourceManager &SM = C.Ctx.getSourceManager();
  StringRef DrainName = spelledAs(
      U->Drain, C.Ctx, [](StringRef N) { return pmemApiOfDrain(N) != PmemApi::None; });
  if (DrainName.empty())
    if (const auto *CE = dyn_cast<CallExpr>(U->Drain))
      if (const FunctionDecl *F = CE->getDirectCallee(); F && F->getIdentifier())
        DrainName = F->getName();
  std::string WhyNot;
  std::optional<FixItHint> Fix;
  if (U->CoveredElsewhere)
    WhyNot = ("another path writes the range back (line " +
              Twine(SM.getExpansionLineNumber(U->CoveredElsewhere->getBeginLoc())) +
              "), and a writethrough copy would make that write-back redundant; write "
              "the range back on the path that lacks it")
                 .str();
  else
    Fix = fix(C, DrainName, WhyNot);
  StringRef To = writethroughCopyOf(pmemApiOfDrain(DrainName), C.Fn.Name);
  {
    auto D =
        diag(C.Call->getBeginLoc(),
             "%0 leaves the bytes it copies into persistent memory dirty in the "
             "cache, and nothing writes them back before %select{the drain at line "
             "%2|the caller at line %2 drains}1: the fence makes nothing durable; "
             "use %3")
        << C.Fn.Name << (U->Caller != nullptr)
        << SM.getExpansionLineNumber(U->Drain->getBeginLoc())
        << (!To.empty() ? ("'" + To + "'").str()
                        : std::string("a writethrough copy, or write the range back"));
    if (Fix)
      D << *Fix;
  }
  explain(Dst, PMem->second, MemKind::PMem, C.Ctx);
  if (U->Caller)
    diag(U->Caller->getBeginLoc(), "the destination is this call's argument",
         DiagnosticIDs::Note);
  diag(U->Drain->getBeginLoc(),
       "%0 here; the copied range was not written back before it", DiagnosticIDs::Note)
      << (DrainName.empty() ? StringRef("drained") : DrainName);
  if (!Fix)
    noFixNote(C.Call, WhyNot);
}

std::optional<FixItHint> MissingWritethroughCheck::fix(const CopyCall &C,
                                                       StringRef DrainName,
                                                       std::string &WhyNot) const {
  PmemApi Api = pmemApiOfDrain(DrainName);
  StringRef To = writethroughCopyOf(Api, C.Fn.Name);
  if (To.empty()) {
    WhyNot =
        Api == PmemApi::None
            ? "the drain belongs to no API with a writethrough copy; write the range "
              "back before it (a flush of the destination)"
            : ("the API of '" + DrainName + "' has no writethrough " + C.Fn.Name +
               "; write the range back before the drain")
                  .str();
    return std::nullopt;
  }
  if (!isDeclared(C.Ctx, To)) {
    WhyNot = ("'" + To + "' is not declared in this translation unit").str();
    return std::nullopt;
  }
  if (!resultCompatible(C.Call, To, C.Ctx, WhyNot))
    return std::nullopt;
  return renameCallee(C.Call, To, C.Ctx, WhyNot);
}

} // namespace copyintent::checker
