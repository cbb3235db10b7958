//===- TidyCheck.h - A copyintent check as a clang-tidy check ---*- C++ -*-===//
//
// Runs a CopyCallCheck inside clang-tidy: options come from .clang-tidy CheckOptions
// (the check's own, else the global ones), diagnostics go through clang-tidy's, so
// NOLINT, -fix and --export-fixes work as for any check. One match per translation
// unit: the provenance index walks every function body anyway and lists the calls it
// meets, so the check takes its calls from it instead of having the matcher try every
// call expression once per check.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_TIDYCHECK_H
#define COPYINTENT_CHECKER_TIDYCHECK_H

#include "CheckHost.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace copyintent::checker {

template <typename Check>
class TidyCheck final : public clang::tidy::ClangTidyCheck, private CheckHost {
public:
  TidyCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), C(Name, *this) {}

  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override {
    for (const auto &[Name, Value] : C.options())
      Options.store(Opts, Name, Value);
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override {
    Finder->addMatcher(clang::ast_matchers::translationUnitDecl().bind("tu"), this);
  }
  void registerPPCallbacks(const clang::SourceManager &, clang::Preprocessor *PP,
                           clang::Preprocessor *) override {
    C.setPreprocessor(PP);
  }
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override {
    if (Result.Nodes.getNodeAs<clang::TranslationUnitDecl>("tu"))
      C.checkTranslationUnit(*Result.Context);
  }
  void onEndOfTranslationUnit() override { C.endTranslationUnit(); }

private:
  Check C;

  std::string option(llvm::StringRef Name, llvm::StringRef Default) const override {
    return Options.getLocalOrGlobal(Name, Default).str();
  }
  clang::DiagnosticBuilder report(clang::SourceLocation Loc, llvm::StringRef Format,
                                  clang::DiagnosticIDs::Level Level) override {
    return diag(Loc, Format, Level);
  }
  clang::DiagnosticBuilder configurationError(llvm::StringRef Format) override {
    return configurationDiag(Format, clang::DiagnosticIDs::Error);
  }
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_TIDYCHECK_H
