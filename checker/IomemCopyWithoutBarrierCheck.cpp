//===- IomemCopyWithoutBarrierCheck.cpp -----------------------------------===//

#include "IomemCopyWithoutBarrierCheck.h"

#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void IomemCopyWithoutBarrierCheck::checkCopyCall(const CopyCall &C) {
  // A copy into device memory: an MMIO copy (memcpy_toio, __iowrite64_copy,
  // memset_io), or any copy whose destination is MMIO.
  const Expr *Dst = C.dst();
  if (!Dst || (C.Fn.Fam != Family::ToIO && !C.Analysis.pointerOf(Dst).has(MemKind::MMIO)))
    return;
  if (!Flow)
    Flow = std::make_unique<IoOrderFlow>(C.Ctx);
  const SourceManager &SM = C.Ctx.getSourceManager();
  for (const IoOrderFlow::Doorbell &D :
       Flow->unorderedDoorbells(C.Call, C.Analysis.enclosingFunction(C.Call))) {
    if (!Reported.insert(D.Write).second)
      continue;
    std::string WhyNot;
    std::optional<FixItHint> Fix = orderedRewrite(D, C.Ctx, WhyNot);
    StringRef Ordered = orderedMmioWrite(D.Name);
    {
      auto Diag = diag(SM.getExpansionLoc(D.Write->getBeginLoc()),
                       "%0 may reach the device before the data that %1 wrote (line %2): "
                       "a relaxed MMIO write is not ordered after earlier write-combining "
                       "or ordinary stores; %select{use %4, or |}3put wmb() or dma_wmb() "
                       "before it")
                  << D.Name << C.Fn.Name
                  << SM.getExpansionLineNumber(C.Call->getBeginLoc()) << Ordered.empty()
                  << ("'" + Ordered + "'").str();
      if (Fix)
        Diag << *Fix;
    }
    diag(C.Call->getBeginLoc(), "the data is written into device memory here",
         DiagnosticIDs::Note);
    if (!Fix)
      noFixNote(C.Call, WhyNot);
  }
}

std::optional<FixItHint>
IomemCopyWithoutBarrierCheck::orderedRewrite(const IoOrderFlow::Doorbell &D,
                                             ASTContext &Ctx, std::string &WhyNot) const {
  StringRef Ordered = orderedMmioWrite(D.Name);
  if (Ordered.empty()) {
    WhyNot = (D.Name + " also leaves out writel()'s byte swap on big-endian machines; "
                       "put wmb() or dma_wmb() before it")
                 .str();
    return std::nullopt;
  }
  if (!isDeclared(Ctx, Ordered)) {
    WhyNot = ("'" + Ordered + "' is not declared in this translation unit").str();
    return std::nullopt;
  }
  // The name as written in the file: the call's own callee, or the macro call whose
  // name it is (x86's writel_relaxed(v, a) is a macro around __writel()).
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = D.Write->getCallee()->IgnoreParenImpCasts()->getExprLoc();
  if (Loc.isMacroID())
    Loc = SM.getExpansionLoc(Loc);
  if (!Loc.isFileID() ||
      Lexer::getSourceText(CharSourceRange::getTokenRange(Loc, Loc), SM,
                           Ctx.getLangOpts()) != D.Name) {
    WhyNot = ("the call of " + D.Name + " is spelled inside another macro").str();
    return std::nullopt;
  }
  return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Loc, Loc), Ordered);
}

} // namespace copyintent::checker
