//===- NocacheToIomemCheck.cpp --------------------------------------------===//

#include "NocacheToIomemCheck.h"

#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

NocacheToIomemCheck::NocacheToIomemCheck(StringRef Name, CheckHost &Host)
    : CopyCallCheck(Name, Host), ReportUserSources(boolOption("ReportUserSources")) {}

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
  bool SrcIsKernel = KernelSrc && !C.Analysis.pointerOf(KernelSrc).has(MemKind::User);
  if (!SrcIsKernel) {
    // A copy from user space into an io mapping (a write-combining aperture whose
    // __iomem was cast away on purpose, a persistent-RAM zone behind ioremap): the
    // kernel has no user-to-io copy, and such code is deliberate where it works.
    // memcpy_toio() cannot take a __user source, so there is nothing to suggest.
    if (!ReportUserSources)
      return;
    diag(C.Call->getBeginLoc(),
         "%0 copies user memory straight into MMIO (__iomem) memory through a %1 copy "
         "meant for ordinary memory")
        << C.Fn.Name << familyName(C.Fn.Fam);
    explain(Dst, P, MemKind::MMIO, C.Ctx);
    noFixNote(C.Call, "memcpy_toio() cannot take a user source; copy_from_user() into a "
                      "kernel buffer, then memcpy_toio(), or keep the deliberate copy and "
                      "say so with NOLINT");
    return;
  }
  std::string WhyNot;
  if (C.Fn.Dst != 0 || C.Fn.Src != 1 || C.Fn.Size != 2 || C.Call->getNumArgs() != 3)
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
        // Only a cast that is about __iomem goes.
        if (C.Analysis.pointerOf(In).has(MemKind::MMIO))
          if (std::optional<FixItHint> F = stripCast(DC, In, "destination", C.Ctx, WhyNot))
            Fixes.push_back(*F);
      }
    if (WhyNot.empty() && CastToUser)
      if (std::optional<FixItHint> F = stripCast(Src, Inner, "source", C.Ctx, WhyNot))
        Fixes.push_back(*F);
    if (!WhyNot.empty())
      Fixes.clear();
  }
  diag(C.Call->getBeginLoc(),
       "%0 writes to MMIO (__iomem) memory through a %1 copy meant for ordinary memory; "
       "use memcpy_toio()")
      << C.Fn.Name << familyName(C.Fn.Fam) << Fixes;
  explain(Dst, P, MemKind::MMIO, C.Ctx);
  if (!WhyNot.empty())
    noFixNote(C.Call, WhyNot);
}

} // namespace copyintent::checker
