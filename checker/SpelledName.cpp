//===- SpelledName.cpp - The name a statement is written with -------------===//

#include "SpelledName.h"
#include "MemorySources.h"

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

static bool wordNamed(SourceLocation B, SourceLocation E, const ASTContext &Ctx,
                      const std::vector<std::string> &Names) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (B.isInvalid() || E.isInvalid() || SM.getFileID(B) != SM.getFileID(E) ||
      SM.isBeforeInTranslationUnit(E, B))
    return false;
  StringRef Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(B, E), SM, Ctx.getLangOpts());
  // Identifiers of the written text, so a macro that expands to nothing still counts.
  size_t I = 0;
  while (I < Text.size()) {
    if (isalpha(static_cast<unsigned char>(Text[I])) || Text[I] == '_') {
      size_t J = I;
      while (J < Text.size() &&
             (isalnum(static_cast<unsigned char>(Text[J])) || Text[J] == '_'))
        ++J;
      StringRef Word = Text.slice(I, J);
      if (llvm::any_of(Names, [&](const std::string &N) { return Word == N; }))
        return true;
      I = J;
    } else {
      ++I;
    }
  }
  return false;
}

bool rangeNames(SourceRange R, const ASTContext &Ctx,
                const std::vector<std::string> &Names) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (wordNamed(SM.getExpansionLoc(R.getBegin()), SM.getExpansionLoc(R.getEnd()), Ctx,
                Names))
    return true;
  // Written inside a macro's body (u64_to_user_ptr(x) is `(void __user *)...`): the
  // marking is in the definition's text, not at the use.
  // Only when the whole range is one macro body's text: a declaration whose name is a
  // macro argument spans from the body to the call site, and the text between them
  // (other declarations) says nothing about it.
  SourceLocation B = R.getBegin(), E = R.getEnd();
  return B.isMacroID() && E.isMacroID() && SM.isMacroBodyExpansion(B) &&
         SM.isMacroBodyExpansion(E) && SM.getExpansionLoc(B) == SM.getExpansionLoc(E) &&
         wordNamed(SM.getSpellingLoc(B), SM.getSpellingLoc(E), Ctx, Names);
}

const MappingFlagRule *spelledFlagRule(const CallExpr *CE, StringRef Callee,
                                       const ASTContext &Ctx) {
  for (const MappingFlagRule &R : mappingFlagRules()) {
    if (!R.appliesTo(Callee))
      continue;
    if (R.FlagsArg >= 0 && unsigned(R.FlagsArg) >= CE->getNumArgs())
      continue;
    SourceRange Where =
        R.FlagsArg < 0 ? CE->getSourceRange() : CE->getArg(R.FlagsArg)->getSourceRange();
    if (rangeNames(Where, Ctx, {R.Flag.str()}))
      return &R;
  }
  return nullptr;
}

} // namespace copyintent::checker
