//===- RedundantFlushCheck.h ------------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_REDUNDANTFLUSHCHECK_H
#define COPYINTENT_CHECKER_REDUNDANTFLUSHCHECK_H

#include "CopyCallCheck.h"
#include "RedundantWriteBackFlow.h"

namespace copyintent::checker {

/// Finds durability work done twice: a flush (or a persist's write-back) of
/// persistent memory that every path has already written back, a flush under eADR,
/// and a drain that every path reaches with nothing left to wait for. Performance:
/// kernel code (a translation unit that defines __KERNEL__) only with InKernelCode.
///
/// Docs: docs/checks/copyintent-redundant-flush.md
class RedundantFlushCheck : public CopyCallCheck {
public:
  RedundantFlushCheck(llvm::StringRef Name, CheckHost &Host)
      : CopyCallCheck(Name, Host), InKernelCode(boolOption("InKernelCode")) {}

protected:
  void checkCopyCall(const CopyCall &) override {}
  void checkWholeTranslationUnit(clang::ASTContext &Ctx, ProvenanceAnalysis &A) override;

private:
  void checkFlush(const clang::CallExpr *F, RedundantWriteBackFlow &Flow,
                  clang::ASTContext &Ctx);
  void checkDrain(const clang::Stmt *D, const clang::FunctionDecl *Fn,
                  RedundantWriteBackFlow &Flow, clang::ASTContext &Ctx);
  /// Removes the statement S (with its line when it has one to itself): nullopt, with
  /// WhyNot, when S is not a statement of its own written in the file, or its
  /// arguments do something.
  std::optional<clang::FixItHint> removal(const clang::Stmt *S, clang::ASTContext &Ctx,
                                          std::string &WhyNot) const;
  /// Replaces the persist call P by the drain of its API.
  std::optional<clang::FixItHint> drainInstead(const clang::CallExpr *P,
                                               const PersistDrain &Drain,
                                               clang::ASTContext &Ctx,
                                               std::string &WhyNot) const;
  void noFix(const clang::Stmt *S, llvm::StringRef Why);

  const bool InKernelCode;
};

} // namespace copyintent::checker

#endif
