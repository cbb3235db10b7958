//===- UnneededWritethroughCheck.cpp --------------------------------------===//

#include "UnneededWritethroughCheck.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void UnneededWritethroughCheck::checkCopyCall(const CopyCall &C) {
  Family Fam = C.family();
  if (Fam != Family::Writethrough && Fam != Family::Persist)
    return;
  const Expr *Dst = C.dst();
  if (!Dst)
    return;
  // A template body is shared by its instantiations: one with an ordinary
  // destination proves nothing about the others (and a rewrite would reach them all).
  if (const FunctionDecl *F = C.Analysis.enclosingFunction(C.Call);
      F && (F->isTemplateInstantiation() || F->isDependentContext()))
    return;
  Provenance P = C.Analysis.pointerOf(Dst);
  if (!P.only(MemKind::RAM))
    return;

  std::string WhyNot;
  std::optional<StringRef> To;
  std::optional<FixItHint> Fix;
  if (Fam == Family::Persist) {
    WhyNot = "a persist copy also fences; replacing it could remove ordering that "
             "later code relies on";
  } else if (C.Fn.Fam == Family::Libpmem) {
    WhyNot = "the flags choose the write-back: PMEM_F_MEM_NOFLUSH, or an ordinary "
             "memcpy(), leaves ordinary memory alone";
  } else {
    To = pickCounterpart(C.Fn.Nocache, C.Ctx, WhyNot);
    if (To)
      Fix = renameCallee(C.Call, *To, C.Ctx, WhyNot);
  }
  {
    auto D =
        diag(C.Call->getBeginLoc(),
             "%0 writes its destination back to memory, but the destination is "
             "ordinary memory: the write-backs are wasted; use %1")
        << C.Fn.Name
        << (To ? ("'" + *To + "'").str() : std::string("an ordinary or nocache copy"));
    if (Fix)
      D << *Fix;
  }
  explain(Dst, P, MemKind::RAM, C.Ctx);
  if (!Fix)
    noFixNote(C.Call, C.Fn.Advice.empty() ? WhyNot : C.Fn.Advice.str());
}

} // namespace copyintent::checker
