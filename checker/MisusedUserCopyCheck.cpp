//===- MisusedUserCopyCheck.cpp -------------------------------------------===//

#include "MisusedUserCopyCheck.h"

#include "clang/AST/Expr.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void MisusedUserCopyCheck::checkCopyCall(const CopyCall &C) {
  if (!C.Fn.UserSource || !C.src())
    return;
  const Expr *Inner = nullptr;
  if (!C.Analysis.isCastToUser(C.src(), Inner))
    return;
  // An MMIO destination is copyintent-nocache-to-iomem's finding (memcpy_toio).
  if (const Expr *Dst = C.dst(); Dst && C.Analysis.pointerOf(Dst).has(MemKind::MMIO))
    return;

  std::string WhyNot;
  std::optional<StringRef> To = pickCounterpart(C.Fn.KernelNocache, C.Ctx, WhyNot);
  SmallVector<FixItHint, 3> Fixes;
  unsigned NArgs = C.Call->getNumArgs();
  if (To) {
    // Same (dst, src, n); a trailing zerorest of 0 (__copy_user_nocache) is dropped,
    // anything else is not ours to decide.
    if (NArgs == 4) {
      Expr::EvalResult R;
      const Expr *Last = C.Call->getArg(3);
      if (!Last->EvaluateAsInt(R, C.Ctx) || R.Val.getInt() != 0)
        WhyNot = "its zerorest argument is not 0";
    } else if (NArgs != 3) {
      WhyNot = "the arguments differ";
    }
    if (WhyNot.empty())
      if (std::optional<FixItHint> F = renameCallee(C.Call, *To, C.Ctx, WhyNot))
        Fixes.push_back(*F);
    if (WhyNot.empty())
      if (std::optional<FixItHint> F = stripCast(C.src(), Inner, "source", C.Ctx, WhyNot))
        Fixes.push_back(*F);
    if (WhyNot.empty()) {
      if (NArgs == 4) {
        CharSourceRange Size = fileRange(C.Call->getArg(2), C.Ctx);
        CharSourceRange Zero = fileRange(C.Call->getArg(3), C.Ctx);
        if (Size.isInvalid() || Zero.isInvalid())
          WhyNot = "the arguments are written inside a macro";
        else
          Fixes.push_back(FixItHint::CreateRemoval(
              CharSourceRange::getCharRange(Size.getEnd(), Zero.getEnd())));
      }
    }
    if (!WhyNot.empty())
      Fixes.clear();
  }
  diag(C.Call->getBeginLoc(),
       "%0 is a user-copy primitive, but its source is a kernel pointer cast to "
       "__user: this is a kernel-to-kernel copy; use %1")
      << C.Fn.Name
      << (To ? ("'" + *To + "'").str()
             : std::string("a kernel-pointer copy (memcpy, or the era's nocache copy)"))
      << Fixes;
  diag(C.src()->getBeginLoc(), "the source '%0' is not user memory", DiagnosticIDs::Note)
      << spell(Inner, C.Ctx);
  if (Fixes.empty())
    noFixNote(C.Call, WhyNot.empty() ? "no kernel-pointer nocache copy exists" : WhyNot);
}

} // namespace copyintent::checker
