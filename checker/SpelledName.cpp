//===- SpelledName.cpp - The name a statement is written with -------------===//

#include "SpelledName.h"

#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

SmallVector<StringRef, 4> macrosOf(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SmallVector<StringRef, 4> Names;
  for (int I = 0; Loc.isMacroID() && I < 16; ++I) {
    if (!SM.isMacroArgExpansion(Loc))
      Names.push_back(Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()));
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  std::reverse(Names.begin(), Names.end());
  return Names;
}

StringRef spelledAs(const Stmt *S, const ASTContext &Ctx,
                    function_ref<bool(StringRef)> Known) {
  for (StringRef M : macrosOf(S->getBeginLoc(), Ctx))
    if (Known(M))
      return M;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier() && Known(F->getName()))
        return F->getName();
  return {};
}

} // namespace copyintent::checker
