//===- NocacheToIomemCheck.cpp --------------------------------------------===//

#include "NocacheToIomemCheck.h"

#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void NocacheToIomemCheck::checkCopyCall(const CopyCall &C) {
  if (C.Fn.Fam != Family::Nocache && C.Fn.Fam != Family::UserCopy)
    return;
  const Expr *Dst = C.dst();
  if (!Dst)
    return;
  Provenance P = C.Analysis.pointerOf(Dst);
  if (!P.has(MemKind::MMIO))
    return;

  // The source must be kernel memory for memcpy_toio: no __user marking on it, or a
  // kernel pointer that was only cast to __user to fit the user-copy primitive.
  const Expr *Src = C.src();
  const Expr *Inner = nullptr;
  bool CastToUser = Src && C.Analysis.isCastToUser(Src, Inner);
  const Expr *KernelSrc = CastToUser ? Inner : Src;
  std::string WhyNot;
  bool SrcIsKernel = KernelSrc && !C.Analysis.pointerOf(KernelSrc).has(MemKind::User);
  if (!SrcIsKernel)
    WhyNot = "the source is user memory: copy_from_user() it into a kernel buffer "
             "first, or, where the x86 nocache user copy into the window is deliberate, "
             "say so with NOLINT";
  else if (C.Fn.Dst != 0 || C.Fn.Src != 1 || C.Fn.Size != 2 || C.Call->getNumArgs() != 3)
    WhyNot = "memcpy_toio() takes (dst, src, n); the arguments differ";
  else if (!isDeclared(C.Ctx, "memcpy_toio"))
    WhyNot = "'memcpy_toio' is not declared in this translation unit";

  SmallVector<FixItHint, 2> Fixes;
  if (WhyNot.empty()) {
    if (std::optional<FixItHint> F = renameCallee(C.Call, "memcpy_toio", C.Ctx, WhyNot))
      Fixes.push_back(*F);
    // A cast that stripped __iomem to fit the old primitive ((void __force *)offset)
    // is not wanted by memcpy_toio, which takes the __iomem pointer itself.
    if (WhyNot.empty())
      if (const auto *DC = dyn_cast<ExplicitCastExpr>(Dst->IgnoreParenImpCasts())) {
        const Expr *In = DC->getSubExpr()->IgnoreParenImpCasts();
        CharSourceRange Outer = fileRange(DC, C.Ctx), Inside = fileRange(In, C.Ctx);
        if (!C.Analysis.pointerOf(In).has(MemKind::MMIO))
          ; // the cast is not about __iomem: leave it
        else if (Outer.isInvalid() || Inside.isInvalid())
          WhyNot = "the destination argument is written inside a macro";
        else
          Fixes.push_back(FixItHint::CreateReplacement(
              Outer, Lexer::getSourceText(Inside, C.Ctx.getSourceManager(),
                                          C.Ctx.getLangOpts())));
      }
    if (WhyNot.empty() && CastToUser) {
      CharSourceRange Outer = fileRange(Src, C.Ctx);
      CharSourceRange In = fileRange(Inner, C.Ctx);
      if (Outer.isInvalid() || In.isInvalid())
        WhyNot = "the source argument is written inside a macro";
      else
        Fixes.push_back(FixItHint::CreateReplacement(
            Outer,
            Lexer::getSourceText(In, C.Ctx.getSourceManager(), C.Ctx.getLangOpts())));
    }
    if (!WhyNot.empty())
      Fixes.clear();
  }
  diag(C.Call->getBeginLoc(),
       "%0 writes to MMIO (__iomem) memory through a %1 copy meant for ordinary memory; "
       "use memcpy_toio()")
      << C.Fn.Name << familyName(C.Fn.Fam) << Fixes;
  explain(Dst, P, MemKind::MMIO, C.Ctx);
  if (!WhyNot.empty())
    diag(C.Call->getBeginLoc(), "no automatic fix: %0", DiagnosticIDs::Note) << WhyNot;
}

} // namespace copyintent::checker
